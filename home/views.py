"""Public views that are not pages: the shelters list (避難所の開設状況)."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .models import Shelter, ShelterStatus


STATUS_ORDER = {ShelterStatus.OPEN: 0, ShelterStatus.FULL: 1, ShelterStatus.CLOSED: 2}


@never_cache
def shelters(request):
    """Every shelter with its status, open ones first (also used inside LINE)."""
    rows = sorted(
        Shelter.objects.prefetch_related("areas"),
        key=lambda s: (STATUS_ORDER.get(s.status, 9), s.name),
    )
    return render(request, "home/shelters.html", {"shelters": rows})

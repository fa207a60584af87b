"""Public views of content that is not a page: the garbage calendar feed and the
shelters list (避難所の開設状況)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from .garbage_ical import garbage_calendar
from .models import Area, CitySettings, Shelter, ShelterStatus


STATUS_ORDER = {ShelterStatus.OPEN: 0, ShelterStatus.FULL: 1, ShelterStatus.CLOSED: 2}


def garbage_calendar_ics(request: HttpRequest, area_id: int) -> HttpResponse:
    """``/garbage/calendar/<地区 id>.ics``: subscribe to it from a phone calendar."""
    area = get_object_or_404(Area, pk=area_id)
    city_name = CitySettings.load(request_or_site=request).city_name
    calendar = garbage_calendar(area, city_name, host=request.get_host().split(":")[0])
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="garbage-{area.pk}.ics"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


@never_cache
def shelters(request):
    """Every shelter with its status, open ones first (also used inside LINE)."""
    rows = sorted(
        Shelter.objects.prefetch_related("areas"),
        key=lambda s: (STATUS_ORDER.get(s.status, 9), s.name),
    )
    return render(request, "home/shelters.html", {"shelters": rows})

"""``{% disaster_mode_banner %}``: in disaster mode, every web page leads with the
active notices and the open shelters (base.html includes it above the content)."""

from django import template

from home import disaster_mode
from home.models import DisasterNoticePage, Shelter, ShelterStatus


register = template.Library()

MAX_NOTICES = 5


@register.inclusion_tag("home/includes/disaster_mode_banner.html", takes_context=True)
def disaster_mode_banner(context):
    if not disaster_mode.is_active():
        return {"active": False}
    return {
        "active": True,
        "request": context.get("request"),
        "notices": list(DisasterNoticePage.active_notices()[:MAX_NOTICES]),
        "open_shelters": list(
            Shelter.objects.filter(status=ShelterStatus.OPEN).order_by("name")
        ),
    }

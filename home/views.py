"""Public views of content that is not a page: the garbage calendar feed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .garbage_ical import garbage_calendar
from .models import Area, CitySettings


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

"""The garbage calendar of one 地区 as an iCalendar feed (RFC 5545) for phone calendars."""

import datetime

from django.utils import timezone

import icalendar

from .collection_calendar import (
    collected_categories,
    collection_areas_for,
    collection_dates,
    describe,
)
from .models import Area


#: The feed covers a month back (so today's week is complete) and a year ahead.
DAYS_BACK = 31
DAYS_AHEAD = 366


def garbage_calendar(
    area: Area, city_name: str, host: str, today: datetime.date | None = None
) -> icalendar.Calendar:
    """One all-day event per category and collection day, titled in Japanese."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=DAYS_BACK)
    end = today + datetime.timedelta(days=DAYS_AHEAD)
    name = f"{city_name} ごみ収集日（{area.name}）"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Otake LINE Hub//garbage calendar//JA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)  # what Google and Apple calendars read
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    calendar.add(
        "refresh-interval", datetime.timedelta(days=1), parameters={"VALUE": "DURATION"}
    )
    stamp = timezone.now().replace(microsecond=0)
    for collection_area in collection_areas_for([area.pk]):
        for category in collected_categories(collection_area):
            rules = describe(collection_area, category)
            for day in collection_dates(collection_area, category, start, end):
                event = icalendar.Event()
                # Stable per area, category and day, so a refresh updates, not duplicates.
                event.add(
                    "uid",
                    f"garbage-{collection_area.pk}-{category.pk}-{day:%Y%m%d}@{host}",
                )
                event.add("dtstamp", stamp)
                event.add("dtstart", day)
                event.add("dtend", day + datetime.timedelta(days=1))
                event.add("summary", f"{category.name}の収集日")
                description = category.how_to_put_out
                if rules:
                    description = f"{collection_area.name}: {rules}\n{description}"
                event.add("description", description)
                event.add("categories", [category.name])
                event.add("transp", "TRANSPARENT")
                calendar.add_component(event)
    return calendar

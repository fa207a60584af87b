"""The per-地区 iCalendar feed that residents subscribe to from a phone calendar."""

import datetime

from django.utils import timezone

import icalendar
import pytest

from home.models import (
    CollectionArea,
    CollectionCenter,
    CollectionClosure,
    CollectionSchedule,
)
from tests.factories import AreaFactory, GarbageCategoryFactory


pytestmark = pytest.mark.django_db


@pytest.fixture
def kuba():
    kuba = AreaFactory(name="玖波")
    collection_area = CollectionArea.objects.create(name="玖波地区")
    collection_area.areas.set([kuba])
    collection_area.save()
    burnable = GarbageCategoryFactory(
        name="燃やせるごみ", how_to_put_out="指定袋で朝8時までに。"
    )
    CollectionSchedule.objects.create(
        collection_area=collection_area, category=burnable, weekly_days=[0, 3]
    )
    bottles = GarbageCategoryFactory(name="ペットボトル")
    CollectionSchedule.objects.create(
        collection_area=collection_area,
        category=bottles,
        nth_weeks=[2, 4],
        nth_days=[2],
    )
    return kuba, collection_area


def test_feed_parses_back_with_japanese_all_day_events(client, kuba):
    area, _ = kuba
    response = client.get(f"/garbage/calendar/{area.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    # RFC 5545 §3.1: CRLF line endings, lines folded at 75 octets.
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))

    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["version"] == "2.0" and calendar["prodid"]
    assert "玖波" in str(calendar["x-wr-calname"])
    events = calendar.walk("VEVENT")
    today = timezone.localdate()
    burnable = [e for e in events if str(e["summary"]) == "燃やせるごみの収集日"]
    bottles = [e for e in events if str(e["summary"]) == "ペットボトルの収集日"]
    # Twice a week for about 13 months; twice a month.
    assert 100 < len(burnable) < 120
    assert 20 < len(bottles) < 30
    for event in events:
        day = event.decoded("dtstart")
        assert type(day) is datetime.date  # all-day (VALUE=DATE)
        assert event.decoded("dtend") == day + datetime.timedelta(days=1)
        assert event["uid"] and event["dtstamp"]
    burnable_days = {e.decoded("dtstart") for e in burnable}
    assert all(day.weekday() in (0, 3) for day in burnable_days)
    next_thursday = today + datetime.timedelta(days=(3 - today.weekday()) % 7)
    assert next_thursday in burnable_days
    assert "指定袋で朝8時までに。" in str(burnable[0]["description"])
    # UIDs are unique, so phone calendars update rather than duplicate.
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_feed_leaves_out_the_year_end_closure(client, kuba):
    area, collection_area = kuba
    year = timezone.localdate().year
    center = CollectionCenter.objects.create(name="大竹市")
    CollectionClosure.objects.create(
        center=center,
        start=datetime.date(year, 12, 29),
        end=datetime.date(year + 1, 1, 3),
    )
    collection_area.center = center
    collection_area.save()
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/garbage/calendar/{area.pk}.ics").content
    )
    days = {e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert days
    assert not any(
        datetime.date(year, 12, 29) <= day <= datetime.date(year + 1, 1, 3)
        for day in days
    )


def test_unknown_area_is_404_and_area_without_rules_is_an_empty_calendar(client):
    assert client.get("/garbage/calendar/999999.ics").status_code == 404
    area = AreaFactory(name="阿多田")
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/garbage/calendar/{area.pk}.ics").content
    )
    assert calendar.walk("VEVENT") == []

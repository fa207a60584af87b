"""ごみ収集カレンダー (LIFF): next collections, a month view and item search for a 地区."""

import calendar as month_calendar
from dataclasses import dataclass, field
import datetime

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from home.collection_calendar import (
    collection_areas_for,
    collections_between,
    format_day,
    holiday_name,
    next_collection_date,
    next_collections,
)
from home.models import Area, CollectionArea, GarbageCategory, GarbageItem

from ..chat.text import garbage_search
from ..models import Friend
from .auth import liff_login_required


WEEKDAY_HEADINGS = "日月火水木金土"


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    holiday: str | None
    categories: list[GarbageCategory] = field(default_factory=list)


def _month(request: HttpRequest, today: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return today.replace(day=1)


def month_weeks(
    collection_area: CollectionArea, first: datetime.date, today: datetime.date
) -> list[list[CalendarDay]]:
    """The month as weeks from Sunday, each day with what is collected."""
    weeks = month_calendar.Calendar(firstweekday=6).monthdatescalendar(
        first.year, first.month
    )
    by_day = collections_between(collection_area, weeks[0][0], weeks[-1][-1])
    return [
        [
            CalendarDay(
                date=day,
                in_month=day.month == first.month,
                is_today=day == today,
                holiday=holiday_name(day),
                categories=by_day.get(day, []),
            )
            for day in week
        ]
        for week in weeks
    ]


def _collection_areas(request: HttpRequest, friend: Friend) -> tuple[list, Area | None]:
    """The 収集地区 to show: a 地区 picked on the page, else the friend's own."""
    value = request.GET.get("area", "")
    picked = Area.objects.filter(pk=int(value)).first() if value.isdigit() else None
    area_ids = (
        [picked.pk] if picked else list(friend.areas.values_list("pk", flat=True))
    )
    return list(collection_areas_for(area_ids)), picked


def _search(query: str, collection_areas: list, today: datetime.date) -> dict:
    """The chat's garbage search, with the next day the item goes out in this 地区."""
    if not query:
        return {}
    result = garbage_search(query)
    if result.best is None:
        return {"query": query, "found": False}
    keys = [result.best.key] if result.is_confident else [m.key for m in result.matches]
    items = GarbageItem.objects.select_related("category").in_bulk(keys)
    answers = []
    for key in keys:
        item = items.get(key)
        if item is None:
            continue
        next_days = [
            (area.name, next_collection_date(area, item.category, today))
            for area in collection_areas
        ]
        answers.append(
            {
                "item": item,
                "next_days": [
                    (name, format_day(day)) for name, day in next_days if day
                ],
            }
        )
    return {
        "query": query,
        "found": bool(answers),
        "confident": result.is_confident,
        "answers": answers,
    }


@require_GET
@liff_login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    friend: Friend = request.friend
    today = timezone.localdate()
    first = _month(request, today)
    collection_areas, picked = _collection_areas(request, friend)
    sections = [
        {
            "collection_area": area,
            "next": next_collections(area, today),
            "weeks": month_weeks(area, first, today),
            "ical_area": picked or next(iter(area.areas.all()), None),
        }
        for area in collection_areas
    ]
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    query = request.GET.get("q", "").strip()[:50]
    return TemplateResponse(
        request,
        "line_delivery/liff/calendar.html",
        {
            "sections": sections,
            "areas": Area.objects.all(),
            "picked_area": picked,
            "month": first,
            "month_label": f"{first.year}年{first.month}月",
            "previous_month": previous_month.strftime("%Y-%m"),
            "next_month": next_month.strftime("%Y-%m"),
            "weekday_headings": WEEKDAY_HEADINGS,
            "search": _search(query, collection_areas, today),
            "query": query,
            "settings_url": reverse("liff:settings"),
        },
    )

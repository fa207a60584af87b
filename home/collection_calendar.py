"""The garbage-collection rules engine: which category is collected on which day.

Public API (used by the chat, the garbage guide page, the iCalendar feed, the LIFF
calendar and the reminder job)::

    collection_dates(collection_area, category, start, end) -> list[date]
    next_collections(collection_area, on_or_after) -> list[NextCollection]
    collections_on(day) -> dict[int, list[GarbageCategory]]
    collections_between(collection_area, start, end) -> dict[date, list[GarbageCategory]]

How a day is decided for one category in one 収集地区:

1. a rule (``CollectionSchedule``) names it: weekly day, nth weekday, allowed month;
2. it is dropped when it falls in a closure of the area's centre (年末年始), and when
   it is a Japanese public holiday and the category is not collected on holidays;
3. dated exceptions (``CollectionException``) then cancel days and add moved or extra
   days; an explicit new date is kept even inside a closure or on a holiday.

Functions take model instances and read their related rows through ``.all()``, so a
caller that prefetches (``prefetch_collection_rules``) avoids per-area queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass
import datetime
from functools import lru_cache

from django.db.models import Prefetch, QuerySet

import holidays

from .models import (
    CollectionArea,
    CollectionClosure,
    CollectionException,
    CollectionSchedule,
    GarbageCategory,
)


ONE_DAY = datetime.timedelta(days=1)
#: How far ahead ``next_collections`` looks (a yearly collection is still found).
HORIZON_DAYS = 400
WEEKDAY_LABELS = "月火水木金土日"


@dataclass(frozen=True)
class NextCollection:
    """The next day on which one category is collected."""

    category: GarbageCategory
    date: datetime.date

    @property
    def label(self) -> str:
        """「11月27日(木)」, the way the chat and the pages show a date."""
        return format_day(self.date)


def format_day(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日({WEEKDAY_LABELS[day.weekday()]})"


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[datetime.date, str]:
    # The `holidays` package ships its data: nothing is fetched at run time.
    return dict(holidays.Japan(years=year, language="ja").items())


def holiday_name(day: datetime.date) -> str | None:
    """The Japanese public holiday (including 振替休日) on this day, if any."""
    return _holidays_of(day.year).get(day)


def is_public_holiday(day: datetime.date) -> bool:
    return day in _holidays_of(day.year)


def prefetch_collection_rules(
    queryset: "QuerySet[CollectionArea] | None" = None,
) -> "QuerySet[CollectionArea]":
    """Collection areas with everything the engine reads, in a fixed number of queries."""
    queryset = CollectionArea.objects.all() if queryset is None else queryset
    return queryset.select_related("center").prefetch_related(
        Prefetch(
            "schedules",
            queryset=CollectionSchedule.objects.select_related("category"),
        ),
        Prefetch(
            "exceptions",
            queryset=CollectionException.objects.select_related("category"),
        ),
        Prefetch("center__closures", queryset=CollectionClosure.objects.all()),
        "areas",
    )


def _closures(collection_area: CollectionArea) -> list[CollectionClosure]:
    if collection_area.center_id is None:
        return []
    return list(collection_area.center.closures.all())


def _rules_for(
    collection_area: CollectionArea, category_id: int
) -> list[CollectionSchedule]:
    return [s for s in collection_area.schedules.all() if s.category_id == category_id]


def _category(collection_area: CollectionArea, category) -> GarbageCategory:
    if isinstance(category, GarbageCategory):
        return category
    for schedule in collection_area.schedules.all():
        if schedule.category_id == category:
            return schedule.category
    return GarbageCategory.objects.get(pk=category)


def collection_dates(
    collection_area: CollectionArea,
    category: GarbageCategory | int,
    start: datetime.date,
    end: datetime.date,
) -> list[datetime.date]:
    """The dates in [start, end] on which ``category`` is collected in the area."""
    category = _category(collection_area, category)
    rules = _rules_for(collection_area, category.pk)
    closures = _closures(collection_area)
    dates: set[datetime.date] = set()
    if any(rule.weekly_days or rule.nth_days for rule in rules):
        day = start
        while day <= end:
            if (
                any(rule.matches(day) for rule in rules)
                and not any(closure.covers(day) for closure in closures)
                and (category.collect_on_holidays or not is_public_holiday(day))
            ):
                dates.add(day)
            day += ONE_DAY
    for exception in _exceptions_for(collection_area, category.pk, rules):
        if exception.date:
            dates.discard(exception.date)
    for exception in _exceptions_for(collection_area, category.pk, rules):
        if exception.new_date and start <= exception.new_date <= end:
            dates.add(exception.new_date)
    return sorted(dates)


def _exceptions_for(
    collection_area: CollectionArea,
    category_id: int,
    rules: list[CollectionSchedule],
) -> Iterable[CollectionException]:
    """Exceptions that concern this category.

    One for a named category always applies. One for every category (no category)
    applies only where the category's own rules name the original day: moving
    「12/31 → 12/30」 must not add 12/30 to categories that were never due on 12/31.
    """
    for exception in collection_area.exceptions.all():
        if exception.category_id == category_id or (
            exception.category_id is None
            and exception.date
            and any(rule.matches(exception.date) for rule in rules)
        ):
            yield exception


def collected_categories(collection_area: CollectionArea) -> list[GarbageCategory]:
    """Categories the area has any dated rule or extra day for, in display order."""
    by_id: dict[int, GarbageCategory] = {}
    for schedule in collection_area.schedules.all():
        if schedule.weekly_days or schedule.nth_days:
            by_id.setdefault(schedule.category_id, schedule.category)
    for exception in collection_area.exceptions.all():
        if exception.category_id and exception.new_date:
            by_id.setdefault(exception.category_id, exception.category)
    return sorted(by_id.values(), key=lambda c: (c.sort_order, c.name))


def next_collection_date(
    collection_area: CollectionArea,
    category: GarbageCategory | int,
    on_or_after: datetime.date,
) -> datetime.date | None:
    """The first collection day on or after the given day (None within ~13 months)."""
    start = on_or_after
    limit = on_or_after + datetime.timedelta(days=HORIZON_DAYS)
    step = datetime.timedelta(days=45)
    while start <= limit:
        end = min(start + step, limit)
        dates = collection_dates(collection_area, category, start, end)
        if dates:
            return dates[0]
        start = end + ONE_DAY
    return None


def next_collections(
    collection_area: CollectionArea, on_or_after: datetime.date
) -> list[NextCollection]:
    """For each category collected in the area, its next day; soonest first."""
    found = []
    for category in collected_categories(collection_area):
        day = next_collection_date(collection_area, category, on_or_after)
        if day is not None:
            found.append(NextCollection(category=category, date=day))
    return sorted(found, key=lambda n: (n.date, n.category.sort_order, n.category.name))


def collections_between(
    collection_area: CollectionArea, start: datetime.date, end: datetime.date
) -> dict[datetime.date, list[GarbageCategory]]:
    """Day → categories collected that day in [start, end] (a month view, a feed)."""
    days: dict[datetime.date, list[GarbageCategory]] = {}
    for category in collected_categories(collection_area):
        for day in collection_dates(collection_area, category, start, end):
            days.setdefault(day, []).append(category)
    return dict(sorted(days.items()))


def collections_on(day: datetime.date) -> dict[int, list[GarbageCategory]]:
    """collection_area.pk → categories collected that day (for the reminder job).

    Areas with nothing collected that day are left out.
    """
    result: dict[int, list[GarbageCategory]] = {}
    for collection_area in prefetch_collection_rules():
        categories = [
            category
            for category in collected_categories(collection_area)
            if collection_dates(collection_area, category, day, day)
        ]
        if categories:
            result[collection_area.pk] = categories
    return result


def describe(collection_area: CollectionArea, category: GarbageCategory | int) -> str:
    """The category's rules in the area as one line, e.g. 「毎週月曜日・木曜日」."""
    category_id = category.pk if isinstance(category, GarbageCategory) else category
    texts = [
        schedule.days
        for schedule in _rules_for(collection_area, category_id)
        if schedule.days
    ]
    return "、".join(texts)


def collection_areas_for(area_ids: Iterable[int]) -> "QuerySet[CollectionArea]":
    """The 収集地区 that contain any of these 地区 (home.Area ids), prefetched."""
    return prefetch_collection_rules(
        CollectionArea.objects.filter(areas__in=list(area_ids)).distinct()
    )


@dataclass(frozen=True)
class ScheduleLine:
    """One line of an area's schedule table: category, rules text, next day."""

    category: GarbageCategory
    days: str
    next_date: datetime.date | None

    @property
    def next_label(self) -> str:
        return format_day(self.next_date) if self.next_date else ""


def schedule_lines(
    collection_area: CollectionArea, today: datetime.date
) -> list[ScheduleLine]:
    """Every category the area has a rule or extra day for, in display order."""
    categories = {s.category_id: s.category for s in collection_area.schedules.all()}
    for category in collected_categories(collection_area):
        categories.setdefault(category.pk, category)
    return [
        ScheduleLine(
            category=category,
            days=describe(collection_area, category),
            next_date=next_collection_date(collection_area, category, today),
        )
        for category in sorted(
            categories.values(), key=lambda c: (c.sort_order, c.name)
        )
    ]

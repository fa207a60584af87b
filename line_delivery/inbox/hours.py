"""Opening hours per department, with the same holiday data as the garbage calendar."""

import datetime

from django.utils import timezone

from home.collection_calendar import is_public_holiday

from .models import Department


WEEKDAY_NAMES = "月火水木金土日"


def _closed_day(department: Department, day: datetime.date) -> bool:
    if day.weekday() not in (department.weekdays or []):
        return True
    if department.closed_on_holidays and is_public_holiday(day):
        return True
    return department.closed_year_end and (
        (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)
    )


def is_open(department: Department, at: datetime.datetime | None = None) -> bool:
    at = timezone.localtime(at or timezone.now())
    return (
        not _closed_day(department, at.date())
        and department.opens_at <= at.time() < department.closes_at
    )


def next_opening(
    department: Department, at: datetime.datetime | None = None
) -> datetime.datetime | None:
    """When staff are next at their desks (None if the department never opens)."""
    at = timezone.localtime(at or timezone.now())
    day = at.date()
    for offset in range(60):
        candidate = day + datetime.timedelta(days=offset)
        if _closed_day(department, candidate):
            continue
        opening = timezone.make_aware(
            datetime.datetime.combine(candidate, department.opens_at)
        )
        if opening > at:
            return opening
        if offset == 0 and at.time() < department.closes_at:
            return at  # open now
    return None


def format_moment(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return (
        f"{local.month}月{local.day}日（{WEEKDAY_NAMES[local.weekday()]}）"
        f"{local.hour}時{local.minute:02d}分"
    )


def hours_text(department: Department) -> str:
    days = "".join(WEEKDAY_NAMES[d] for d in sorted(department.weekdays or []))
    days = {"月火水木金": "平日", WEEKDAY_NAMES: "毎日"}.get(
        days, f"{'・'.join(days)}曜日"
    )
    closed = []
    if department.closed_on_holidays:
        closed.append("祝日")
    if department.closed_year_end:
        closed.append("年末年始")
    text = (
        f"{days} {department.opens_at.hour}時{department.opens_at.minute:02d}分"
        f"〜{department.closes_at.hour}時{department.closes_at.minute:02d}分"
    )
    if closed:
        text += f"（{'・'.join(closed)}を除く）"
    return text

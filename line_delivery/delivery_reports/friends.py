"""Friends over time: our own follow/block log, next to LINE's daily figures."""

from collections import Counter
from dataclasses import dataclass
import datetime

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import Friend
from .models import FriendEvent, LineFollowerCount


@dataclass
class DayFigures:
    date: datetime.date
    friends: int
    follows: int
    blocks: int
    line_followers: int | None = None
    line_blocks: int | None = None


def daily_figures(days: int = 30) -> list[DayFigures]:
    """Friends at the end of each of the last ``days`` days (oldest first).

    Counted back from today's friends with the follow/block log, so the line is
    exact from the day the log started (earlier days show the friends known then).
    """
    days = max(1, min(days, 400))
    today = timezone.localdate()
    first = today - datetime.timedelta(days=days - 1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    per_day: Counter[tuple[datetime.date, str]] = Counter()
    for row in (
        FriendEvent.objects.filter(at__gte=start)
        .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("day", "kind")
        .annotate(n=Count("pk"))
    ):
        per_day[(row["day"], row["kind"])] = row["n"]
    line = {c.date: c for c in LineFollowerCount.objects.filter(date__gte=first)}
    friends = Friend.objects.following().count()
    figures: list[DayFigures] = []
    for back in range(days):
        day = today - datetime.timedelta(days=back)
        follows = per_day[(day, FriendEvent.Kind.FOLLOW)]
        blocks = per_day[(day, FriendEvent.Kind.BLOCK)]
        count = line.get(day)
        figures.append(
            DayFigures(
                day,
                friends,
                follows,
                blocks,
                count.followers if count else None,
                count.blocks if count else None,
            )
        )
        friends = max(0, friends - follows + blocks)
    return list(reversed(figures))


def weekly_blocks(weeks: int = 8) -> list[tuple[datetime.date, int]]:
    """(Monday, blocks that week) for the last ``weeks`` weeks, oldest first."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    first = monday - datetime.timedelta(weeks=weeks - 1)
    figures = daily_figures(days=(today - first).days + 1)
    totals: Counter[datetime.date] = Counter()
    for day in figures:
        totals[day.date - datetime.timedelta(days=day.date.weekday())] += day.blocks
    return [
        (
            first + datetime.timedelta(weeks=n),
            totals[first + datetime.timedelta(weeks=n)],
        )
        for n in range(weeks)
    ]

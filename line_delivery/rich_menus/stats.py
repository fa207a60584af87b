"""Taps per area per day: postbacks counted on receipt, links through our redirect."""

from __future__ import annotations

from dataclasses import dataclass
import datetime
from typing import Any
from urllib.parse import parse_qsl

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import LineRichMenu, RichMenu, RichMenuTap


@dataclass
class Tap:
    """A counted rich-menu tap and what it asks for."""

    kind: str  # page | url | text | postback | switch
    area: dict[str, Any]


def count_tap(line_menu_id: int, area_key: str) -> Tap | None:
    """Count one tap on ``area_key`` of a menu we created; None if unknown."""
    line_menu = (
        LineRichMenu.objects.filter(pk=line_menu_id).select_related("menu").first()
    )
    area = line_menu.area(area_key) if line_menu else None
    if area is None or line_menu.menu_id is None:
        return None
    today = timezone.localdate()
    lookup = {"menu_id": line_menu.menu_id, "area_key": area_key, "date": today}
    if not RichMenuTap.objects.filter(**lookup).update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RichMenuTap.objects.create(**lookup, label=area["label"], count=1)
        except IntegrityError:  # another worker created it first
            RichMenuTap.objects.filter(**lookup).update(count=F("count") + 1)
    return Tap(area.get("kind", ""), area)


def postback_tap(data: str) -> Tap | None:
    """Count a postback from one of our menus (``rm=<line menu id>-<area key>``)."""
    try:
        params = dict(parse_qsl(data, max_num_fields=10))
    except ValueError:
        return None
    line_menu_id, _, area_key = params.get("rm", "").partition("-")
    if not line_menu_id.isdigit() or not area_key:
        return None
    return count_tap(int(line_menu_id), area_key)


def daily_table(menu: RichMenu, days: int = 14) -> dict[str, Any]:
    """Rows of (area label, counts per day, total) for the last ``days`` days."""
    today = timezone.localdate()
    dates = [today - datetime.timedelta(days=n) for n in range(days - 1, -1, -1)]
    counts: dict[str, dict[datetime.date, int]] = {}
    labels: dict[str, str] = {}
    for tap in RichMenuTap.objects.filter(menu=menu, date__gte=dates[0]):
        counts.setdefault(tap.area_key, {})[tap.date] = tap.count
        labels[tap.area_key] = tap.label
    for area in menu.areas or []:  # current labels win; areas without taps show 0
        labels[area.get("key", "")] = area.get("label", "")
        counts.setdefault(area.get("key", ""), {})
    rows = [
        {
            "label": labels.get(key, key),
            "counts": [per_day.get(date, 0) for date in dates],
            "total": sum(per_day.values()),
        }
        for key, per_day in counts.items()
    ]
    rows.sort(key=lambda row: -row["total"])
    all_time = (
        RichMenuTap.objects.filter(menu=menu).aggregate(total=Sum("count"))["total"]
        or 0
    )
    return {"dates": dates, "rows": rows, "all_time": all_time}

"""Garbage answers in the chat: the item's category, how to put it out, and when."""

from dataclasses import dataclass
import datetime
from typing import Any

from django.utils import timezone

from home.collection_calendar import (
    collection_areas_for,
    describe,
    format_day,
    next_collection_date,
)
from home.models import GarbageCategory, GarbageGuidePage, GarbageItem

from ..flex import absolute_url, text, uri_button, vertical_box
from ..models import Friend
from .common import MAIN_ACTIONS, postback, quick_replies, settings_url


@dataclass(frozen=True)
class AreaCollection:
    """When one category is collected in one of the friend's 収集地区."""

    collection_area: str
    days: str
    next_date: datetime.date | None

    def next_label(self) -> str:
        return f"次の収集日: {format_day(self.next_date)}" if self.next_date else ""


def collection_days(
    friend: Friend | None,
    category: GarbageCategory,
    today: datetime.date | None = None,
) -> list[AreaCollection]:
    """The rules and next day per 収集地区 of the friend's 地区; [] when unknown."""
    if friend is None:
        return []
    area_ids = list(friend.areas.values_list("pk", flat=True))
    if not area_ids:
        return []
    today = today or timezone.localdate()
    found = []
    for collection_area in collection_areas_for(area_ids):
        days = describe(collection_area, category)
        next_date = next_collection_date(collection_area, category, today)
        if days or next_date:
            found.append(AreaCollection(collection_area.name, days, next_date))
    return found


def _label(value: str) -> dict[str, Any]:
    return text(value, weight="bold", margin="lg", color="#555555")


def item_message(item: GarbageItem, friend: Friend | None) -> dict[str, Any]:
    category = item.category
    body = [
        text(item.name, weight="bold", size="xl"),
        _label("出し方"),
        text(category.how_to_put_out),
    ]
    if item.notes:
        body += [_label("注意"), text(item.notes)]
    days = collection_days(friend, category)
    if days:
        body.append(_label("収集日"))
        for found in days:
            if found.days:
                body.append(text(f"{found.collection_area}: {found.days}"))
            if found.next_date:
                body.append(text(found.next_label(), weight="bold", color="#C62828"))
    footer = []
    guide = GarbageGuidePage.objects.live().first()
    if guide:
        footer.append(
            uri_button(
                "ごみの分け方を見る", absolute_url(guide.url or "/"), style="secondary"
            )
        )
    if friend is not None and not days:
        footer.append(
            uri_button("地区を設定すると収集日も表示", settings_url(), style="link")
        )
    bubble: dict[str, Any] = {
        "type": "bubble",
        "header": vertical_box(
            [text(category.name, weight="bold", size="lg", color="#FFFFFF")],
            backgroundColor=category.colour,
        ),
        "body": vertical_box(body, spacing="sm"),
    }
    if footer:
        bubble["footer"] = vertical_box(footer, spacing="sm")
    return {
        "type": "flex",
        "altText": f"{item.name}は「{category.name}」です。",
        "contents": bubble,
        "quickReply": quick_replies(MAIN_ACTIONS),
    }


def choices_message(items: list[GarbageItem]) -> dict[str, Any]:
    """Several plausible items: let the resident pick instead of listing all of them."""
    actions = [
        postback(item.name[:20], "garbage_item", display=item.name, item=str(item.pk))
        for item in items[:5]
    ]
    return {
        "type": "text",
        "text": "どれのことですか？ 下から選んでください。",
        "quickReply": quick_replies(actions),
    }

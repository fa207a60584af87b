"""Garbage answers in the chat: the item's category, how to put it out, and when."""

from dataclasses import dataclass
import datetime
from typing import Any
from urllib.parse import quote

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


FEEDBACK_QUERY_LENGTH = 20
"""Characters of the query carried in a postback (LINE allows 300 bytes of data)."""


def query_param(query: str) -> str:
    return quote(query.strip()[:FEEDBACK_QUERY_LENGTH], safe="")


def wrong_action(item: GarbageItem, query: str) -> dict[str, Any] | None:
    """「違う」: tells us the answer was wrong (logged without the user id)."""
    if not query.strip():
        return None
    return postback(
        "違う（ほかの品目を探す）",
        "garbage_wrong",
        display="違う",
        item=str(item.pk),
        q=query_param(query),
    )


def item_message(
    item: GarbageItem, friend: Friend | None, query: str = ""
) -> dict[str, Any]:
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
    wrong = wrong_action(item, query)
    if wrong is not None:
        footer.append(
            {"type": "button", "style": "link", "height": "sm", "action": wrong}
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
        "quickReply": quick_replies(
            [
                *([{**wrong, "label": "違う"}] if wrong is not None else []),
                *MAIN_ACTIONS,
            ]
        ),
    }


CHOICES_SHOWN = 8
"""Candidates shown as buttons; an ambiguous word rarely names more."""


def choices_message(
    items: list[GarbageItem], query: str = "", first: GarbageItem | None = None
) -> dict[str, Any]:
    """Several plausible items: one Flex button per candidate, plus quick replies.

    Flex buttons show on LINE for PC as well as phones (quick replies do not show on
    PC). 「どれでもない」 logs the query for staff.
    """
    shown = items[:CHOICES_SHOWN]
    first = first or (shown[0] if shown else None)
    extra = {"q": query_param(query)} if query.strip() else {}
    if first is not None and extra:
        extra["first"] = str(first.pk)
    actions = [
        postback(
            item.name[:20],
            "garbage_item",
            display=item.name,
            item=str(item.pk),
            **extra,
        )
        for item in shown
    ]
    none = postback("どれでもない", "garbage_none", **extra)
    names = "、".join(item.name for item in shown)
    intro = "いくつか当てはまる品目があります。どれのことですか？"
    buttons = [
        {
            "type": "button",
            "style": "secondary",
            "height": "sm",
            "action": {**action, "label": action["label"][:40]},
        }
        for action in actions
    ]
    buttons.append({"type": "button", "style": "link", "height": "sm", "action": none})
    bubble = {
        "type": "bubble",
        "body": vertical_box(
            [text(intro, weight="bold", wrap=True), text(f"候補: {names}", size="sm")],
            spacing="sm",
        ),
        "footer": vertical_box(buttons, spacing="sm"),
    }
    return {
        "type": "flex",
        "altText": f"{intro} 候補: {names}"[:400],
        "contents": bubble,
        "quickReply": quick_replies([*actions, none]),
    }

"""Garbage answers in the chat: the item's category, how to put it out, and when."""

from typing import Any

from home.models import CollectionSchedule, GarbageGuidePage, GarbageItem

from ..flex import absolute_url, text, uri_button, vertical_box
from ..models import Friend
from .common import MAIN_ACTIONS, postback, quick_replies, settings_url


def collection_days(friend: Friend | None, category_id: int) -> list[tuple[str, str]]:
    """(収集地区, days) for the friend's 地区; [] when their 地区 is unknown."""
    if friend is None:
        return []
    area_ids = list(friend.areas.values_list("pk", flat=True))
    if not area_ids:
        return []
    schedules = (
        CollectionSchedule.objects.filter(
            category_id=category_id, collection_area__areas__in=area_ids
        )
        .select_related("collection_area")
        .distinct()
    )
    return [(s.collection_area.name, s.days) for s in schedules]


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
    days = collection_days(friend, category.pk)
    if days:
        body.append(_label("収集日"))
        body += [text(f"{name}: {when}") for name, when in days]
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

"""Garbage answers in the chat: the item's category, how to put it out, and when."""

from typing import Any

from home.models import CollectionSchedule, GarbageGuidePage, GarbageItem

from ..flex import absolute_url
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


def item_message(item: GarbageItem, friend: Friend | None) -> dict[str, Any]:
    category = item.category
    body: list[dict[str, Any]] = [
        {
            "type": "text",
            "text": item.name,
            "weight": "bold",
            "size": "xl",
            "wrap": True,
        },
        {
            "type": "text",
            "text": "出し方",
            "weight": "bold",
            "margin": "lg",
            "color": "#555555",
        },
        {"type": "text", "text": category.how_to_put_out, "wrap": True},
    ]
    if item.notes:
        body += [
            {
                "type": "text",
                "text": "注意",
                "weight": "bold",
                "margin": "lg",
                "color": "#555555",
            },
            {"type": "text", "text": item.notes, "wrap": True},
        ]
    days = collection_days(friend, category.pk)
    if days:
        body.append(
            {
                "type": "text",
                "text": "収集日",
                "weight": "bold",
                "margin": "lg",
                "color": "#555555",
            }
        )
        body += [
            {"type": "text", "text": f"{name}: {text}", "wrap": True}
            for name, text in days
        ]
    footer: list[dict[str, Any]] = []
    guide = GarbageGuidePage.objects.live().first()
    if guide:
        footer.append(
            {
                "type": "button",
                "style": "secondary",
                "action": {
                    "type": "uri",
                    "label": "ごみの分け方を見る",
                    "uri": absolute_url(guide.url or "/"),
                },
            }
        )
    if friend is not None and not days:
        footer.append(
            {
                "type": "button",
                "style": "link",
                "action": {
                    "type": "uri",
                    "label": "地区を設定すると収集日も表示",
                    "uri": settings_url(),
                },
            }
        )
    bubble: dict[str, Any] = {
        "type": "bubble",
        "header": {
            "type": "box",
            "layout": "vertical",
            "backgroundColor": category.colour,
            "contents": [
                {
                    "type": "text",
                    "text": category.name,
                    "weight": "bold",
                    "size": "lg",
                    "color": "#FFFFFF",
                    "wrap": True,
                }
            ],
        },
        "body": {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "contents": body,
        },
    }
    if footer:
        bubble["footer"] = {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "contents": footer,
        }
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

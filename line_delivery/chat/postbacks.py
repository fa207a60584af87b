"""Named postback actions used by rich menus and buttons (``action=<name>&...``)."""

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from django.utils import timezone

from home.collection_calendar import collection_areas_for, format_day, next_collections
from home.models import DisasterNoticePage, GarbageItem

from ..flex import carousel_message
from ..models import Friend
from .common import MAIN_ACTIONS, help_message, quick_replies, settings_messages
from .garbage import item_message
from .shelters import open_shelters_messages


Messages = list[dict[str, Any]]
Action = Callable[[Friend | None, dict[str, str]], Messages]


def garbage_today(friend: Friend | None, params: dict[str, str]) -> Messages:
    if friend is None or not friend.areas.exists():
        return [
            {
                "type": "text",
                "text": "お住まいの地区が設定されていません。受信設定で地区を選ぶと、収集日をお知らせできます。",
            },
            *settings_messages(),
        ]
    today = timezone.localdate()
    sections = []
    for collection_area in collection_areas_for(
        friend.areas.values_list("pk", flat=True)
    ):
        upcoming = next_collections(collection_area, today)
        if not upcoming:
            continue
        todays = [n.category.name for n in upcoming if n.date == today]
        lines = [f"【{collection_area.name}】"]
        lines.append(
            f"今日（{format_day(today)}）: " + ("、".join(todays) or "収集はありません")
        )
        lines += [f"・{n.category.name}: {n.label}" for n in upcoming]
        sections.append("\n".join(lines))
    text = (
        "次の収集日です。\n" + "\n\n".join(sections)
        if sections
        else "収集日の情報がまだ登録されていません。"
    )
    return [{"type": "text", "text": text, "quickReply": quick_replies(MAIN_ACTIONS)}]


def disaster_latest(friend: Friend | None, params: dict[str, str]) -> Messages:
    notices = list(DisasterNoticePage.active_notices()[:12])
    if not notices:
        return [
            {
                "type": "text",
                "text": "いま発表中の防災情報はありません。",
                "quickReply": quick_replies(MAIN_ACTIONS),
            }
        ]
    return [carousel_message(notices)]


def disaster_fallback_messages(intro: str) -> Messages:
    """In disaster mode, what the chat answers when nothing else fits: where to go
    (open shelters) and what is in force (the latest notices)."""
    shelters = open_shelters_messages()
    shelters[0] = {
        **shelters[0],
        "text": f"{intro}\n災害対応中です。避難所と最新の防災情報をお知らせします。\n\n"
        + shelters[0]["text"],
    }
    notices = list(DisasterNoticePage.active_notices()[:12])
    if notices:
        # Quick replies only work on the last message of a reply.
        quick = shelters[0].pop("quickReply")
        return [*shelters, {**carousel_message(notices), "quickReply": quick}]
    return shelters


def garbage_item(friend: Friend | None, params: dict[str, str]) -> Messages:
    item_id = params.get("item", "")
    item = (
        GarbageItem.objects.select_related("category").filter(pk=int(item_id)).first()
        if item_id.isdigit()
        else None
    )
    if item is None:
        return fallback()
    if params.get("q"):
        from .feedback import record_choice

        record_choice(params)
    return [item_message(item, friend, params.get("q", ""))]


def _feedback(name: str) -> Action:
    def run(friend: Friend | None, params: dict[str, str]) -> Messages:
        from . import feedback

        return getattr(feedback, name)(friend, params)

    return run


ACTIONS: dict[str, Action] = {
    "garbage_today": garbage_today,
    "garbage_item": garbage_item,
    "shelters": lambda friend, params: open_shelters_messages(),
    "disaster_latest": disaster_latest,
    "settings": lambda friend, params: settings_messages(),
    "help": lambda friend, params: [help_message()],
    # 有人チャット (line_delivery/inbox): ask for a person, and end the conversation.
    "staff": lambda friend, params: _inbox().request_staff(friend, params),
    "staff_end": lambda friend, params: _inbox().resident_ends(friend, params),
    "garbage_wrong": _feedback("garbage_wrong"),
    "garbage_none": _feedback("garbage_none"),
}


def _inbox():
    from ..inbox import handover  # the inbox imports the chat's helpers

    return handover


def fallback() -> Messages:
    return [help_message("すみません、そのボタンは使えませんでした。")]


def route(data: str, friend: Friend | None) -> Messages:
    """Run the named action; unknown or tampered data gets a polite fallback."""
    try:
        params = dict(parse_qsl(data, strict_parsing=True, max_num_fields=10))
    except ValueError:
        return fallback()
    action = ACTIONS.get(params.pop("action", ""))
    if action is None:
        return fallback()
    return action(friend, params)

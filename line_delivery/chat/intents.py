"""Questions in residents' words answered like the menu taps (issue 23).

「明日のごみは？」, 「燃やせるごみはいつ？」, 「今週のプラ」 → the collection days of the
friend's own 地区 (never a prompt to choose a 地区 they already chose); 「開いている
避難所」 → the open shelters; 「防災情報」 → the notices in force.
"""

import datetime
from typing import Any

from django.utils import timezone

from home.collection_calendar import collection_areas_for, format_day, next_collections
from home.models import GarbageCategory
from search.intents import CategoryWords, Intent, recognise_intent

from ..models import Friend
from .common import MAIN_ACTIONS, quick_replies
from .postbacks import ACTIONS, garbage_today


Messages = list[dict[str, Any]]


def categories() -> list[CategoryWords]:
    return [
        CategoryWords(str(pk), name)
        for pk, name in GarbageCategory.objects.values_list("pk", "name")
    ]


def intent_of(text: str) -> Intent | None:
    return recognise_intent(text, categories())


def _text(value: str) -> Messages:
    return [{"type": "text", "text": value, "quickReply": quick_replies(MAIN_ACTIONS)}]


def garbage_on_day(
    friend: Friend | None,
    day: datetime.date,
    label: str,
    category_id: int | None = None,
) -> Messages:
    """What is collected on ``day`` (or, for one category, its next day) per 収集地区."""
    if friend is None or not friend.areas.exists():
        return garbage_today(friend, {})  # asks for the 地区, as the menu tap does
    sections = []
    for collection_area in collection_areas_for(
        friend.areas.values_list("pk", flat=True)
    ):
        upcoming = next_collections(collection_area, day)
        if category_id is not None:
            found = [n for n in upcoming if n.category.pk == category_id]
            if found:
                sections.append(
                    f"【{collection_area.name}】\n{found[0].category.name}: "
                    f"次は{format_day(found[0].date)}"
                )
            continue
        names = [n.category.name for n in upcoming if n.date == day]
        sections.append(
            f"【{collection_area.name}】\n{label}（{format_day(day)}）: "
            + ("、".join(names) or "収集はありません")
        )
    if not sections:
        return _text("収集日の情報がまだ登録されていません。")
    return _text("\n\n".join(sections))


def intent_messages(intent: Intent, friend: Friend | None) -> Messages:
    today = timezone.localdate()
    if intent.kind == "garbage_tomorrow":
        return garbage_on_day(friend, today + datetime.timedelta(days=1), "明日")
    if intent.kind == "garbage_day" and intent.category.isdigit():
        return garbage_on_day(friend, today, "", int(intent.category))
    if intent.kind == "shelters":
        return ACTIONS["shelters"](friend, {})
    if intent.kind == "disaster":
        return ACTIONS["disaster_latest"](friend, {})
    # 今日のごみ, ごみの日, ごみ: the same list as the menu's 「今日のごみ」.
    return garbage_today(friend, {})

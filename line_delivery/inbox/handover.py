"""The chat's seam to the inbox: who is handed to staff, and what the bot then says.

The chat calls, and only calls:

* ``route_message(event, friend, user_id)`` early in message handling: a resident
  with an open conversation goes to the inbox (the bot stays silent); words such as
  職員・相談・担当者 ask for a person; ``None`` means "the bot answers".
* ``after_bot_answer(friend, text, messages)`` with the bot's answer: it keeps the
  recent context and, after the bot failed twice in a row, offers 「職員に相談」.
* the postback actions ``staff`` (rich-menu area 「職員に相談」, quick replies) and
  ``staff_end`` (the resident ends the conversation) in ``chat.postbacks.ACTIONS``.
* ``resident_left(user_id)`` on unfollow: a blocked account closes the conversation.
"""

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from search.text import compact

from ..chat.common import help_message, postback
from ..models import Friend
from . import incoming
from .hours import hours_text, is_open
from .models import ChatContext, Conversation, Department
from .texts import (
    END_ACTION,
    STAFF_ACTION,
    Messages,
    after_hours_text,
    record_bot,
    summary,
    text_message,
)


HANDOVER_WORDS = (
    "職員",
    "相談",
    "担当者",
    "担当の方",
    "人と話",
    "オペレーター",
    "有人",
)
_HANDOVER_WORDS = tuple(compact(word) for word in HANDOVER_WORDS)
FAILURES_BEFORE_OFFER = 2
CONTEXT_TURNS = 10
BOT_FAILURE_MARK = "情報が見つかりませんでした"
"""The bot's own words when it could not answer (``chat.text``'s fallback)."""


def asks_for_staff(text: str) -> bool:
    words = compact(text)
    return bool(words) and any(word in words for word in _HANDOVER_WORDS)


def bot_failed(messages: Messages) -> bool:
    return any(BOT_FAILURE_MARK in str(m.get("text", "")) for m in messages)


def open_conversation_of(friend: Friend | None) -> Conversation | None:
    if friend is None or friend.pk is None:
        return None
    return (
        Conversation.objects.open()
        .filter(friend=friend)
        .select_related("department", "assignee")
        .first()
    )


# --- the bot's recent context ---------------------------------------------------


def _turn(who: str, text: str) -> dict[str, str]:
    return {"who": who, "text": text[:500], "at": timezone.now().isoformat()}


def remember(friend: Friend, *turns: dict[str, str], failed: bool | None = None) -> int:
    """Add to the resident's recent exchange; returns the bot's failures in a row.

    ``failed`` None leaves the count alone (the resident asked for a person).
    One read and one write per message.
    """
    context, _ = ChatContext.objects.get_or_create(friend=friend)
    context.turns = [*(context.turns or []), *turns][-CONTEXT_TURNS:]
    if failed is not None:
        context.failures_in_a_row = context.failures_in_a_row + 1 if failed else 0
    context.save(update_fields=["turns", "failures_in_a_row", "updated_at"])
    return context.failures_in_a_row


def after_bot_answer(friend: Friend | None, text: str, messages: Messages) -> Messages:
    """Keep the exchange; after two failures in a row, offer a person."""
    if friend is None or not messages:
        return messages
    failures = remember(
        friend,
        _turn("resident", text),
        _turn("bot", " / ".join(summary(m) for m in messages)),
        failed=bot_failed(messages),
    )
    if failures >= FAILURES_BEFORE_OFFER and Department.objects.exists():
        return _offer_staff(messages)
    return messages


def _offer_staff(messages: Messages) -> Messages:
    last = dict(messages[-1])
    items = list((last.get("quickReply") or {}).get("items", []))
    items = [{"type": "action", "action": STAFF_ACTION}, *items][:13]
    last["quickReply"] = {"items": items}
    if last.get("type") == "text":
        last["text"] = (
            f"{last['text']}\n\nうまくお答えできず、すみません。"
            "「職員に相談」を押すと、市の担当職員におつなぎします。"
        )
    return [*messages[:-1], last]


# --- handover -----------------------------------------------------------------------


def department_named_in(text: str, departments: list[Department]) -> Department | None:
    """「ごみのことで職員に相談」 names 環境整備 (its name or a word of its button label)."""
    words = compact(text)
    for department in departments:
        parts = [department.name, *re.split(r"[・、/／]", department.resident_label)]
        for part in parts:
            key = compact(part.removesuffix("のこと"))
            if len(key) >= 2 and key in words:
                return department
    return None


def request_staff(
    friend: Friend | None, params: dict[str, str], text: str = ""
) -> Messages:
    """「職員に相談」: choose the department (if there are several), then open."""
    if friend is None:
        return [help_message("すみません、いまは職員への相談を受け付けられません。")]
    current = open_conversation_of(friend)
    if current is not None:
        return [
            text_message(
                f"{current.department.name}の担当職員におつなぎしています。"
                "このままメッセージをお送りください。",
                [END_ACTION],
            )
        ]
    departments = list(Department.objects.all())
    chosen = None
    wanted = params.get("dept", "")
    if wanted.isdigit():
        chosen = next((d for d in departments if d.pk == int(wanted)), None)
    if chosen is None and len(departments) == 1:
        chosen = departments[0]
    if chosen is None and text:
        chosen = department_named_in(text, departments)
    if chosen is None:
        if not departments:
            return [
                help_message("すみません、いまは職員への相談を受け付けていません。")
            ]
        return [
            text_message(
                "どの担当に相談しますか？ 下から選んでください。",
                [
                    postback(
                        d.resident_label[:20],
                        "staff",
                        display=f"{d.resident_label}を相談",
                        dept=str(d.pk),
                    )
                    for d in departments[:12]
                ],
            )
        ]
    return open_conversation(friend, chosen)


def open_conversation(friend: Friend, department: Department) -> Messages:
    context = ChatContext.objects.filter(friend=friend).first()
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                friend=friend,
                department=department,
                bot_context=list(context.turns or []) if context else [],
            )
    except IntegrityError:
        # Two taps at once: the other one opened it.
        return request_staff(friend, {})
    if context is not None:
        context.turns = []
        context.failures_in_a_row = 0
        context.save(update_fields=["turns", "failures_in_a_row", "updated_at"])
    from .notifications import notify_new_conversation

    notify_new_conversation(conversation)
    if is_open(department):
        text = (
            f"{department.name}の担当職員におつなぎしました。"
            f"受付時間（{hours_text(department)}）の間に、順番にお返事します。"
            "\nご用件をこのままお送りください。写真も送れます。"
        )
    else:
        text = after_hours_text(department, first=True)
    text += "\n\nチャットボットに戻るときは「相談を終える」を押してください。"
    return record_bot(conversation, [text_message(text, [END_ACTION])])


def resident_ends(friend: Friend | None, params: dict[str, str]) -> Messages:
    conversation = open_conversation_of(friend)
    if conversation is None:
        return [help_message()]
    close(conversation, reason="住民が終了")
    return [
        help_message(
            "職員への相談を終えました。ここからはチャットボットがお答えします。"
        )
    ]


def close(conversation: Conversation, *, reason: str) -> None:
    Conversation.objects.filter(pk=conversation.pk).update(
        state=Conversation.State.CLOSED,
        closed_at=timezone.now(),
        closed_reason=reason[:40],
        unread_count=0,
    )
    conversation.state = Conversation.State.CLOSED


def resident_left(user_id: str) -> None:
    """Unfollow (blocked): nobody can answer any more, so the conversation closes."""
    for conversation in Conversation.objects.open().filter(
        friend__in=Friend.objects.by_line_user_id(user_id)
    ):
        close(conversation, reason="ブロックされたため")


# --- messages of an open conversation ------------------------------------------------


def route_message(
    event: dict[str, Any], friend: Friend | None, user_id: str
) -> Messages | None:
    """Messages for the inbox, or a request for a person; None lets the bot answer."""
    message = event.get("message") or {}
    conversation = open_conversation_of(friend)
    if conversation is not None:
        return incoming.receive(conversation, message)
    text = str(message.get("text", "")) if message.get("type") == "text" else ""
    if text and asks_for_staff(text):
        friend = friend or Friend.objects.create(line_user_id=user_id)
        remember(friend, _turn("resident", text))
        return request_staff(friend, {}, text)
    if text:
        incoming.show_loading_if_slow(user_id, event)
    return None

"""What the inbox tells residents automatically, and how it is kept in the conversation."""

from typing import Any

from ..chat.common import postback, quick_replies
from .hours import format_moment, hours_text, next_opening
from .models import Conversation, Department, Message


Messages = list[dict[str, Any]]

STAFF_ACTION = postback("職員に相談", "staff")
END_ACTION = postback("相談を終える", "staff_end")


def summary(message: dict[str, Any]) -> str:
    return str(message.get("text") or message.get("altText") or "")[:500]


def text_message(text: str, actions: list[dict[str, Any]] | None = None) -> dict:
    message: dict[str, Any] = {"type": "text", "text": text}
    if actions:
        message["quickReply"] = quick_replies(actions)
    return message


def record_bot(conversation: Conversation, messages: Messages) -> Messages:
    """What the resident was told automatically is part of the conversation."""
    Message.objects.bulk_create(
        [
            Message(
                conversation=conversation,
                direction=Message.Direction.BOT,
                text=summary(message),
            )
            for message in messages
        ]
    )
    return messages


def after_hours_text(department: Department, *, first: bool) -> str:
    opening = next_opening(department)
    when = f"{format_moment(opening)}以降に" if opening is not None else "受付時間内に"
    intro = (
        f"{department.name}の担当職員におつなぎしました。\n" if first else ""
    ) + f"ただいま受付時間外です（受付: {hours_text(department)}）。"
    return (
        f"{intro}\nいただいたメッセージには、{when}担当職員からお返事します。"
        f"\n\n緊急の場合: {department.emergency_text}"
    )

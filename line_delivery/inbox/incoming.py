"""Messages of an open conversation: stored for staff, media fetched, the bot silent."""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .hours import is_open
from .models import Conversation, Message
from .texts import Messages, after_hours_text, record_bot, text_message


logger = logging.getLogger(__name__)

MEDIA_KINDS = {
    "image": Message.Kind.IMAGE,
    "video": Message.Kind.VIDEO,
    "audio": Message.Kind.AUDIO,
    "file": Message.Kind.FILE,
}


def _resident_text(message: dict[str, Any]) -> str:
    kind = message.get("type")
    if kind == "text":
        return str(message.get("text", ""))
    if kind == "location":
        parts = [message.get("title"), message.get("address")]
        where = " ".join(str(p) for p in parts if p)
        return (
            f"{where} ({message.get('latitude')}, {message.get('longitude')})".strip()
        )
    if kind == "sticker":
        return "（スタンプ）"
    return ""


def receive(conversation: Conversation, message: dict[str, Any]) -> Messages:
    kind = str(message.get("type", ""))
    stored = Message(
        conversation=conversation,
        direction=Message.Direction.RESIDENT,
        kind=MEDIA_KINDS.get(kind)
        or {
            "text": Message.Kind.TEXT,
            "sticker": Message.Kind.STICKER,
            "location": Message.Kind.LOCATION,
        }.get(kind, Message.Kind.OTHER),
        text=_resident_text(message),
        line_message_id=str(message.get("id", ""))[:40],
        mark_as_read_token=str(message.get("markAsReadToken", "")),
        file_name=str(message.get("fileName", ""))[:200],
    )
    fetch = False
    if stored.is_media:
        provider = (message.get("contentProvider") or {}).get("type", "line")
        if provider == "line" or kind in ("file", "audio"):
            stored.media_status = Message.MediaStatus.PENDING
            fetch = True
        else:
            stored.media_status = Message.MediaStatus.FAILED
            stored.error_message = "外部サイトの画像のため取得しません。"
    stored.save()
    was_unread = conversation.unread_count
    Conversation.objects.filter(pk=conversation.pk).update(
        unread_count=F("unread_count") + 1, last_message_at=stored.created_at
    )
    if fetch:
        from .tasks import fetch_media

        fetch_media.delay_on_commit(stored.pk)
    if conversation.assignee_id and not was_unread:
        from .notifications import notify_assignee

        notify_assignee(conversation)
    if not is_open(conversation.department) and _no_recent_auto_reply(conversation):
        return record_bot(
            conversation,
            [text_message(after_hours_text(conversation.department, first=False))],
        )
    return []


def _no_recent_auto_reply(conversation: Conversation) -> bool:
    """Nothing said to the resident lately: neither this reply nor a late staff answer."""
    since = timezone.now() - datetime.timedelta(
        hours=settings.INBOX_AFTER_HOURS_REPEAT_HOURS
    )
    return not conversation.messages.filter(
        direction__in=[Message.Direction.BOT, Message.Direction.STAFF],
        created_at__gte=since,
    ).exists()


def show_loading_if_slow(user_id: str, event: dict[str, Any]) -> None:
    """LINE's loading indicator while the bot works on an answer that is late.

    An answer computed at once needs none; when the event waited in the queue (a busy
    worker) the resident sees that an answer is coming.
    """
    threshold = settings.INBOX_LOADING_AFTER_SECONDS
    if threshold is None or threshold < 0:
        return
    occurred = event.get("timestamp")
    waited = (
        timezone.now().timestamp() - occurred / 1000 if isinstance(occurred, int) else 0
    )
    if waited < threshold:
        return
    from .. import client

    result = client.show_loading(user_id, 20)
    if not result.ok:
        logger.info("Loading indicator not shown: %s %s", result.status, result.message)

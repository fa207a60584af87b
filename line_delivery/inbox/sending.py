"""Staff replies as push messages, exactly once; read receipts; media from LINE.

A reply is a ``Message`` row whose ``retry_key`` is committed before the first
attempt (the delivery engine's rule, ``line_delivery/delivery.py``): a 5xx or a
timeout is retried with the same key, a 409 means LINE already accepted it, so the
resident gets the reply once whatever happens in between.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import client, ratelimit
from ..crypto import encrypt_bytes
from ..validation import line_problems
from .models import Conversation, Message


logger = logging.getLogger(__name__)

MAX_TEXT_UTF16 = 5000


class Outcome:
    DONE = "done"
    RETRY = "retry"


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def reply_problems(text: str, *, label: str = "") -> list[str]:
    """Japanese reasons LINE would refuse this reply (empty when it is fine).

    ``label`` names the field staff typed it in, so the message says where to shorten.
    """
    if not text.strip():
        return ["本文を入力してください。"]
    if utf16_length(text) > MAX_TEXT_UTF16:
        where = f"「{label}」は" if label else "LINEで送れるのは"
        return [
            f"{where}{MAX_TEXT_UTF16}文字までです"
            f"（いま{utf16_length(text)}文字。絵文字は2文字と数えます）。"
            "短くしてからもう一度送ってください。"
        ]
    problems = line_problems([{"type": "text", "text": text}])
    return [
        f"LINEが受け付けない内容です: {p.get('property', '')} {p.get('message', '')}"
        for p in problems
    ]


def queue_push(
    conversation: Conversation, text: str, *, direction: str, author: Any = None
) -> Message:
    """Store the outgoing message with its retry key; the task sends it after commit."""
    from .tasks import send_outgoing

    message = Message.objects.create(
        conversation=conversation,
        direction=direction,
        text=text,
        author=author,
        send_status=Message.SendStatus.PENDING,
    )
    send_outgoing.delay_on_commit(message.pk)
    return message


def send(message_id: int) -> str:
    """Push one stored message, at most once. Returns DONE or RETRY."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("conversation__friend")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.send_status != Message.SendStatus.PENDING:
            return Outcome.DONE
        now = timezone.now()
        window = datetime.timedelta(seconds=settings.LINE_RETRY_WINDOW_SECONDS)
        if message.first_attempt_at and now - message.first_attempt_at > window:
            _fail(
                message,
                "再送できる期間（24時間）を過ぎたため、二重送信を避けて中止しました。",
            )
            return Outcome.DONE
        message.attempts += 1
        message.first_attempt_at = message.first_attempt_at or now
        ratelimit.acquire("push")
        result = client.push(
            message.conversation.friend.line_user_id,
            [{"type": "text", "text": message.text}],
            message.retry_key,
        )
        message.last_status_code = result.status
        fields = ["attempts", "first_attempt_at", "last_status_code", "error_message"]
        if result.accepted:
            message.send_status = Message.SendStatus.SENT
            message.sent_at = timezone.now()
            message.error_message = ""
            message.save(update_fields=[*fields, "send_status", "sent_at"])
            return Outcome.DONE
        reason = f"{result.status} {result.message}"[:500]
        if result.retryable:
            message.error_message = (
                f"LINE側のエラー（{reason}）。同じ再送キーで再送します。"
            )
            message.save(update_fields=fields)
            return Outcome.RETRY
        _fail(message, f"LINEが受け付けませんでした（{reason}）。")
        return Outcome.DONE


def _fail(message: Message, reason: str) -> None:
    message.send_status = Message.SendStatus.FAILED
    message.error_message = reason
    message.save(
        update_fields=[
            "send_status",
            "error_message",
            "attempts",
            "first_attempt_at",
            "last_status_code",
        ]
    )


def give_up(message_id: int) -> None:
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.send_status != Message.SendStatus.PENDING:
            return
        _fail(message, f"再送を重ねても届きませんでした: {message.error_message}")


def mark_read(conversation_id: int) -> bool:
    """Staff opened the conversation: tell LINE the resident's messages were read.

    The newest unread message's token marks it and every earlier one as read.
    """
    with transaction.atomic():
        unread = list(
            Message.objects.select_for_update()
            .filter(
                conversation_id=conversation_id,
                direction=Message.Direction.RESIDENT,
                read_at__isnull=True,
            )
            .order_by("created_at", "pk")
        )
        if not unread:
            return False
        token = next(
            (m.mark_as_read_token for m in reversed(unread) if m.mark_as_read_token),
            "",
        )
        result = client.mark_as_read(token) if token else None
        if result is not None and not result.ok and result.retryable:
            return False  # try again the next time staff open it
        if result is not None and not result.ok:
            logger.info("markAsRead refused: %s %s", result.status, result.message)
        Message.objects.filter(pk__in=[m.pk for m in unread]).update(
            read_at=timezone.now()
        )
        return result is not None and result.ok


def fetch_content(message_id: int) -> str:
    """Fetch a photo/video/file from the api-data host and keep it encrypted."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(pk=message_id, media_status=Message.MediaStatus.PENDING)
            .first()
        )
        if message is None:
            return Outcome.DONE
        result, content_type = client.get_message_content(message.line_message_id)
        if result.ok:
            data: bytes = result.data
            if len(data) > settings.INBOX_MEDIA_MAX_BYTES:
                message.media_status = Message.MediaStatus.TOO_LARGE
            else:
                message.media_content = encrypt_bytes(data)
                message.media_status = Message.MediaStatus.STORED
            message.media_content_type = content_type[:100]
            message.media_size = len(data)
            message.error_message = ""
        elif result.retryable or result.status == 404:
            # 404: a video or audio still being prepared on LINE's side.
            message.error_message = f"{result.status} {result.message}"[:500]
            message.save(update_fields=["error_message"])
            return Outcome.RETRY
        elif result.status == 410:
            message.media_status = Message.MediaStatus.EXPIRED
        else:
            message.media_status = Message.MediaStatus.FAILED
            message.error_message = f"{result.status} {result.message}"[:500]
        message.save(
            update_fields=[
                "media_status",
                "media_content",
                "media_content_type",
                "media_size",
                "error_message",
            ]
        )
        return Outcome.DONE


def give_up_content(message_id: int) -> None:
    Message.objects.filter(
        pk=message_id, media_status=Message.MediaStatus.PENDING
    ).update(media_status=Message.MediaStatus.FAILED)

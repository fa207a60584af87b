"""A photo sent in the chat starts a report: kept for the report page, answered with it.

The photo is fetched from LINE's content API by a task, re-encoded without EXIF and
kept encrypted for ``REPORTS_CHAT_PHOTO_HOURS``; the report page offers it.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import client
from ..crypto import encrypt_bytes
from ..flex import absolute_url
from ..inbox.sending import Outcome
from ..models import Friend
from .models import ChatPhoto
from .photos import PhotoRejected, clean_photo


def report_page_url() -> str:
    """The LIFF report page (inside LINE when a LIFF id is set), else on the web."""
    if settings.LINE_LIFF_ID:
        return f"https://liff.line.me/{settings.LINE_LIFF_ID}/reports/new/"
    return absolute_url("/liff/reports/new/")


def photo_received(
    event: dict[str, Any], friend: Friend | None
) -> list[dict[str, Any]]:
    """A photo outside a conversation with staff: keep it, offer the report page."""
    message = event.get("message") or {}
    provider = (message.get("contentProvider") or {}).get("type", "line")
    message_id = str(message.get("id", ""))[:40]
    if friend is not None and provider == "line" and message_id:
        from .tasks import fetch_chat_photo

        try:
            with transaction.atomic():
                photo = ChatPhoto.objects.create(
                    friend=friend, line_message_id=message_id
                )
        except IntegrityError:
            pass  # the same message again (a redelivered event)
        else:
            fetch_chat_photo.delay_on_commit(photo.pk)
    return photo_messages()


def recent_chat_photos(friend: Friend) -> list[ChatPhoto]:
    since = timezone.now() - datetime.timedelta(hours=settings.REPORTS_CHAT_PHOTO_HOURS)
    return list(
        ChatPhoto.objects.filter(
            friend=friend, status=ChatPhoto.Status.STORED, created_at__gte=since
        ).defer("content")
    )


def fetch(photo_id: int) -> str:
    """Fetch one chat photo from the api-data host; DONE or RETRY."""
    with transaction.atomic():
        photo = (
            ChatPhoto.objects.select_for_update()
            .filter(pk=photo_id, status=ChatPhoto.Status.PENDING)
            .first()
        )
        if photo is None:
            return Outcome.DONE
        result, _content_type = client.get_message_content(photo.line_message_id)
        if result.retryable:
            return Outcome.RETRY
        photo.status = ChatPhoto.Status.FAILED
        if result.ok:
            try:
                clean = clean_photo(result.data)
            except PhotoRejected:
                clean = None
            if clean is not None:
                photo.content = encrypt_bytes(clean.data)
                photo.width, photo.height = clean.width, clean.height
                photo.status = ChatPhoto.Status.STORED
        photo.save()
        return Outcome.DONE


def give_up(photo_id: int) -> None:
    ChatPhoto.objects.filter(pk=photo_id, status=ChatPhoto.Status.PENDING).update(
        status=ChatPhoto.Status.FAILED
    )


def photo_messages() -> list[dict[str, Any]]:
    """What the bot says to a photo outside a conversation with staff."""
    url = report_page_url()
    return [
        {
            "type": "text",
            "text": (
                "写真ありがとうございます。道路・公園・街灯などの不具合のお知らせ"
                "（通報）でしたら、下の「通報する」から種類と場所を選んで送ってください。"
                "送った写真をそのまま使えます。"
            ),
            "quickReply": {
                "items": [
                    {
                        "type": "action",
                        "action": {"type": "uri", "label": "通報する", "uri": url},
                    },
                    {
                        "type": "action",
                        "action": {
                            "type": "postback",
                            "label": "ほかの用件",
                            "data": "action=help",
                            "displayText": "ほかの用件",
                        },
                    },
                ]
            },
        }
    ]

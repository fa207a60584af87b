"""Handle one stored webhook event, exactly once."""

import datetime
import json
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..inbox import handover as inbox
from ..models import Friend, WebhookEvent
from ..replies import answer
from ..rich_menus.stats import postback_tap
from .common import help_message, welcome_messages
from .postbacks import route
from .shelters import location_messages
from .text import text_messages


logger = logging.getLogger(__name__)


def _friend(user_id: str) -> Friend | None:
    return Friend.objects.by_line_user_id(user_id).prefetch_related("areas").first()


def follow(user_id: str, at: datetime.datetime) -> Friend:
    """友だち追加 (or unblocking): create the friend or make them active again."""
    from ..delivery_reports.events import record_follow

    friend = Friend.objects.by_line_user_id(user_id).select_for_update().first()
    if friend is None:
        friend = Friend.objects.create(line_user_id=user_id, followed_at=at)
        record_follow(friend, at)
        return friend
    was_following = friend.status == Friend.Status.FOLLOWING
    friend.status = Friend.Status.FOLLOWING
    friend.followed_at = at
    friend.blocked_at = None
    friend.save(
        update_fields=[
            "status",
            "followed_at",
            "blocked_at",
            "updated_at",
            "line_user_id_hash",
        ]
    )
    if not was_following:
        record_follow(friend, at)
    return friend


def unfollow(user_id: str, at: datetime.datetime) -> None:
    """Blocked: deliveries stop. Their 受信設定 stay in case they unblock."""
    from ..delivery_reports.events import record_block

    record_block(user_id, at)
    Friend.objects.by_line_user_id(user_id).update(
        status=Friend.Status.BLOCKED, blocked_at=at, updated_at=timezone.now()
    )


def messages_for(
    event: dict[str, Any], user_id: str, occurred_at: datetime.datetime
) -> list[dict]:
    """What to answer (possibly nothing) — the registry changes happen here too."""
    kind = event["type"]
    if kind == "follow":
        follow(user_id, occurred_at)
        return welcome_messages()
    if kind == "unfollow":
        unfollow(user_id, occurred_at)
        inbox.resident_left(user_id)  # nobody can answer a blocked account
        return []
    friend = _friend(user_id)
    if kind == "postback":
        data = str((event.get("postback") or {}).get("data", ""))
        tap = postback_tap(data)  # a rich-menu tap is counted on receipt
        if tap is not None and tap.kind == "switch":
            return []  # LINE already switched the menu; nothing to say
        if tap is not None and tap.kind == "text":
            return text_messages(tap.area.get("text", ""), friend)
        return route(data, friend)
    if kind == "message":
        # An open conversation with staff (or a request for one) goes to the inbox.
        routed = inbox.route_message(event, friend, user_id)
        if routed is not None:
            return routed
        message = event.get("message") or {}
        if message.get("type") == "text":
            text = str(message.get("text", ""))
            return inbox.after_bot_answer(friend, text, text_messages(text, friend))
        if message.get("type") == "location":
            try:
                return location_messages(
                    float(message["latitude"]), float(message["longitude"])
                )
            except (KeyError, TypeError, ValueError):
                return [help_message()]
        if message.get("type") == "image":
            from ..reports.chat import photo_received

            return photo_received(event, friend)  # a photo of a pothole: a report
        return [help_message("ありがとうございます。文字でご用件を送ってください。")]
    return []  # other event types need no answer


def handle(webhook_event_id: str) -> None:
    with transaction.atomic():
        stored = (
            WebhookEvent.objects.select_for_update(skip_locked=True)
            .filter(
                webhook_event_id=webhook_event_id, status=WebhookEvent.Status.PENDING
            )
            .first()
        )
        if stored is None:
            return  # already handled (a redelivered task) or being handled by another worker
        event = json.loads(stored.payload)
        source = event.get("source") or {}
        user_id = source.get("userId")
        if (
            source.get("type") != "user"
            or not user_id
            or event.get("mode") == "standby"
        ):
            # Groups and rooms, or another channel is in charge: accepted, not answered.
            stored.status = WebhookEvent.Status.IGNORED
            stored.save(update_fields=["status"])
            return
        messages = messages_for(event, user_id, stored.occurred_at)
        if not messages:
            stored.status = (
                WebhookEvent.Status.DONE
                if event["type"] in ("follow", "unfollow")
                else WebhookEvent.Status.IGNORED
            )
            stored.save(update_fields=["status"])
            return
        # Mark before sending: a crash after sending must not answer twice. The push
        # fallback's retry key is tied to the event id for the same reason.
        stored.status = WebhookEvent.Status.PROCESSING
        stored.processing_since = timezone.now()  # webhook_lifecycle resumes from it
        stored.save(update_fields=["status", "processing_since"])
    result = answer(
        user_id=user_id,
        reply_token=event.get("replyToken"),
        received_at=stored.received_at,
        webhook_event_id=webhook_event_id,
        messages=messages[:5],
    )
    stored.status = (
        WebhookEvent.Status.DONE if result.accepted else WebhookEvent.Status.FAILED
    )
    stored.error_message = (
        ""
        if result.accepted
        else f"{result.status} {result.message} {result.details}"[:2000]
    )
    WebhookEvent.objects.filter(pk=stored.pk).update(
        status=stored.status, error_message=stored.error_message
    )
    if not result.accepted:
        logger.warning(
            "Answer to event %s failed: %s", webhook_event_id, stored.error_message
        )

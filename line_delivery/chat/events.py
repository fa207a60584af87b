"""Handle one stored webhook event, exactly once."""

import datetime
import json
import logging
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ..crypto import decrypt, lookup_hash
from ..delivery_reports.events import record_block, record_follow
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


def follow(user_id: str, at: datetime.datetime) -> None:
    """友だち追加 (or unblocking): create the friend or make them active again.

    One upsert (INSERT … ON CONFLICT on the lookup hash DO UPDATE): a burst of
    follows is the busiest thing the worker does. 受信設定 of a returning friend stay.
    A follow by someone not already following goes into the follow/block log (a
    friend seen for the first time has no 受信設定 to copy into it).
    """
    user_hash = lookup_hash(user_id)
    previous = (
        Friend.objects.filter(line_user_id_hash=user_hash)
        .values_list("status", flat=True)
        .first()
    )
    (friend,) = Friend.objects.bulk_create(
        [
            Friend(
                line_user_id=user_id,
                line_user_id_hash=user_hash,
                status=Friend.Status.FOLLOWING,
                followed_at=at,
                blocked_at=None,
            )
        ],
        update_conflicts=True,
        unique_fields=["line_user_id_hash"],
        update_fields=["status", "followed_at", "blocked_at", "updated_at"],
    )
    if previous != Friend.Status.FOLLOWING:
        if friend.pk is None:  # a database that cannot return the upserted row's key
            friend = Friend.objects.get(line_user_id_hash=user_hash)
        record_follow(friend, at, new_friend=previous is None)


def unfollow(user_id: str, at: datetime.datetime) -> None:
    """Blocked: deliveries stop. Their 受信設定 stay in case they unblock."""
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


def _moment(value: datetime.datetime | str) -> datetime.datetime:
    """A raw cursor's timestamp: SQLite hands back UTC text, PostgreSQL a datetime."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


def handle_batch(webhook_event_ids: list[str]) -> None:
    """Answer the events of one webhook POST together, each still at most once.

    The same steps as ``handle`` with fewer round trips to the database: the pending
    events are claimed (marked ``processing``) by one ``UPDATE … RETURNING`` in the
    transaction that also makes their registry changes, so a crash after it cannot
    answer twice; the answers go out; the accepted ones are marked done by one
    ``UPDATE``. A claimed event is never taken by another worker (the claim only
    takes ``pending`` rows). PostgreSQL and SQLite ≥ 3.35 both have ``RETURNING``.
    """
    if not webhook_event_ids:
        return
    table = WebhookEvent._meta.db_table
    now = timezone.now()
    placeholders = ", ".join(["%s"] * len(webhook_event_ids))
    answers: list[tuple[int, str, dict[str, Any], datetime.datetime, list[dict]]] = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET status = %s, processing_since = %s "  # noqa: S608 - constants only
                f"WHERE webhook_event_id IN ({placeholders}) AND status = %s "
                "RETURNING id, webhook_event_id, payload, occurred_at, received_at",
                [
                    WebhookEvent.Status.PROCESSING,
                    now,
                    *webhook_event_ids,
                    WebhookEvent.Status.PENDING,
                ],
            )
            claimed = cursor.fetchall()
        order = {event_id: index for index, event_id in enumerate(webhook_event_ids)}
        claimed.sort(key=lambda row: order.get(row[1], 0))
        finished: dict[str, list[int]] = {
            WebhookEvent.Status.IGNORED: [],
            WebhookEvent.Status.DONE: [],
        }
        for pk, event_id, payload, occurred_at, received_at in claimed:
            event = json.loads(decrypt(payload))
            occurred_at, received_at = _moment(occurred_at), _moment(received_at)
            source = event.get("source") or {}
            user_id = source.get("userId")
            if (
                source.get("type") != "user"
                or not user_id
                or event.get("mode") == "standby"
            ):
                finished[WebhookEvent.Status.IGNORED].append(pk)
                continue
            messages = messages_for(event, user_id, occurred_at)
            if not messages:
                status = (
                    WebhookEvent.Status.DONE
                    if event["type"] in ("follow", "unfollow")
                    else WebhookEvent.Status.IGNORED
                )
                finished[status].append(pk)
                continue
            answers.append((pk, event_id, event, received_at, messages))
        for status, pks in finished.items():
            if pks:
                WebhookEvent.objects.filter(pk__in=pks).update(status=status)
    done: list[int] = []
    for pk, event_id, event, received_at, messages in answers:
        result = answer(
            user_id=event["source"]["userId"],
            reply_token=event.get("replyToken"),
            received_at=received_at,
            webhook_event_id=event_id,
            messages=messages[:5],
        )
        if result.accepted:
            done.append(pk)
            continue
        error = f"{result.status} {result.message} {result.details}"[:2000]
        WebhookEvent.objects.filter(pk=pk).update(
            status=WebhookEvent.Status.FAILED, error_message=error
        )
        logger.warning("Answer to event %s failed: %s", event_id, error)
    if done:
        WebhookEvent.objects.filter(pk__in=done).update(
            status=WebhookEvent.Status.DONE, error_message=""
        )

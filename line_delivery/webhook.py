"""``POST /line/webhook/``: verify, store once, answer 200 at once; Celery does the rest.

(Queueing and the sweep of stranded events: ``webhook_lifecycle.py``.)

LINE expects an answer within 2 seconds and may redeliver (line-platform.md §3). The
view only checks the signature over the raw body, stores each event under its unique
``webhookEventId`` and queues the new ones; nothing else happens in the request.
"""

import base64
import datetime
import hashlib
import hmac
import json
import logging
from typing import Any
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .client import is_sandbox
from .crypto import encrypt
from .models import WebhookEvent
from .webhook_lifecycle import queue_events


logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000
"""LINE's webhook bodies are a few KB; anything this large is not from LINE."""

SANDBOX_CHANNEL_SECRET = "sandbox-channel-secret"  # noqa: S105 - the sandbox has no real secret


def channel_secret() -> str:
    if is_sandbox() and not settings.LINE_CHANNEL_SECRET:
        return SANDBOX_CHANNEL_SECRET
    return settings.LINE_CHANNEL_SECRET


def signature_for(body: bytes, secret: str) -> str:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)


@csrf_exempt
@require_POST
def line_webhook(request: HttpRequest) -> JsonResponse:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return _error(413, "Request body too large")
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        return _error(413, "Request body too large")

    signature = request.headers.get("x-line-signature", "")
    secret = channel_secret()
    if (
        not secret
        or not signature
        or not hmac.compare_digest(
            signature.encode(), signature_for(body, secret).encode()
        )
    ):
        return _error(401, "Invalid signature")

    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        # RecursionError: signed but nested deeper than the parser goes.
        return _error(400, "Request body is not JSON")
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list) or not all(_well_formed(event) for event in events):
        return _error(400, "Request body is not a LINE webhook")
    try:
        serialized = [_serialized(event) for event in events]
    except (UnicodeEncodeError, RecursionError, ValueError):
        # A lone surrogate (\ud800) has no UTF-8 form and cannot be encrypted.
        return _error(400, "Request body is not valid UTF-8 JSON")

    to_queue = store_events(events, serialized)
    queue_events(to_queue)
    return JsonResponse({})


def _serialized(event: dict[str, Any]) -> str:
    text = json.dumps(event, ensure_ascii=False)
    text.encode("utf-8")  # strict: raises on lone surrogates
    return text


def _well_formed(event: Any) -> bool:
    return (
        isinstance(event, dict)
        and isinstance(event.get("webhookEventId"), str)
        and 0 < len(event["webhookEventId"]) <= 64
        and isinstance(event.get("type"), str)
        and isinstance(event.get("timestamp"), int)
    )


def store_events(
    events: list[dict[str, Any]], serialized: list[str] | None = None
) -> list[str]:
    """Insert events not seen before; return the ids to queue (in order).

    Those are the new events, and redelivered ones still ``pending``: stored by an
    earlier call whose queueing failed (webhook_lifecycle.py). Queueing a pending
    event twice is harmless; answering is guarded by its status.
    """
    if not events:
        return []
    if serialized is None:
        serialized = [json.dumps(event, ensure_ascii=False) for event in events]
    now = timezone.now()
    rows = []
    for event, text in zip(events, serialized, strict=True):
        source = event.get("source") if isinstance(event.get("source"), dict) else {}
        rows.append(
            [
                event["webhookEventId"],
                event["type"][:40],
                str(source.get("type", ""))[:10],
                encrypt(text),
                datetime.datetime.fromtimestamp(
                    event["timestamp"] / 1000, tz=datetime.UTC
                ),
                now,
                WebhookEvent.Status.PENDING,
                bool((event.get("deliveryContext") or {}).get("isRedelivery")),
                "",
            ]
        )
    table = WebhookEvent._meta.db_table
    columns = (
        "webhook_event_id, event_type, source_type, payload, occurred_at, received_at, "
        "status, is_redelivery, error_message"
    )
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    # One statement; duplicates (redeliveries) are skipped by the unique key.
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {placeholders} "  # noqa: S608 - constants only
        "ON CONFLICT (webhook_event_id) DO NOTHING RETURNING webhook_event_id"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        inserted = {row[0] for row in cursor.fetchall()}
    known = {event["webhookEventId"] for event in events} - inserted
    if known:
        inserted |= set(
            WebhookEvent.objects.filter(
                webhook_event_id__in=known, status=WebhookEvent.Status.PENDING
            ).values_list("webhook_event_id", flat=True)
        )
    seen: set[str] = set()
    to_queue = []
    for event in events:
        event_id = event["webhookEventId"]
        if event_id in inserted and event_id not in seen:
            seen.add(event_id)
            to_queue.append(event_id)
    return to_queue


def simulated_event(user_id: str, kind: str, **content: Any) -> dict[str, Any]:
    """A LINE-shaped event from a sandbox friend (the sandbox's "play the resident")."""
    now_ms = int(timezone.now().timestamp() * 1000)
    return {
        "type": kind,
        "mode": "active",
        "timestamp": now_ms,
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": f"sandbox-{uuid.uuid4().hex}",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        **content,
    }


def simulated_text_event(user_id: str, text: str) -> dict[str, Any]:
    now_ms = int(timezone.now().timestamp() * 1000)
    return simulated_event(
        user_id,
        "message",
        message={
            "id": str(now_ms),
            "type": "text",
            "text": text,
            "quoteToken": "sandbox",
        },
    )


def simulated_postback_event(user_id: str, postback: dict[str, Any]) -> dict[str, Any]:
    """A rich-menu or button tap as LINE reports it (``postback.data``, ``params``)."""
    return simulated_event(user_id, "postback", postback=postback)

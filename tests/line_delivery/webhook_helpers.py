"""Build signed, LINE-shaped webhook calls (line-platform.md §3) for tests and benchmarks."""

import itertools
import json
import time
from typing import Any

from line_delivery.webhook import signature_for


_counter = itertools.count(1)
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def event_id() -> str:
    """A ULID-shaped, unique webhookEventId."""
    number = next(_counter) + int(time.time() * 1000) * 1_000_000
    chars = []
    for _ in range(26):
        number, digit = divmod(number, 32)
        chars.append(CROCKFORD[digit])
    return "".join(reversed(chars))


def base_event(
    kind: str, user_id: str, *, reply_token: str | None = "auto", **extra: Any
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": event_id(),
        "deliveryContext": {"isRedelivery": False},
    }
    if reply_token:
        event["replyToken"] = reply_token
    event.update(extra)
    return event


def text_event(user_id: str, text: str, reply_token: str) -> dict[str, Any]:
    return base_event(
        "message",
        user_id,
        reply_token=reply_token,
        message={
            "id": "14353798921116",
            "type": "text",
            "text": text,
            "quoteToken": "q3Plxr4AgKd",
        },
    )


def body_for(*events: dict[str, Any]) -> bytes:
    return json.dumps(
        {"destination": "U" + "0" * 32, "events": list(events)}, ensure_ascii=False
    ).encode()


def post_webhook(client, body: bytes, secret: str, *, signature: str | None = None):
    return client.post(
        "/line/webhook/",
        data=body,
        content_type="application/json",
        headers={
            "x-line-signature": signature
            if signature is not None
            else signature_for(body, secret)
        },
    )

"""Answering residents: reply while the token is valid, otherwise push (once)."""

import datetime
import logging
import uuid

from django.utils import timezone

from . import client, ratelimit
from .sandbox import register_reply_token


logger = logging.getLogger(__name__)

REPLY_TOKEN_LIFETIME = datetime.timedelta(seconds=50)
"""LINE accepts a reply token for about a minute after the event; keep a margin."""

PUSH_KEY_NAMESPACE = uuid.UUID("6f1c3a52-5b1e-4c38-9d2e-0b7f5c3e8a11")


def answer(
    *,
    user_id: str,
    reply_token: str | None,
    received_at: datetime.datetime,
    webhook_event_id: str,
    messages: list[dict],
) -> client.SendResult:
    """Reply if we still can; fall back to a push whose retry key is tied to the event.

    The key is derived from the event id, so answering the same event again (a worker
    restart) cannot push twice.
    """
    if reply_token and timezone.now() - received_at < REPLY_TOKEN_LIFETIME:
        if client.is_sandbox():
            register_reply_token(reply_token, user_id)
        result = client.reply(reply_token, messages)
        if result.accepted or not (
            result.status == 400 and "reply token" in result.message.lower()
        ):
            return result
        logger.info(
            "Reply token no longer valid for event %s; pushing instead",
            webhook_event_id,
        )
    ratelimit.acquire("push")
    return client.push(
        user_id, messages, uuid.uuid5(PUSH_KEY_NAMESPACE, webhook_event_id)
    )

"""Answering residents: reply while the token is valid, otherwise push (once)."""

import datetime
import logging
import uuid

from django.utils import timezone

from . import client, fallback, ratelimit
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
    messages = fallback.sendable(messages)
    if reply_token and timezone.now() - received_at < REPLY_TOKEN_LIFETIME:
        if client.is_sandbox():
            register_reply_token(reply_token, user_id)
        result = _refused_as_text(
            client.reply(reply_token, messages),
            messages,
            lambda plain: client.reply(reply_token, plain),
        )
        if result.accepted or not (
            result.status == 400 and "reply token" in result.message.lower()
        ):
            return result
        logger.info(
            "Reply token no longer valid for event %s; pushing instead",
            webhook_event_id,
        )
    ratelimit.acquire("push")
    key = push_retry_key(webhook_event_id)
    return _refused_as_text(
        client.push(user_id, messages, key),
        messages,
        # LINE took no message of a refused request: the same key is still unused.
        lambda plain: client.push(user_id, plain, key),
    )


def _refused_as_text(result, messages, send_plain) -> client.SendResult:
    """A 400 for the content (not the token): send the answer again as plain text."""
    if result.status != 400 or "reply token" in result.message.lower():
        return result
    plain = fallback.refused(messages, result.details or [])
    return result if plain == messages else send_plain(plain)


def push_retry_key(webhook_event_id: str) -> uuid.UUID:
    return uuid.uuid5(PUSH_KEY_NAMESPACE, webhook_event_id)


def answer_once_more(
    *,
    user_id: str,
    reply_token: str | None,
    webhook_event_id: str,
    messages: list[dict],
) -> client.SendResult:
    """Answer an event whose first attempt may or may not have reached LINE.

    ``reply_token``: the first attempt may have replied and the token still lives.
    Replying again is safe (a used token is refused), and a refusal means the first
    reply went out, so it counts as answered and nothing is pushed. Without a token,
    the first attempt pushed (or nothing was sent): the same event-derived retry key
    makes LINE answer 409 rather than deliver twice.
    """
    messages = fallback.sendable(messages)
    if reply_token:
        if client.is_sandbox():
            register_reply_token(reply_token, user_id)
        result = client.reply(reply_token, messages)
        if result.status == 400 and "reply token" in result.message.lower():
            logger.info(
                "Event %s was already answered with its reply token", webhook_event_id
            )
            return client.SendResult(status=409, message="already replied")
        return result
    ratelimit.acquire("push")
    return client.push(user_id, messages, push_retry_key(webhook_event_id))

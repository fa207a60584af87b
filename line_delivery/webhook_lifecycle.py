"""A stored webhook event's life: stored → queued → answered, and swept when stranded.

The view stores every event before it answers LINE (``webhook.store_events``), then
queues the ids. Queueing can fail after the store (Redis down, a process killed
between the two), and a worker can die after it marked an event ``processing``. No
event is left behind:

* LINE's redelivery of a ``webhookEventId`` we hold ``pending`` queues it again (it is
  still a duplicate for storage, but not for answering);
* the ``line-sweep-stranded-webhook-events`` beat job queues ``pending`` events older
  than a short age, and resumes ``processing`` ones whose worker went away.

Answering stays at most once: ``chat.events.handle`` only takes a ``pending`` event,
under a row lock, and marks it ``processing`` before anything is sent. A resumed
``processing`` event is answered with the reply token while it lives (a token already
used is refused by LINE, which means the first answer went out), otherwise by a push
whose retry key derives from the event id (LINE answers 409 if the first push went
out). When the first attempt may have used the reply token and the token has expired
since, nobody can tell whether the resident got the answer: the event is marked
failed rather than risk a second one.

Where handling itself happens (``tasks.handle_webhook_events``, batching per POST) is
not this module's concern: it only decides *when* ids are handed to that task.
"""

from __future__ import annotations

import datetime
import json
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import client
from .models import WebhookEvent
from .replies import REPLY_TOKEN_LIFETIME, answer_once_more


logger = logging.getLogger(__name__)

SWEEP_BATCH = 100
"""Events per queued task when the sweep finds many (an outage's backlog)."""


def queue_events(webhook_event_ids: list[str]) -> None:
    """Hand stored events to whoever answers them, once the transaction commits.

    A failure to queue is logged, not raised: the events are stored, LINE gets its
    200, and the sweep queues them once the broker is back.
    """
    if not webhook_event_ids:
        return
    from .tasks import handle_webhook_events

    ids = list(webhook_event_ids)
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.EMBEDDED_BACKGROUND_WORKER:
        # The embedded default: answer on the in-process worker thread, not in the
        # request (cms/embedded/worker.py).
        from cms.embedded import worker

        transaction.on_commit(lambda: worker.submit(handle_webhook_events, ids))
        return

    def publish() -> None:
        try:
            handle_webhook_events.delay(ids)
        except Exception:  # kombu's errors vary by transport
            logger.exception(
                "Could not queue %d webhook events; the sweep will queue them",
                len(ids),
            )

    transaction.on_commit(publish)


def stranded_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WEBHOOK_STRANDED_AFTER_SECONDS)


def sweep_stranded_events(now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue pending events past the age, resume processing ones; return the counts."""
    from .tasks import handle_webhook_events, resume_webhook_answers

    now = now or timezone.now()
    cutoff = now - stranded_after()
    pending = list(
        WebhookEvent.objects.filter(
            status=WebhookEvent.Status.PENDING, received_at__lt=cutoff
        )
        .order_by("received_at")
        .values_list("webhook_event_id", flat=True)[: SWEEP_BATCH * 20]
    )
    processing = list(
        WebhookEvent.objects.filter(
            status=WebhookEvent.Status.PROCESSING, processing_since__lt=cutoff
        )
        .order_by("received_at")
        .values_list("webhook_event_id", flat=True)[: SWEEP_BATCH * 20]
    )
    for start in range(0, len(pending), SWEEP_BATCH):
        handle_webhook_events.delay(pending[start : start + SWEEP_BATCH])
    for start in range(0, len(processing), SWEEP_BATCH):
        resume_webhook_answers.delay(processing[start : start + SWEEP_BATCH])
    if pending or processing:
        logger.warning(
            "Swept stranded webhook events: %d pending queued, %d processing resumed",
            len(pending),
            len(processing),
        )
    return {"pending": len(pending), "processing": len(processing)}


UNKNOWN_OUTCOME = (
    "応答の途中で処理が止まり、返信が届いたか確認できないため、二重に送らないよう"
    "再送しませんでした。"
)


def resume_answer(webhook_event_id: str) -> None:
    """Finish answering an event a lost worker left ``processing`` (at most once)."""
    from .chat.events import messages_for

    now = timezone.now()
    with transaction.atomic():
        stored = (
            WebhookEvent.objects.select_for_update(skip_locked=True)
            .filter(
                webhook_event_id=webhook_event_id,
                status=WebhookEvent.Status.PROCESSING,
                processing_since__lt=now - stranded_after(),
            )
            .first()
        )
        if stored is None:
            return  # finished meanwhile, or another sweep has it
        event = json.loads(stored.payload)
        user_id = (event.get("source") or {}).get("userId")
        reply_token = event.get("replyToken")
        started = stored.processing_since or stored.received_at
        reply_was_possible = bool(reply_token) and (
            started - stored.received_at < REPLY_TOKEN_LIFETIME
        )
        token_alive = now - stored.received_at < REPLY_TOKEN_LIFETIME
        if not user_id or (reply_was_possible and not token_alive):
            WebhookEvent.objects.filter(pk=stored.pk).update(
                status=WebhookEvent.Status.FAILED, error_message=UNKNOWN_OUTCOME
            )
            return
        # Claim it again, so the next sweep leaves it to us for another while.
        WebhookEvent.objects.filter(pk=stored.pk).update(processing_since=now)
    messages = messages_for(event, user_id, stored.occurred_at)
    if not messages:
        WebhookEvent.objects.filter(pk=stored.pk).update(
            status=WebhookEvent.Status.DONE
        )
        return
    result: client.SendResult = answer_once_more(
        user_id=user_id,
        reply_token=reply_token if reply_was_possible else None,
        webhook_event_id=webhook_event_id,
        messages=messages[:5],
    )
    WebhookEvent.objects.filter(pk=stored.pk).update(
        status=WebhookEvent.Status.DONE
        if result.accepted
        else WebhookEvent.Status.FAILED,
        error_message=""
        if result.accepted
        else f"{result.status} {result.message} {result.details}"[:2000],
    )

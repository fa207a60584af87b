"""Inbox tasks: send a staff reply, mark as read, fetch media, purge old conversations.

They take ids, re-read rows and are idempotent (``shared_task``, house style).
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from celery import shared_task

from . import sending
from .models import ChatContext, Conversation


logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 8
MAX_FETCH_ATTEMPTS = 6


def run_with_retries(task, work, give_up, item_id: int, max_retries: int) -> None:
    if task.request.is_eager:
        # In-process (make run, tests): no broker to come back through, retry inline.
        for _attempt in range(max_retries + 1):
            if work(item_id) == sending.Outcome.DONE:
                return
        give_up(item_id)
        return
    if work(item_id) == sending.Outcome.RETRY:
        if task.request.retries >= max_retries:
            give_up(item_id)
            return
        raise task.retry(countdown=min(2**task.request.retries, 64))


@shared_task(
    bind=True, max_retries=MAX_SEND_ATTEMPTS, ignore_result=True, acks_late=True
)
def send_outgoing(self, message_id: int) -> None:
    """Push a staff reply (or the closing message) with its saved retry key."""
    run_with_retries(self, sending.send, sending.give_up, message_id, self.max_retries)


@shared_task(
    bind=True, max_retries=MAX_FETCH_ATTEMPTS, ignore_result=True, acks_late=True
)
def fetch_media(self, message_id: int) -> None:
    """Fetch what a resident sent from the api-data host while LINE still keeps it."""
    run_with_retries(
        self,
        sending.fetch_content,
        sending.give_up_content,
        message_id,
        self.max_retries,
    )


@shared_task(ignore_result=True)
def mark_conversation_read(conversation_id: int) -> None:
    sending.mark_read(conversation_id)


@shared_task(ignore_result=True, acks_late=True)
def purge_expired_conversations() -> int:
    """Beat, hourly: conversations past the retention period go, with messages and media.

    Closed ones count from 完了, open ones from their last message; the bot's short
    context is kept only ``INBOX_CONTEXT_HOURS``.
    """
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=settings.INBOX_RETENTION_DAYS)
    expired = Conversation.objects.filter(
        state=Conversation.State.CLOSED, closed_at__lt=cutoff
    ) | Conversation.objects.open().filter(last_message_at__lt=cutoff)
    deleted, _ = Conversation.objects.filter(
        pk__in=list(expired.values_list("pk", flat=True))
    ).delete()
    ChatContext.objects.filter(
        updated_at__lt=now - datetime.timedelta(hours=settings.INBOX_CONTEXT_HOURS)
    ).delete()
    if deleted:
        logger.info("Purged %s inbox rows past retention", deleted)
    return deleted


@shared_task(ignore_result=True, autoretry_for=(OSError,), retry_backoff=True)
def send_notification(subject: str, body: str, emails: list[str]) -> None:
    """One e-mail per staff member (no list of colleagues' addresses in To)."""
    from .notifications import send_now

    send_now(subject, body, emails)

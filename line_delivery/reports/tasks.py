"""Report tasks: push a notification, purge residents' data past retention.

They take ids, re-read rows and are idempotent (``shared_task``, house style).
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from celery import Task, shared_task

from ..inbox.tasks import run_with_retries
from . import chat, notifications
from .models import (
    ChatPhoto,
    Report,
    ReportNotification,
    ReportPhoto,
    ReportSettings,
    ReportUpdate,
)


logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 8


@shared_task(
    bind=True, max_retries=MAX_SEND_ATTEMPTS, ignore_result=True, acks_late=True
)
def send_notification(self: Task, notification_id: int) -> None:
    """Push a receipt or a state change with its saved retry key."""
    run_with_retries(
        self,
        notifications.send,
        notifications.give_up,
        notification_id,
        self.max_retries,
    )


@shared_task(bind=True, max_retries=6, ignore_result=True, acks_late=True)
def fetch_chat_photo(self: Task, photo_id: int) -> None:
    """Fetch a photo sent in the chat while LINE still keeps it."""
    run_with_retries(self, chat.fetch, chat.give_up, photo_id, self.max_retries)


@shared_task(ignore_result=True, acks_late=True)
def purge_expired_reports() -> int:
    """Beat, hourly: finished reports past the city's retention lose the resident's data.

    Photos, the description, notes, notification texts and the link to the LINE
    friend go; category, place, state and dates stay for statistics and Open311.
    """
    days = ReportSettings.load().retention_days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    expired = list(
        Report.objects.exclude(state__in=Report.OPEN_STATES)
        .filter(closed_at__lt=cutoff, personal_data_purged_at__isnull=True)
        .values_list("pk", flat=True)
    )
    for report_id in expired:
        purge_report(report_id)
    ChatPhoto.objects.filter(
        created_at__lt=timezone.now()
        - datetime.timedelta(hours=settings.REPORTS_CHAT_PHOTO_HOURS)
    ).delete()
    if expired:
        logger.info("Purged residents' data of %s reports", len(expired))
    return len(expired)


def purge_report(report_id: int) -> None:
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.personal_data_purged_at:
            return
        ReportPhoto.objects.filter(report=report).delete()
        ReportUpdate.objects.filter(report=report).update(text="")
        ReportNotification.objects.filter(report=report).update(text="")
        report.description = ""
        report.friend = None
        report.personal_data_purged_at = timezone.now()
        report.save(update_fields=["description", "friend", "personal_data_purged_at"])

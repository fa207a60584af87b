"""Celery tasks of the delivery engine. They take ids, re-read rows and are idempotent."""

import datetime
import logging

from wagtail.models import Page, Revision

from celery import shared_task

from cms import audit

from . import delivery as engine
from .models import Delivery, WebhookEvent
from .surveys.answers import purge_expired_answers


logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 8
"""Retries after the first attempt (nine attempts in all) before a request is failed."""
AUDIT_ACTIONS = {
    Delivery.Kind.TEST: "delivery.test_send",
    Delivery.Kind.REDELIVER: "delivery.redeliver",
}
"""Audit-log action per delivery kind (a publish's delivery is ``delivery.start``)."""


@shared_task(
    bind=True,
    autoretry_for=(engine.ValidationUnavailable,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
    # A worker killed while planning: the task comes back and the plan resumes
    # after its last committed request (delivery.plan).
    acks_late=True,
)
def plan_delivery(self, delivery_id: int) -> None:
    """Fix the audience and requests of a delivery, queueing requests as they are
    committed (sending starts while a large audience is still being planned)."""
    delivery = Delivery.objects.filter(pk=delivery_id).select_related("page").first()
    if delivery is None or delivery.page is None:
        return
    page = delivery.page.specific
    if delivery.kind == Delivery.Kind.TEST and delivery.revision_id:
        # Test sends show the latest draft, even of a page never published.
        page = Revision.objects.get(pk=delivery.revision_id).as_object()
    elif not page.live:
        engine.fail(delivery, "ページが非公開になったため配信しませんでした。")
        return
    elif (
        delivery.kind == Delivery.Kind.SURVEY_REMINDER
        and page.status() == page.Status.CLOSED
    ):
        engine.fail(delivery, "アンケートの締切を過ぎたため送りませんでした。")
        return
    from .delivery_reports.units import assign_unit

    assign_unit(delivery)
    engine.plan(delivery, page, on_planned=queue_requests)


def queue_requests(request_ids: list[int]) -> None:
    """Queue planned requests a few per task (``delivery.SEND_BATCH_REQUESTS``)."""
    size = engine.SEND_BATCH_REQUESTS
    for start in range(0, len(request_ids), size):
        send_delivery_requests.delay(request_ids[start : start + size])


def _send(task, request_ids: list[int]) -> None:
    """Send these requests; queue the ones LINE asked us to retry after their backoff
    (the same retry keys), give up on those out of attempts."""
    if task.request.is_eager:
        # In-process (make run, tests): no broker to come back through, retry inline.
        for _attempt in range(MAX_SEND_ATTEMPTS + 1):
            request_ids = [pk for pk, _attempts in engine.send_batch(request_ids)]
            if not request_ids:
                return
        for request_id in request_ids:
            engine.give_up(request_id)
        return
    later: dict[int, list[int]] = {}
    for request_id, attempts in engine.send_batch(request_ids):
        if attempts > MAX_SEND_ATTEMPTS:
            engine.give_up(request_id)
        else:
            later.setdefault(attempts, []).append(request_id)
    for attempts, ids in later.items():
        # Exponential backoff with the same retry key: 1, 2, 4 … 64 s.
        send_delivery_requests.apply_async(
            (ids,), countdown=engine.retry_backoff_seconds(attempts)
        )


@shared_task(bind=True, ignore_result=True, acks_late=True)
def send_delivery_requests(self, request_ids: list[int]) -> None:
    """Send a few planned requests together (one claim, one rate-limit call, one
    update); each is still sent at most once and retried on its own schedule."""
    _send(self, request_ids)


@shared_task(bind=True, ignore_result=True, acks_late=True)
def send_delivery_request(self, request_id: int) -> None:
    """One request (a resend from the delivery report); the same as a batch of one."""
    _send(self, [request_id])


@shared_task(ignore_result=True, acks_late=True)
def send_due_reminders(now: str | None = None) -> int:
    """Beat, every minute: plan the garbage reminders due now (and any missed), send.

    ``now`` (ISO 8601) replaces the clock, for benchmarks and tests.
    """
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from .reminders.planning import due_minutes, plan_minute

    moment = parse_datetime(now) if now else timezone.now()
    queued = 0
    for minute in due_minutes(moment):
        request_ids = plan_minute(minute)
        queue_requests(request_ids)
        queued += len(request_ids)
    return queued


@shared_task(ignore_result=True)
def resume_stalled_deliveries(stalled_after_seconds: int | None = None) -> int:
    """Requeue requests left pending by a crashed worker (each is still sent only once).

    Beat runs this every 10 s with a 20 s window: a dead worker's in-flight request
    is sent again within 30 s of its delivery's last progress.
    """
    from django.conf import settings

    if stalled_after_seconds is None:
        stalled_after_seconds = settings.DELIVERY_STALLED_AFTER_SECONDS
    request_ids = engine.pending_request_ids(
        datetime.timedelta(seconds=stalled_after_seconds)
    )
    queue_requests(request_ids)
    for delivery_id in engine.stalled_plan_ids(
        datetime.timedelta(seconds=stalled_after_seconds)
    ):
        plan_delivery.delay(delivery_id)
    return len(request_ids)


def deliver_page(
    page_id: int, revision_id: int, kind: str, user_id: int | None = None
) -> int | None:
    """Create and queue the delivery of a page revision; returns its id (None if skipped)."""
    page = Page.objects.filter(pk=page_id).first()
    revision = Revision.objects.filter(pk=revision_id).first()
    if page is None or revision is None:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    delivery = engine.create_page_delivery(page.specific, revision, kind, user)
    if delivery is None:
        return None
    audit.record(
        user,
        AUDIT_ACTIONS.get(kind, "delivery.start"),
        page,
        delivery_id=delivery.pk,
        kind=kind,
        revision_id=revision_id,
    )
    plan_delivery.delay_on_commit(delivery.pk)
    return delivery.pk


@shared_task(ignore_result=True)
def deliver_published_page(page_id: int, revision_id: int) -> None:
    """The publish hook's task: skip stale jobs (a newer revision or unpublished page)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live or page.live_revision_id != revision_id:
        return
    from .digest import sending as digest

    if digest.sent_in_digest(page_id):
        return  # it went out in a まとめて配信: like a publish, once
    if Delivery.objects.filter(page_id=page_id, kind=Delivery.Kind.PUBLISH).exists():
        # An edit re-published: staff choose 再配信 explicitly. A notice that was
        # lifted (解除) is the exception: those who got it are told, once.
        # A notice whose events ended was already followed up (send_follow_ups).
        if getattr(page.specific, "lifted_at", None) is not None and not (
            Delivery.objects.filter(
                page_id=page_id, kind=Delivery.Kind.FOLLOW_UP
            ).exists()
        ):
            deliver_page(page_id, revision_id, Delivery.Kind.LIFT)
        return
    if digest.holds(page.specific):
        digest.queue(page, Revision.objects.filter(pk=revision_id).first())
        return
    # Waiting for the digest but now urgent, or with a topic sent at once: it goes now.
    digest.withdraw(page_id)
    deliver_page(page_id, revision_id, Delivery.Kind.PUBLISH)


@shared_task(ignore_result=True, acks_late=True)
def send_due_digest(now: str | None = None) -> int:
    """Beat, every 5 minutes: once the digest time has passed, send the day's
    まとめて配信 (once a day; see ``digest.sending``). Returns the requests queued.

    ``now`` (ISO 8601) replaces the clock, for tests.
    """
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from .digest.sending import send_due

    moment = parse_datetime(now) if now else timezone.now()
    try:
        return len(send_due(moment, on_planned=queue_requests))
    except engine.ValidationUnavailable as error:
        # Nothing was committed: the next run (5 minutes on) plans the digest again.
        logger.warning("The digest waits for LINE's validate endpoint: %s", error)
        return 0


@shared_task(ignore_result=True)
def apply_drafted_mail_events(page_id: int) -> None:
    """A notice drafted from a 防災メール went live: what the mail ends ends now."""
    from .mail_bridge.lifecycle import apply_on_first_publish

    apply_on_first_publish(page_id)


@shared_task(ignore_result=True)
def send_follow_ups(ending_id: int) -> None:
    """Tell those who received the notices an end ended, once (``follow_up``)."""
    from home.models import NoticeEnding

    from .follow_up import follow_up_deliveries

    ending = NoticeEnding.objects.filter(pk=ending_id).first()
    if ending is None:
        return
    # One after another in this task: each plan leaves out whom earlier ones cover.
    for delivery in follow_up_deliveries(ending):
        page = delivery.page.specific if delivery.page else None
        if page is None or not page.live:
            continue
        if delivery.status == Delivery.Status.PLANNING:
            audit.record(
                None,
                "delivery.start",
                page,
                delivery_id=delivery.pk,
                kind=delivery.kind,
                ending_id=ending_id,
            )
        engine.plan(delivery, page, on_planned=queue_requests)


@shared_task(ignore_result=True, acks_late=True)
def handle_webhook_events(webhook_event_ids: list[str]) -> None:
    """Answer new webhook events (each at most once; see ``chat.events.handle``).

    The events of one POST are answered together (``handle_batch``); if that fails
    (one event's data breaks a handler), each is tried on its own, so one bad event
    does not stop the others.
    """
    from .chat.events import handle, handle_batch

    try:
        handle_batch(webhook_event_ids)
        return
    except Exception:
        logger.exception("Webhook events could not be handled together; one by one")
    for webhook_event_id in webhook_event_ids:
        try:
            handle(webhook_event_id)
        except Exception:
            # One bad event must not stop the others in the same webhook call.
            logger.exception("Webhook event %s could not be handled", webhook_event_id)
            WebhookEvent.objects.filter(
                webhook_event_id=webhook_event_id, status__in=["pending", "processing"]
            ).update(status="failed", error_message="処理中にエラーが発生しました")


@shared_task(ignore_result=True, acks_late=True)
def resume_webhook_answers(webhook_event_ids: list[str]) -> None:
    """Finish events a lost worker left ``processing`` (``webhook_lifecycle``)."""
    from .webhook_lifecycle import resume_answer

    for webhook_event_id in webhook_event_ids:
        try:
            resume_answer(webhook_event_id)
        except Exception:
            logger.exception("Webhook event %s could not be resumed", webhook_event_id)


@shared_task(ignore_result=True)
def sweep_stranded_webhook_events() -> dict[str, int]:
    """Beat: queue events stored but never queued, resume abandoned ones."""
    from .webhook_lifecycle import sweep_stranded_events

    return sweep_stranded_events()


@shared_task(ignore_result=True)
def purge_expired_personal_data() -> dict[str, int]:
    """Delete blocked friends, old webhook events and survey answers past retention."""
    from django.conf import settings
    from django.utils import timezone

    from .models import Friend

    now = timezone.now()
    friends, _ = Friend.objects.filter(
        status=Friend.Status.BLOCKED,
        blocked_at__lt=now
        - datetime.timedelta(days=settings.BLOCKED_FRIEND_RETENTION_DAYS),
    ).delete()
    events, _ = WebhookEvent.objects.filter(
        received_at__lt=now
        - datetime.timedelta(days=settings.WEBHOOK_EVENT_RETENTION_DAYS)
    ).delete()
    from .reminders.models import ReminderReceipt, ReminderRun

    receipts, _ = ReminderReceipt.objects.filter(
        collection_date__lt=timezone.localdate() - datetime.timedelta(days=7)
    ).delete()
    ReminderRun.objects.filter(
        scheduled_for__lt=now - datetime.timedelta(days=7)
    ).delete()
    answers = purge_expired_answers(now)
    return {
        "friends": friends,
        "webhook_events": events,
        "reminders": receipts,
        "survey_answers": answers,
    }


@shared_task(ignore_result=True)
def send_due_survey_reminders() -> int:
    """Beat job: queue each survey reminder whose time has come, once per reminder time.

    Staff who move the reminder time later get one more reminder at the new time.
    """
    from django.db import transaction
    from django.db.models import Q
    from django.utils import timezone

    from home.models import SurveyPage

    now = timezone.now()
    due = (
        SurveyPage.objects.live()
        .filter(send_to_line=True, reminder_at__lte=now)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    )
    queued = 0
    for page in due:
        with transaction.atomic():
            # Lock the page so two overlapping runs cannot both queue this reminder.
            Page.objects.select_for_update().filter(pk=page.pk).first()
            if Delivery.objects.filter(
                page_id=page.pk,
                kind=Delivery.Kind.SURVEY_REMINDER,
                created_at__gte=page.reminder_at,
            ).exists():
                continue
            delivery = Delivery.objects.create(
                page=page,
                revision_id=page.live_revision_id,
                kind=Delivery.Kind.SURVEY_REMINDER,
                title=page.title,
            )
            plan_delivery.delay_on_commit(delivery.pk)
            queued += 1
    return queued


# Report tasks live with their package; importing them here registers them with Celery.
from .delivery_reports.tasks import (  # noqa: E402, F401
    refresh_delivery_statistics,
    refresh_line_follower_counts,
)

# Rich-menu tasks live with their package; importing them here registers them with Celery.
from .rich_menus.tasks import (  # noqa: E402, F401
    delete_replaced_rich_menus,
    publish_rich_menu,
    switch_default_rich_menu,
)


@shared_task(ignore_result=True)
def poll_disaster_mailbox() -> int:
    """Fetch new 防災情報メール over IMAPS (no-op without DISASTER_MAIL_IMAP_HOST)."""
    from .mail_bridge.imap import poll_configured_mailbox

    return poll_configured_mailbox()


@shared_task(ignore_result=True, acks_late=True)
def ingest_disaster_mail(raw_base64: str) -> None:
    """A mail queued by ``mail_bridge.pipe``; ingesting twice is harmless (dedupe)."""
    import base64

    from .mail_bridge.ingest import ingest
    from .models import IncomingMail

    ingest(base64.b64decode(raw_base64), IncomingMail.Channel.PIPE)

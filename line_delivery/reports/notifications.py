"""Pushes to the resident about their report (受付番号, state changes), exactly once.

A ``ReportNotification`` row with its retry key is committed before the first
attempt; ``send`` locks it, and only a PENDING row is ever sent. A 5xx or a timeout
is retried with the same ``X-Line-Retry-Key`` and a 409 means LINE already accepted
it, so one state change never reaches the resident twice.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import client, ratelimit
from ..flex import absolute_url
from ..inbox.sending import Outcome, reply_problems
from .models import Report, ReportNotification, ReportUpdate


def status_url(report: Report) -> str:
    """The resident's own page of the report (inside LINE when a LIFF id is set)."""
    path = f"/reports/{report.pk}/"
    if settings.LINE_LIFF_ID:
        return f"https://liff.line.me/{settings.LINE_LIFF_ID}{path}"
    return absolute_url(f"/liff{path}")


def receipt_text(report: Report) -> str:
    return (
        "通報を受け付けました。ありがとうございます。\n"
        f"受付番号: {report.receipt_number}\n"
        f"種類: {report.category.name}\n"
        f"担当: {report.department.name}\n"
        "対応の状況が変わると、このLINEでお知らせします。\n"
        f"状況の確認: {status_url(report)}"
    )


def _state_words(report: Report) -> str:
    words = report.get_state_display()
    if report.state == Report.State.REFUSED and report.state_reason:
        words += f"（理由: {report.state_reason}）"
    return words


def _with_message(head: str, message: str) -> str:
    return f"{head}\n{message.strip()}" if message.strip() else head


def update_text(report: Report, message: str) -> str:
    """What a state change says: the receipt number, the new state, the staff text."""
    return _with_message(
        f"【通報 {report.receipt_number}】{_state_words(report)}", message
    )


def follow_text(duplicate: Report, main: Report, message: str) -> str:
    """To the resident of a merged duplicate: the report it joined has moved on."""
    return _with_message(
        f"【通報 {duplicate.receipt_number}】まとめて対応している通報"
        f"（受付番号 {main.receipt_number}）: {_state_words(main)}",
        message,
    )


def message_problems(report: Report, message: str) -> list[str]:
    """Japanese reasons LINE would refuse the update text (empty when fine)."""
    return reply_problems(update_text(report, message))


def queue_receipt(report: Report) -> ReportNotification | None:
    """The LINE message with the receipt number (nothing for reports not from LINE)."""
    if report.friend_id is None:
        return None
    notification, created = ReportNotification.objects.get_or_create(
        report=report,
        kind=ReportNotification.Kind.RECEIPT,
        defaults={"text": receipt_text(report)},
    )
    if created:
        _queue(notification)
    return notification


def queue_update(
    report: Report, update: ReportUpdate, message: str, *, text: str = ""
) -> ReportNotification | None:
    """One push for one state change (``update``), never a second one."""
    if report.friend_id is None or report.personal_data_purged_at:
        return None
    notification, created = ReportNotification.objects.get_or_create(
        update=update,
        defaults={
            "report": report,
            "kind": ReportNotification.Kind.UPDATE,
            "text": text or update_text(report, message),
        },
    )
    if created:
        _queue(notification)
    return notification


def _queue(notification: ReportNotification) -> None:
    from .tasks import send_notification

    send_notification.delay_on_commit(notification.pk)


def send(notification_id: int) -> str:
    """Push one stored notification, at most once. Returns DONE or RETRY."""
    with transaction.atomic():
        notification = (
            ReportNotification.objects.select_for_update(of=("self",))
            .select_related("report__friend")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status != notification.Status.PENDING:
            return Outcome.DONE
        friend = notification.report.friend
        if friend is None or friend.status != friend.Status.FOLLOWING:
            return _fail(notification, "住民が友だちではなくなったため送りません。")
        now = timezone.now()
        window = datetime.timedelta(seconds=settings.LINE_RETRY_WINDOW_SECONDS)
        if (
            notification.first_attempt_at
            and now - notification.first_attempt_at > window
        ):
            return _fail(
                notification,
                "再送できる期間を過ぎたため、二重送信を避けて中止しました。",
            )
        notification.attempts += 1
        notification.first_attempt_at = notification.first_attempt_at or now
        ratelimit.acquire("push")
        result = client.push(
            friend.line_user_id,
            [{"type": "text", "text": notification.text}],
            notification.retry_key,
        )
        notification.last_status_code = result.status
        if result.accepted:
            notification.status = notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.error_message = ""
            notification.save()
            return Outcome.DONE
        reason = f"{result.status} {result.message}"[:500]
        if result.retryable:
            notification.error_message = (
                f"LINE側のエラー（{reason}）。同じ再送キーで再送します。"
            )
            notification.save()
            return Outcome.RETRY
        return _fail(notification, f"LINEが受け付けませんでした（{reason}）。")


def _fail(notification: ReportNotification, reason: str) -> str:
    notification.status = notification.Status.FAILED
    notification.error_message = reason
    notification.save()
    return Outcome.DONE


def give_up(notification_id: int) -> None:
    with transaction.atomic():
        notification = (
            ReportNotification.objects.select_for_update()
            .filter(pk=notification_id, status=ReportNotification.Status.PENDING)
            .first()
        )
        if notification is not None:
            _fail(
                notification,
                f"再送を重ねても届きませんでした: {notification.error_message}",
            )

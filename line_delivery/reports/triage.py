"""What staff do to a report: state, assignee, priority, notes, merging duplicates.

Each action writes one ``ReportUpdate`` (the history); a state change may queue one
push to the resident (``notifications.queue_update``), never more.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from cms.text_limits import too_long

from . import notifications
from .models import Report, ReportUpdate


MAX_MESSAGE = 4000
"""住民へのお知らせ: LINE's 5000 minus the receipt number and state words put before it."""
MAX_REASON = Report._meta.get_field("state_reason").max_length
MAX_PUBLIC_NOTE = Report._meta.get_field("public_note").max_length
LIMITS = {"reason": MAX_REASON, "message": MAX_MESSAGE, "public_note": MAX_PUBLIC_NOTE}
"""What the detail page's counters show (``data-char-limit``)."""


class TriageError(ValueError):
    """Something staff asked that cannot be done; the message says why, in Japanese."""


def _refuse_if_too_long(label: str, text: str, limit: int) -> None:
    problem = too_long(label, len(text), limit)
    if problem:
        raise TriageError(problem)


def change_state(
    report: Report,
    new_state: str,
    *,
    author: Any,
    reason: str = "",
    message: str = "",
    notify: bool = False,
) -> ReportUpdate:
    """Move the report on; ``対応できません`` needs a reason. Caller holds the row lock."""
    if new_state not in Report.State.values:
        raise TriageError("状態を選んでください。")
    if new_state == report.state:
        raise TriageError("すでにその状態です。")
    if new_state not in Report.NEXT_STATES[report.state]:
        raise TriageError(
            f"「{report.get_state_display()}」から"
            f"「{Report.State(new_state).label}」には変えられません。"
        )
    reason = reason.strip()
    if new_state == Report.State.REFUSED and not reason:
        raise TriageError("「対応できません」にするときは理由を入力してください。")
    # Nothing is cut: the resident reads exactly what staff wrote, or staff shorten it.
    _refuse_if_too_long("対応できない理由", reason, MAX_REASON)
    _refuse_if_too_long("住民へのお知らせ", message.strip(), MAX_MESSAGE)
    if notify:
        report.state, before = new_state, report.state
        problems = notifications.message_problems(report, message)
        report.state = before
        if problems:
            raise TriageError(problems[0])
    update = ReportUpdate.objects.create(
        report=report,
        kind=ReportUpdate.Kind.STATE,
        from_state=report.state,
        to_state=new_state,
        text=message.strip(),
        author=author,
    )
    report.state = new_state
    report.state_reason = reason if new_state == Report.State.REFUSED else ""
    report.closed_at = None if report.is_open else timezone.now()
    report.save(update_fields=["state", "state_reason", "closed_at", "updated_at"])
    if notify:
        notifications.queue_update(report, update, message)
        _tell_duplicates(report, new_state, message, author)
    return update


def _tell_duplicates(report: Report, new_state: str, message: str, author: Any) -> None:
    """Residents whose reports were merged into this one hear of it too, once each."""
    for duplicate in report.duplicates.filter(
        friend__isnull=False, personal_data_purged_at__isnull=True
    ):
        follow = ReportUpdate.objects.create(
            report=duplicate,
            kind=ReportUpdate.Kind.FOLLOW,
            to_state=new_state,
            text=f"通報 {report.receipt_number}: {message.strip()}"[:5000],
            author=author,
        )
        notifications.queue_update(
            duplicate,
            follow,
            message,
            text=notifications.follow_text(duplicate, report, message),
        )


def assign(report: Report, assignee: Any, *, author: Any) -> ReportUpdate:
    before = report.assignee.get_username() if report.assignee else "未割り当て"
    report.assignee = assignee
    report.save(update_fields=["assignee", "updated_at"])
    after = assignee.get_username() if assignee else "未割り当て"
    return ReportUpdate.objects.create(
        report=report,
        kind=ReportUpdate.Kind.ASSIGN,
        text=f"{before} → {after}",
        author=author,
    )


def set_priority(report: Report, priority: int, *, author: Any) -> ReportUpdate:
    if priority not in Report.Priority.values:
        raise TriageError("優先度を選んでください。")
    before = report.get_priority_display()
    report.priority = priority
    report.save(update_fields=["priority", "updated_at"])
    return ReportUpdate.objects.create(
        report=report,
        kind=ReportUpdate.Kind.PRIORITY,
        text=f"{before} → {report.get_priority_display()}",
        author=author,
    )


def add_note(report: Report, text: str, *, author: Any) -> ReportUpdate:
    text = text.strip()
    if not text:
        raise TriageError("メモを入力してください。")
    return ReportUpdate.objects.create(
        report=report, kind=ReportUpdate.Kind.NOTE, text=text[:5000], author=author
    )


def merge(duplicate: Report, into: Report, *, author: Any) -> ReportUpdate:
    """The duplicate joins the report it repeats and is closed; its resident is told.

    Its own duplicates follow it, so a chain never forms.
    """
    if duplicate.duplicate_of_id:
        raise TriageError("この通報はすでに別の通報に統合されています。")
    if duplicate.pk == into.pk or into.duplicate_of_id == duplicate.pk:
        raise TriageError("同じ通報どうしは統合できません。")
    if into.duplicate_of_id:
        raise TriageError("統合先の通報は、すでに別の通報に統合されています。")
    if duplicate.category_id != into.category_id:
        raise TriageError("種類が違う通報は統合できません。")
    with transaction.atomic():
        Report.objects.filter(duplicate_of=duplicate).update(duplicate_of=into)
        update = ReportUpdate.objects.create(
            report=duplicate,
            kind=ReportUpdate.Kind.MERGE,
            from_state=duplicate.state,
            to_state=Report.State.CLOSED,
            text=f"通報 {into.receipt_number} に統合",
            author=author,
        )
        ReportUpdate.objects.create(
            report=into,
            kind=ReportUpdate.Kind.MERGE,
            text=f"通報 {duplicate.receipt_number} を統合",
            author=author,
        )
        duplicate.duplicate_of = into
        duplicate.state = Report.State.CLOSED
        duplicate.closed_at = timezone.now()
        duplicate.save(
            update_fields=["duplicate_of", "state", "closed_at", "updated_at"]
        )
        # Never silence: the resident learns where their report went, once.
        notifications.queue_update(
            duplicate,
            update,
            f"同じ場所の同じ内容の通報（受付番号 {into.receipt_number}）と"
            "まとめて対応します。",
        )
    return update


def set_public_note(report: Report, note: str) -> None:
    """公開用のひとこと (Open311): refused, never cut, when it is too long."""
    note = note.strip()
    _refuse_if_too_long("公開用のひとこと", note, MAX_PUBLIC_NOTE)
    report.public_note = note
    report.save(update_fields=["public_note", "updated_at"])

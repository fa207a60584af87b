"""Triage in the Wagtail admin: the list and map, one report, and what staff do to it.

Staff see their departments' reports only (``inbox.access.visible_departments``, the
same roles as the inbox). Every view of a report or a photo and every action is in
the audit log; the screens are under ``/admin/reports/`` (personal data in the
access log's filter).
"""

from collections.abc import Callable
import datetime
import json
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cms import audit
from home.models import Area

from ..inbox.access import department_staff, may_use_inbox, visible_departments
from ..inbox.views import private_file_response
from . import triage
from .geo import duplicate_candidates
from .models import (
    Report,
    ReportCategory,
    ReportPhoto,
    ReportUpdate,
    ResponseTemplate,
)
from .photos import photo_bytes
from .views import map_config


STATE_FILTERS = [
    ("open", "未完了（受付・対応中）"),
    *Report.State.choices,
    ("all", "すべて"),
]
MAP_LIMIT = 500


def _staff_reports(request: HttpRequest) -> QuerySet[Report]:
    if not may_use_inbox(request.user):
        raise PermissionDenied
    return Report.objects.for_staff(request.user)


def _report_for(request: HttpRequest, pk: int, *, lock: bool = False) -> Report:
    queryset = Report.objects.select_related(
        "category", "department", "area", "assignee", "friend", "duplicate_of"
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    report = get_object_or_404(queryset, pk=pk)
    if not visible_departments(request.user).filter(pk=report.department_id):
        audit.record(request, "reports.refused", report)
        raise PermissionDenied
    return report


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def filtered_reports(request: HttpRequest) -> tuple[QuerySet[Report], dict[str, Any]]:
    """The reports the list shows, and the filters as chosen (for the form)."""
    reports = _staff_reports(request)
    chosen = {
        key: request.GET.get(key, "")
        for key in ("category", "department", "area", "assignee", "since", "until")
    }
    chosen["state"] = request.GET.get("state", "open")
    chosen["overdue"] = request.GET.get("overdue", "")
    state = chosen["state"]
    if state == "open":
        reports = reports.open()
    elif state in Report.State.values:
        reports = reports.filter(state=state)
    for key, field in (
        ("category", "category_id"),
        ("department", "department_id"),
        ("area", "area_id"),
    ):
        if chosen[key].isdigit():
            reports = reports.filter(**{field: int(chosen[key])})
    if chosen["assignee"] == "me":
        reports = reports.filter(assignee=request.user)
    elif chosen["assignee"] == "none":
        reports = reports.filter(assignee__isnull=True)
    since, until = _date(chosen["since"]), _date(chosen["until"])
    if since:
        reports = reports.filter(created_at__date__gte=since)
    if until:
        reports = reports.filter(created_at__date__lte=until)
    if chosen["overdue"]:
        reports = reports.overdue()
    return reports, chosen


def _pin(report: Report) -> dict[str, Any]:
    level = "closed" if not report.is_open else "normal"
    if report.is_open and (
        report.is_overdue or report.priority == Report.Priority.URGENT
    ):
        level = "urgent"
    return {
        "id": report.pk,
        "lat": float(report.latitude),
        "lng": float(report.longitude),
        "label": report.receipt_number,
        "title": f"{report.receipt_number} {report.category.name}（{report.get_state_display()}）",
        "level": level,
        "url": reverse("reports_admin:detail", args=[report.pk]),
    }


def report_list(request: HttpRequest) -> HttpResponse:
    reports, chosen = filtered_reports(request)
    reports = reports.select_related("category", "department", "area", "assignee")
    audit.record(
        request,
        "reports.list",
        None,
        filters={k: v for k, v in chosen.items() if v},
    )
    departments = visible_departments(request.user)
    page = Paginator(reports.order_by("-priority", "-created_at"), 50).get_page(
        request.GET.get("p")
    )
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "reports/admin/list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "chosen": chosen,
            "total": reports.count(),
            "states": STATE_FILTERS,
            "categories": ReportCategory.objects.filter(department__in=departments),
            "departments": departments,
            "areas": Area.objects.all(),
            "pins": [_pin(r) for r in reports[:MAP_LIMIT]],
            "map_config": json.dumps(map_config()),
            "now": timezone.now(),
        },
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    audit.record(request, "reports.view", report)
    return _render_detail(request, report)


def _render_detail(
    request: HttpRequest,
    report: Report,
    *,
    errors: list[str] | None = None,
    posted: dict[str, str] | None = None,
    status: int = 200,
) -> TemplateResponse:
    templates = ResponseTemplate.objects.filter(
        categories__isnull=True
    ) | ResponseTemplate.objects.filter(categories=report.category)
    candidates = duplicate_candidates(report) if not report.duplicate_of_id else []
    pins = [
        {**_pin(report), "level": "chosen"},
        *[_pin(c.report) for c in candidates],
    ]
    return TemplateResponse(
        request,
        "reports/admin/detail.html",
        {
            "report": report,
            "title": f"通報 {report.receipt_number}",
            "photos": report.photos.defer("content"),
            "updates": report.updates.select_related("author", "notification"),
            "notifications": report.notifications.all(),
            "next_states": [Report.State(s) for s in Report.NEXT_STATES[report.state]],
            "templates": templates.distinct().order_by("sort_order", "title"),
            "priorities": Report.Priority.choices,
            "colleagues": department_staff(report.department),
            "candidates": candidates,
            "duplicates": report.duplicates.select_related("category"),
            "pins": pins,
            "map_config": json.dumps(map_config()),
            "errors": errors or [],
            "posted": posted or {},
            "limits": triage.LIMITS,
            "can_notify": report.friend_id is not None
            and not report.personal_data_purged_at,
        },
        status=status,
    )


@require_POST
def change_state(request: HttpRequest, pk: int) -> HttpResponse:
    """状態の変更, with a reason for 対応できません and an optional push to the resident."""
    posted = {
        key: request.POST.get(key, "").replace("\r\n", "\n")
        for key in ("state", "reason", "message", "template", "notify")
    }
    with transaction.atomic():
        report = _report_for(request, pk, lock=True)
        message = posted["message"]
        if not message.strip() and posted["template"].isdigit():
            template = ResponseTemplate.objects.filter(
                pk=int(posted["template"])
            ).first()
            message = template.text if template else ""
        before = report.state
        try:
            update = triage.change_state(
                report,
                posted["state"],
                author=request.user,
                reason=posted["reason"],
                message=message,
                notify=bool(posted["notify"]),
            )
        except triage.TriageError as error:
            return _render_detail(
                request, report, errors=[str(error)], posted=posted, status=400
            )
        audit.record(
            request,
            "reports.state",
            report,
            before=before,
            after=report.state,
            notified=hasattr(update, "notification"),
        )
    text = f"状態を「{report.get_state_display()}」にしました。"
    if posted["notify"] and report.friend_id:
        text += "住民のLINEにお知らせします。"
    flash.success(request, text)
    return redirect("reports_admin:detail", pk)


def _act(
    request: HttpRequest,
    pk: int,
    action: Callable[[Report], ReportUpdate],
    audit_action: str,
    done: str,
    *,
    log_change: bool = True,
) -> HttpResponse:
    """Run one triage action on the locked report, audit it, or show what to fix."""
    with transaction.atomic():
        report = _report_for(request, pk, lock=True)
        try:
            update = action(report)
        except triage.TriageError as error:
            return _render_detail(request, report, errors=[str(error)], status=400)
        details = {"update_id": update.pk}
        if log_change:  # "before → after" of usernames or priorities, never a note
            details["change"] = update.text
        audit.record(request, audit_action, report, **details)
    flash.success(request, done)
    return redirect("reports_admin:detail", pk)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    wanted = request.POST.get("user", "")

    def assign_to(report: Report) -> ReportUpdate:
        assignee = None
        if wanted == "me":
            assignee = request.user
        elif wanted.isdigit():
            assignee = get_object_or_404(
                department_staff(report.department), pk=int(wanted)
            )
        return triage.assign(report, assignee, author=request.user)

    return _act(request, pk, assign_to, "reports.assign", "担当者を変えました。")


@require_POST
def set_priority(request: HttpRequest, pk: int) -> HttpResponse:
    value = request.POST.get("priority", "")
    priority = int(value) if value.isdigit() else 0
    return _act(
        request,
        pk,
        lambda report: triage.set_priority(report, priority, author=request.user),
        "reports.priority",
        "優先度を変えました。",
    )


@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    text = request.POST.get("note", "")
    return _act(
        request,
        pk,
        lambda report: triage.add_note(report, text, author=request.user),
        "reports.note",
        "内部メモを残しました（住民には見えません）。",
        log_change=False,
    )


@require_POST
def set_public_note(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        report = _report_for(request, pk, lock=True)
        note = request.POST.get("public_note", "").replace("\r\n", "\n")
        try:
            triage.set_public_note(report, note)
        except triage.TriageError as error:
            return _render_detail(
                request,
                report,
                errors=[str(error)],
                posted={"public_note": note},
                status=400,
            )
        audit.record(request, "reports.public_note", report)
    flash.success(request, "公開用のひとことを保存しました。")
    return redirect("reports_admin:detail", pk)


@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """This report repeats another: it joins that one (統合) and is closed."""
    target = request.POST.get("into", "")
    with transaction.atomic():
        report = _report_for(request, pk, lock=True)
        into = (
            _report_for(request, int(target), lock=True) if target.isdigit() else None
        )
        if into is None:
            return _render_detail(
                request, report, errors=["統合先を選んでください。"], status=400
            )
        try:
            triage.merge(report, into, author=request.user)
        except triage.TriageError as error:
            return _render_detail(request, report, errors=[str(error)], status=400)
        audit.record(request, "reports.merge", report, into=into.receipt_number)
    flash.success(request, f"通報 {into.receipt_number} に統合しました。")
    return redirect("reports_admin:detail", into.pk)


def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    """A report's photo (already re-encoded without EXIF), decrypted for staff only."""
    stored = get_object_or_404(
        ReportPhoto.objects.select_related("report"), pk=photo_id
    )
    report = _report_for(request, stored.report_id)
    audit.record(request, "reports.photo_view", report, photo_id=stored.pk)
    return private_file_response(
        photo_bytes(stored), "image/jpeg", f"report-{stored.pk}.jpg", inline=True
    )

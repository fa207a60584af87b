"""Admin screens of the delivery report: 未送信の人にだけ送る, CSV exports, a page's sends."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wagtail.models import Page

from cms import audit
from cms.exports import UTF8_BOM

from ..models import Delivery
from . import friends, resend
from .report import build_report, report_rows


def _require_view(request: HttpRequest) -> None:
    if not request.user.has_perm("line_delivery.view_delivery"):
        raise PermissionDenied


def _pages_of(delivery: Delivery) -> list[Page]:
    """The pages a delivery sent: its own, or a まとめて配信's (also for its resends)."""
    if delivery.page is not None:
        return [delivery.page]
    root = resend.root_of(delivery)
    return [entry.page for entry in root.digest_entries.select_related("page")]


def _require_publish(request: HttpRequest, delivery: Delivery) -> None:
    pages = _pages_of(delivery)
    if not pages or not all(
        page.permissions_for_user(request.user).can_publish() for page in pages
    ):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def resend_missing_view(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """「未送信の人にだけ送る」: confirm, then send to exactly the missing recipients."""
    from ..tasks import send_delivery_request

    delivery = get_object_or_404(
        Delivery.objects.select_related("page"), pk=delivery_id
    )
    _require_publish(request, delivery)
    report = build_report(delivery)
    if request.method == "POST":
        with transaction.atomic():
            created = resend.resend_missing(delivery, request.user)
            if created is None:
                messages.warning(
                    request,
                    _("未送信の人はいません（または別の送信が進行中です）。"),
                )
                return redirect("line_delivery:delivery", delivery.pk)
            audit.record(
                request,
                "delivery.resend_missing",
                delivery.page or resend.root_of(delivery),
                delivery_id=created.pk,
                resend_of=resend.root_of(delivery).pk,
                recipients=created.total_recipients,
            )
            for request_id in resend.request_ids(created):
                send_delivery_request.delay_on_commit(request_id)
        messages.success(
            request,
            _("未送信だった %(n)d 人に送り始めました。")
            % {"n": created.total_recipients},
        )
        return redirect("line_delivery:delivery", created.pk)
    return TemplateResponse(
        request,
        "line_delivery/delivery_reports/confirm_resend.html",
        {"delivery": delivery, "report": report},
    )


def _csv_response(rows: list[list[str]], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(rows)
    response = HttpResponse(
        (UTF8_BOM + buffer.getvalue()).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def delivery_report_csv(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """The report as CSV (UTF-8 with BOM, for Excel); no personal data in it."""
    _require_view(request)
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    rows = [["項目", "値"], *[list(row) for row in report_rows(build_report(delivery))]]
    audit.record(
        request, "export", delivery, model="line_delivery.delivery", format="csv"
    )
    return _csv_response(rows, f"line-delivery-{delivery.pk}.csv")


def friend_statistics_csv(request: HttpRequest) -> HttpResponse:
    """Friends per day (ours and LINE's), follows and blocks, as CSV."""
    _require_view(request)
    days = friends.daily_figures(days=int(request.GET.get("days", 90) or 90))
    rows = [
        [
            "日付",
            "友だち数",
            "友だち追加",
            "ブロック",
            "LINEの友だち追加数（累計）",
            "LINEのブロック数",
        ]
    ]
    for day in days:
        rows.append(
            [
                day.date.isoformat(),
                day.friends,
                day.follows,
                day.blocks,
                "" if day.line_followers is None else day.line_followers,
                "" if day.line_blocks is None else day.line_blocks,
            ]
        )
    audit.record(
        request, "export", "友だちの統計", model="line_delivery.friend", format="csv"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _csv_response(rows, f"line-friends-{stamp}.csv")


def page_deliveries(request: HttpRequest, page_id: int) -> HttpResponse:
    """A page's LINE sends with their reports (the page's own 配信レポート)."""
    _require_view(request)
    from django.db.models import Q

    from ..digest.sending import queued_notice

    page = get_object_or_404(Page, pk=page_id).specific
    deliveries = (
        Delivery.objects.filter(Q(page=page) | Q(digest_entries__page=page))
        .distinct()
        .order_by("-created_at")
    )
    reports = [build_report(d) for d in deliveries[:20]]
    return TemplateResponse(
        request,
        "line_delivery/delivery_reports/page_deliveries.html",
        {"page": page, "reports": reports, "digest_notice": queued_notice(page)},
    )


def confirm_approval(request: HttpRequest, task_state_id: int) -> HttpResponse:
    """配信前の確認 of an approval that was sent without the confirmation: one click
    posts the approval again to Wagtail's workflow action, confirmed."""
    from urllib.parse import urlencode

    from wagtail.models import TaskState

    from .approval import (
        APPROVE,
        TASK_STATE_FIELD,
        guardrail_for_task_state,
        kept_comment,
    )

    task_state = get_object_or_404(TaskState, pk=task_state_id).specific
    page, result = guardrail_for_task_state(task_state)
    edit_url = reverse(
        "wagtailadmin_pages:edit", args=[task_state.workflow_state.object_id]
    )
    if page is None or not result.warnings:
        return redirect(edit_url)  # approved already, or nothing to confirm
    actions = task_state.task.specific.get_actions(page, request.user)
    if APPROVE not in [name for name, _label, _modal in actions]:
        raise PermissionDenied
    action_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[task_state.workflow_state.object_id, APPROVE, task_state.pk],
    )
    return TemplateResponse(
        request,
        "line_delivery/delivery_reports/confirm_guardrails.html",
        {
            "page": page,
            "title": page.title,
            "result": result,
            "fields": [(TASK_STATE_FIELD, str(task_state.pk))],
            "action_url": f"{action_url}?{urlencode({'next': edit_url})}",
            "back_url": edit_url,
            "confirm_label": _("確認したので承認してLINEで配信する"),
            "comment_field": True,
            "comment": kept_comment(request, task_state.pk),
        },
    )


def _editor_page(request: HttpRequest):
    """(page or None, page class) of the editor at ``?url=`` (its add or edit URL)."""
    from django.apps import apps
    from django.http import Http404
    from django.urls import Resolver404, resolve

    try:
        match = resolve(request.GET.get("url", ""))
    except Resolver404 as error:
        raise Http404 from error
    if match.view_name == "wagtailadmin_pages:edit" and "page_id" in match.kwargs:
        page = get_object_or_404(Page, pk=match.kwargs["page_id"]).specific
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return page, type(page)
    if (
        match.view_name == "wagtailadmin_pages:add"
        and "content_type_model_name" in match.kwargs
    ):
        try:
            page_class = apps.get_model(
                match.kwargs["content_type_app_name"],
                match.kwargs["content_type_model_name"],
            )
        except LookupError as error:
            raise Http404 from error
        return None, page_class
    raise Http404


def guardrail_preview(request: HttpRequest) -> HttpResponse:
    """The editor's standing line 「公開すると N 人に届きます」, for the form as it is now.

    Read by ``static/line_delivery/guardrail_count.js`` whenever 受信トピック, 対象地区,
    警戒レベル or 「LINEで配信する」 change; the same figures as the confirmation.
    """
    from django.http import JsonResponse

    from . import guardrails

    page, page_class = _editor_page(request)
    if not hasattr(page_class, "send_to_line"):
        return JsonResponse({"delivers": False, "text": ""})
    if not request.GET.get("send_to_line"):
        return JsonResponse(
            {
                "delivers": False,
                "text": _("「LINEで配信する」が外れているため、LINEには届きません。"),
            }
        )
    if not guardrails.will_deliver_on_publish(page):
        return JsonResponse(
            {
                "delivers": False,
                "text": _(
                    "このページはLINEで配信済みです。公開し直しても再送しません"
                    "（送り直すときは「LINEで再配信」）。"
                ),
            }
        )
    level = request.GET.get("level")
    result = guardrails.check(
        page or page_class(),
        guardrails.audience_from_form(request.GET),
        level=int(level) if str(level).isdigit() else None,
    )
    return JsonResponse(
        {
            "delivers": True,
            "recipients": result.recipients,
            "at_cap": result.at_cap,
            "cap": result.cap,
            "text": guardrails.recipients_text(result),
            "warnings": result.warnings,
        }
    )

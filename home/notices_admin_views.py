"""現在発表中: what is in force now, ended or extended by staff in one click.

Reached through Wagtail's admin URLs (``wagtail_hooks``), so sign-in and the second
factor apply. Ending and extending need the right to publish the notice, as in the
editor; both are written to the audit log (``notice.end`` / ``notice.extend``).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import notice_lifecycle
from .models import DisasterNoticePage


EXTEND_HOURS = (6, 24)
RECENTLY_EXPIRED = datetime.timedelta(days=3)


def _can_change(request, notice: DisasterNoticePage) -> bool:
    return notice.permissions_for_user(request.user).can_publish()


def _visible(request) -> bool:
    return request.user.has_perm("wagtailadmin.access_admin")


def notices_in_force(request):
    """The notices shown as 発表中 on the website, the LIFF banner and in the chat."""
    if not _visible(request):
        raise PermissionDenied
    live = DisasterNoticePage.objects.live().public()
    active = list(DisasterNoticePage.active_notices().prefetch_related("target_areas"))
    recent = (
        live.filter(level=0, issued_at__gte=timezone.now() - RECENTLY_EXPIRED)
        .exclude(pk__in=[n.pk for n in active])
        .order_by("-issued_at")
    )
    expired = [n for n in recent if n.lifecycle.state == notice_lifecycle.EXPIRED]
    rows = [(notice, _can_change(request, notice)) for notice in active]
    return TemplateResponse(
        request,
        "home/admin/notices_in_force.html",
        {
            "rows": rows,
            "expired_rows": [(n, _can_change(request, n)) for n in expired],
            "extend_hours": EXTEND_HOURS,
        },
    )


@require_POST
def end_notice(request, notice_id: int):
    notice = get_object_or_404(DisasterNoticePage, pk=notice_id)
    if not _can_change(request, notice):
        raise PermissionDenied
    if not notice.in_force:
        messages.info(request, f"「{notice.title}」はすでに発表中ではありません。")
        return redirect("notices_in_force")
    notice_lifecycle.end_notice(notice, request.user)
    messages.success(
        request,
        f"「{notice.title}」を終了しました。受け取った方にLINEでお知らせします。",
    )
    return redirect("notices_in_force")


@require_POST
def extend_notice(request, notice_id: int):
    notice = get_object_or_404(DisasterNoticePage, pk=notice_id)
    if not _can_change(request, notice):
        raise PermissionDenied
    try:
        hours = int(request.POST.get("hours", ""))
    except ValueError:
        hours = 0
    if hours not in EXTEND_HOURS:
        messages.error(request, "延長する時間をボタンで選んでください。")
        return redirect("notices_in_force")
    if notice.level:
        messages.error(
            request,
            "警戒レベルのある防災情報は、終了するまで発表中です。延長は要りません。",
        )
        return redirect("notices_in_force")
    until = notice_lifecycle.extend_notice(notice, request.user, hours)
    local = timezone.localtime(until)
    messages.success(
        request,
        f"「{notice.title}」を{local.month}月{local.day}日 {local:%H:%M}まで延長しました。",
    )
    return redirect("notices_in_force")

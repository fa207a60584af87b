"""Admin screens: テストメンバーで確認 / 確認終了, 全員の既定にする, タップ数."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wagtail.permissions import policy_registry

from cms import audit

from ..models import TestMember
from . import publish
from .models import RichMenu, RichMenuDefault
from .stats import daily_table


SET_DEFAULT_PERMISSION = "line_delivery.set_default_richmenu"


def can_set_default(user) -> bool:
    """管理者 (cms.roles), or staff given ``set_default_richmenu`` explicitly."""
    from cms.roles import is_city_admin

    return is_city_admin(user) or (
        user.is_active and user.has_perm(SET_DEFAULT_PERMISSION)
    )


def _menu_for(request: HttpRequest, menu_id: int, action: str) -> RichMenu:
    menu = get_object_or_404(RichMenu, pk=menu_id)
    policy = policy_registry.get_by_type(RichMenu)
    if not policy.user_has_permission_for_instance(request.user, action, menu):
        raise PermissionDenied
    return menu


def _edit_url(menu: RichMenu) -> str:
    return reverse("wagtailsnippets_line_delivery_richmenu:edit", args=[menu.pk])


def _confirm(request, menu, *, action, explanation, problems=(), can_do=True):
    return TemplateResponse(
        request,
        "line_delivery/rich_menus/confirm.html",
        {
            "menu": menu,
            "action": action,
            "explanation": explanation,
            "problems": list(problems),
            "can_do": can_do and not problems,
            "back_url": _edit_url(menu),
        },
    )


def _report(request, menu, action: str, outcome, success: str) -> HttpResponse:
    """Audit the action, tell staff how it went, and go back to the menu."""
    audit.record(request, f"richmenu.{action}", menu, ok=outcome.ok)
    if outcome.ok:
        messages.success(request, success)
    else:
        messages.error(request, outcome.message)
    return redirect(_edit_url(menu))


@require_http_methods(["GET", "POST"])
def start_test(request: HttpRequest, menu_id: int) -> HttpResponse:
    menu = _menu_for(request, menu_id, "change")
    members = TestMember.objects.filter(is_active=True).count()
    draft = menu.get_latest_revision_as_object()
    problems = publish.menu_problems(draft)
    if not members:
        problems.append(_("有効なテストメンバーがいません。先に登録してください。"))
    if request.method == "POST" and not problems:
        outcome = publish.start_test(menu.pk, request.user.pk)
        linked = outcome.line_menu.linked_users if outcome.line_menu else 0
        return _report(
            request,
            menu,
            "test_start",
            outcome,
            _(
                "テストメンバー%(n)d人のLINEにこの下書きのメニューを表示しました。"
                "市民のメニューは変わりません。確認が済んだら「確認終了」を押してください。"
            )
            % {"n": linked},
        )
    return _confirm(
        request,
        menu,
        action=_("テストメンバーで確認"),
        explanation=_(
            "最新の下書きをLINEに登録し、テストメンバー（%(n)d人）のトーク画面だけに表示します。"
            "市民のメニューは変わりません。"
        )
        % {"n": members},
        problems=problems,
    )


@require_http_methods(["GET", "POST"])
def end_test(request: HttpRequest, menu_id: int) -> HttpResponse:
    menu = _menu_for(request, menu_id, "change")
    if request.method == "POST":
        outcome = publish.end_test(menu.pk)
        return _report(
            request,
            menu,
            "test_end",
            outcome,
            _("確認を終えました。テストメンバーは通常のメニューに戻ります。"),
        )
    return _confirm(
        request,
        menu,
        action=_("確認終了"),
        explanation=_(
            "テストメンバーへの表示をやめ、全員と同じメニューに戻します。"
            "確認用にLINEに登録したメニューは削除されます。"
        ),
    )


@require_http_methods(["GET", "POST"])
def set_default(request: HttpRequest, menu_id: int) -> HttpResponse:
    menu = get_object_or_404(RichMenu, pk=menu_id)
    if not can_set_default(request.user):
        raise PermissionDenied
    problems = []
    if menu.purpose == RichMenu.Purpose.TAB:
        problems.append(
            _("全員の既定にできるのは「通常」と「災害時」のメニューだけです。")
        )
    elif menu.live_line_object() is None:
        problems.append(_("まだLINEに公開されていません。先に公開してください。"))
    if request.method == "POST" and not problems:
        outcome = publish.set_default(menu.purpose, request.user.pk)
        return _report(
            request,
            menu,
            "set_default",
            outcome,
            _("「%(name)s」を全員のメニューにしました（反映まで最大1分ほど）。")
            % {"name": menu.name},
        )
    return _confirm(
        request,
        menu,
        action=_("全員の既定にする"),
        explanation=_(
            "すべての友だちのトーク画面に「%(name)s」を表示します。"
            "テストメンバーで確認中の人やタブを切り替えた人は、確認終了・切り替えるまでそのままです。"
        )
        % {"name": menu.name},
        problems=problems,
    )


def taps(request: HttpRequest, menu_id: int) -> HttpResponse:
    menu = _menu_for(request, menu_id, "change")
    return TemplateResponse(
        request,
        "line_delivery/rich_menus/taps.html",
        {"menu": menu, "table": daily_table(menu), "back_url": _edit_url(menu)},
    )


def status_context(menu: RichMenu, user) -> dict:
    """What the LINE panel of the edit screen shows."""
    if menu.pk is None:
        return {"menu": menu}
    default = RichMenuDefault.load()
    return {
        "menu": menu,
        "live": menu.live_line_object(),
        "test": menu.test_line_object(),
        "failure": menu.last_failure(),
        "is_default": default.menu_id == menu.pk,
        "default": default,
        "can_set_default": can_set_default(user)
        and menu.purpose != RichMenu.Purpose.TAB,
        "pending_deletions": publish.pending_deletions().count(),
    }

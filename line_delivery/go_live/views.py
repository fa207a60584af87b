"""The 本番接続 screen: 管理者 see the checks and the plan, then confirm."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.roles import city_admin_required

from .steps import go_live, make_plan, remove_sandbox_friends_now


@require_http_methods(["GET", "POST"])
@city_admin_required
def go_live_view(request: HttpRequest) -> HttpResponse:
    webhook_url = request.POST.get("webhook_url") or request.GET.get("webhook_url")
    plan = make_plan(webhook_url or None)
    remove = request.POST.get("remove_sandbox_friends") == "on"
    result = None
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        result = go_live(plan, remove_sandbox_friends=remove, user=request.user)
        if result.ok:
            messages.success(
                request,
                _("サンドボックスに接続しました。")
                if plan.sandbox
                else _("本番のLINEチャネルに接続しました。"),
            )
            return redirect("line_delivery:go_live")
    return TemplateResponse(
        request,
        "line_delivery/go_live.html",
        {
            "plan": plan,
            "actions": plan.actions(remove_sandbox_friends=remove),
            "result": result,
        },
    )


@require_http_methods(["POST"])
@city_admin_required
def remove_sandbox_friends_view(request: HttpRequest) -> HttpResponse:
    count = remove_sandbox_friends_now()
    messages.success(
        request,
        _("サンドボックスの友だち %(count)d 人を削除しました。") % {"count": count},
    )
    return redirect("line_delivery:go_live")

"""Admin screens for disasters: the disaster-mode switch and one-click shelter status."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from . import disaster_mode, shelter_actions
from .models import (
    DisasterIndexPage,
    DisasterMode,
    DisasterModeSwitch,
    Shelter,
    ShelterStatus,
)


SHELTER_PERMISSION = "home.change_shelter"


def _require_shelter_permission(request) -> None:
    if not request.user.has_perm(SHELTER_PERMISSION):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def disaster_mode_view(request):
    """災害モード: state, the switch (city administrators only), and the log."""
    allowed = disaster_mode.can_switch(request.user)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied  # recorded by cms.permission_denied
        reason = request.POST.get("reason", "").strip()[:255]
        action = request.POST.get("action")
        if not reason:
            # The form promises 「記録に残ります」: a switch without a reason is refused.
            return _disaster_mode_page(
                request,
                allowed,
                reason_error="理由を入力してください。切り替えの記録に残ります。",
                status=400,
            )
        if action == "on" and disaster_mode.enter(user=request.user, reason=reason):
            messages.success(request, "災害モードにしました。")
        elif action == "off" and disaster_mode.leave(user=request.user, reason=reason):
            messages.success(request, "通常モードに戻しました。")
        return redirect("disaster_mode")
    return _disaster_mode_page(request, allowed)


def _disaster_mode_page(request, allowed: bool, reason_error: str = "", status=200):
    return TemplateResponse(
        request,
        "home/admin/disaster_mode.html",
        {
            "mode": DisasterMode.load(),
            "can_switch": allowed,
            "log": DisasterModeSwitch.objects.select_related("user")[:50],
            "reason_error": reason_error,
        },
        status=status,
    )


def shelter_status_list(request):
    """Every shelter with three big buttons; made for a phone as well as a PC."""
    # A refusal is the admin's 403 page (cms.permission_denied), not Django's
    # user_passes_test redirect to a login URL that does not exist.
    _require_shelter_permission(request)
    return TemplateResponse(
        request,
        "home/admin/shelter_status.html",
        {
            "shelters": Shelter.objects.order_by("name"),
            "statuses": ShelterStatus.choices,
        },
    )


@require_POST
def set_shelter_status(request, shelter_id: int):
    _require_shelter_permission(request)
    shelter = get_object_or_404(Shelter, pk=shelter_id)
    status = request.POST.get("status", "")
    if status not in ShelterStatus.values:
        messages.error(request, "開設状況を選んでください。")
    elif shelter_actions.set_status(shelter, status, request.user):
        messages.success(
            request, f"{shelter.name}を「{shelter.get_status_display()}」にしました。"
        )
    return redirect("shelter_status")


@require_POST
def announce_open_shelters(request):
    _require_shelter_permission(request)
    index = DisasterIndexPage.objects.live().first()
    # Publishing the notice needs the right to publish in 防災情報, as in the editor.
    if (
        index is None
        or not index.permissions_for_user(request.user).can_publish_subpage()
    ):
        raise PermissionDenied
    try:
        page = shelter_actions.announce_open_shelters(request.user)
    except shelter_actions.NothingToAnnounce:
        messages.error(request, "開設中の避難所がないため、お知らせしませんでした。")
    else:
        messages.success(
            request,
            f"「{page.title}」を公開し、対象地区の友だちにLINEで配信しました。",
        )
    return redirect("shelter_status")

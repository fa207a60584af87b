"""ごみ検索への反応: wrong answers and chosen alternatives, ranked, with a one-click fix."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from .models import GarbageItem, GarbageQueryFeedback


PERMISSION = "home.change_garbageitem"


def _require_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def feedback_list(request: HttpRequest) -> HttpResponse:
    """Open reactions, most frequent first, with the query text residents typed."""
    _require_permission(request)
    rows = GarbageQueryFeedback.objects.filter(resolved=False).select_related(
        "answered_item", "chosen_item"
    )[:200]
    return TemplateResponse(
        request,
        "home/admin/garbage_feedback.html",
        {
            "rows": rows,
            "items": GarbageItem.objects.order_by("name").only("pk", "name"),
        },
    )


@require_POST
def make_alias(request: HttpRequest, feedback_id: int) -> HttpResponse:
    """Turn the query into another name (別の呼び方) of the item staff picked."""
    _require_permission(request)
    row = get_object_or_404(GarbageQueryFeedback, pk=feedback_id)
    item_id = request.POST.get("item") or (row.chosen_item_id or "")
    item = GarbageItem.objects.filter(pk=item_id).first() if item_id else None
    if item is None:
        messages.error(request, "正しい品目を選んでください。")
        return redirect("garbage_feedback")
    row.chosen_item = item
    if row.make_alias():
        messages.success(
            request,
            f"「{row.example_text}」を「{item.name}」の別の呼び方に追加しました。",
        )
    else:
        messages.info(
            request, f"「{row.example_text}」は「{item.name}」に登録済みです。"
        )
    return redirect("garbage_feedback")


@require_POST
def dismiss(request: HttpRequest, feedback_id: int) -> HttpResponse:
    _require_permission(request)
    row = get_object_or_404(GarbageQueryFeedback, pk=feedback_id)
    row.resolved = True
    row.save(update_fields=["resolved"])
    messages.success(request, f"「{row.example_text}」を対応済みにしました。")
    return redirect("garbage_feedback")

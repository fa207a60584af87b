"""Admin screens of LINE delivery: test send, 再配信, cancel, sandbox chat."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wagtail.models import Page

from cms import audit
from home.models import CitySettings

from . import delivery as engine
from .client import is_sandbox
from .models import Delivery, Friend, LineRichMenu, SandboxMessage, TestMember
from .preview import with_sandbox_image
from .rich_menus import sandbox as rich_menu_sandbox
from .tasks import deliver_page, handle_webhook_events
from .validation import page_problems
from .webhook import simulated_text_event, store_events


def _page_for_staff(request: HttpRequest, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if not hasattr(page, "send_to_line"):
        raise PermissionDenied
    return page


@require_http_methods(["GET", "POST"])
def test_send(request: HttpRequest, page_id: int) -> HttpResponse:
    """テスト配信: the latest draft to the test members only, marked as a test."""
    page = _page_for_staff(request, page_id)
    draft = page.get_latest_revision_as_object()
    problems = [text for _, text in page_problems(draft)]
    members = engine.test_members_count()
    if request.method == "POST" and not problems and members:
        revision = page.latest_revision
        delivery_id = deliver_page(
            page.pk, revision.pk, Delivery.Kind.TEST, request.user.pk
        )
        messages.success(
            request, _("テストメンバー %(n)d 人にテスト配信しました。") % {"n": members}
        )
        return redirect("line_delivery:delivery", delivery_id)
    return TemplateResponse(
        request,
        "line_delivery/confirm_send.html",
        {
            "page": page,
            "problems": problems,
            "members": members,
            "member_names": list(
                TestMember.objects.filter(is_active=True)
                .order_by("name")
                .values_list("name", flat=True)
            ),
            "action": _("テスト配信"),
            "explanation": _(
                "最新の下書きを、登録済みのテストメンバーだけに送ります。市民には届きません。"
            ),
            "can_send": bool(members) and not problems,
        },
    )


@require_http_methods(["GET", "POST"])
def redeliver(request: HttpRequest, page_id: int) -> HttpResponse:
    """再配信: send the live version again to its audience, on staff's explicit request."""
    page = _page_for_staff(request, page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    problems = [text for _, text in page_problems(page)] if page.live else []
    if request.method == "POST" and page.live and not problems:
        delivery_id = deliver_page(
            page.pk, page.live_revision_id, Delivery.Kind.REDELIVER, request.user.pk
        )
        messages.success(request, _("再配信を始めました。"))
        return redirect("line_delivery:delivery", delivery_id)
    return TemplateResponse(
        request,
        "line_delivery/confirm_send.html",
        {
            "page": page,
            "problems": problems
            if page.live
            else [_("公開中のページだけ再配信できます。")],
            "action": _("再配信"),
            "explanation": _(
                "公開中の内容を、いまの受信設定で対象になる友だち全員にもう一度送ります。"
            ),
            "can_send": page.live and not problems,
        },
    )


def delivery_detail(request: HttpRequest, delivery_id: int) -> HttpResponse:
    # The same right as the list 「配信の記録」: a role that cannot list cannot open one.
    if not request.user.has_perm("line_delivery.view_delivery"):
        raise PermissionDenied
    delivery = get_object_or_404(
        Delivery.objects.select_related("page", "requested_by"), pk=delivery_id
    )
    failed = delivery.requests.filter(status="failed")
    from .delivery_reports.report import build_report

    return TemplateResponse(
        request,
        "line_delivery/delivery_detail.html",
        {
            "delivery": delivery,
            "failed_requests": failed[:50],
            "pending": delivery.requests.filter(status="pending").count(),
            "request_count": delivery.requests.count(),
            "report": build_report(delivery),
        },
    )


@require_http_methods(["POST"])
def cancel_delivery(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=delivery_id)
    if (
        delivery.page
        and not delivery.page.permissions_for_user(request.user).can_publish()
    ):
        raise PermissionDenied
    stopped = engine.cancel(delivery)
    audit.record(
        request,
        "delivery.cancel",
        delivery.page,
        delivery_id=delivery.pk,
        stopped=stopped,
    )
    if stopped:
        messages.success(
            request, _("配信を中止しました（未送信 %(n)d 件）。") % {"n": stopped}
        )
    else:
        messages.warning(request, _("この配信はすでに終わっています。"))
    return redirect("line_delivery:delivery", delivery_id)


def may_use_sandbox(user) -> bool:
    """Roles that write or approve pages check them on the sandbox phones.

    閲覧者 and 監査担当 do not: a chat shows what a resident asked, and the box under
    the phone posts as that resident.
    """
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return bool(
        user.is_active
        and PagePermissionPolicy().user_has_any_permission(
            user, {"add", "change", "publish"}
        )
    )


def _require_sandbox_user(request: HttpRequest) -> None:
    if not may_use_sandbox(request.user):
        raise PermissionDenied  # a Japanese 403 page, audited (cms.permission_denied)


def sandbox_friends(request: HttpRequest) -> HttpResponse:
    """Friends who received sandbox messages, newest first (the sandbox's 'phones')."""
    _require_sandbox_user(request)
    friends = (
        Friend.objects.annotate(
            received=Count("sandbox_messages"),
            last=Max("sandbox_messages__received_at"),
        )
        .filter(received__gt=0)
        .prefetch_related("topics", "areas")
        .order_by("-last")[:200]
    )
    return TemplateResponse(
        request,
        "line_delivery/sandbox_friends.html",
        {
            "friends": friends,
            "is_sandbox": is_sandbox(),
            "total": SandboxMessage.objects.count(),
        },
    )


@require_http_methods(["POST"])
def sandbox_say(request: HttpRequest, friend_id: int) -> HttpResponse:
    """Play the resident: send text (or a location) as this sandbox friend.

    The event goes through the same path as LINE's webhook (stored once, handled by the
    chat), and the answer lands in this friend's sandbox chat.
    """
    _require_sandbox_user(request)
    friend = get_object_or_404(Friend, pk=friend_id, is_sandbox=True)
    if not is_sandbox():
        raise PermissionDenied
    text = request.POST.get("text", "").strip()[:500]
    if not text:
        return redirect("line_delivery:sandbox_chat", friend.pk)
    audit.record(request, "sandbox.impersonate", friend, kind="text", length=len(text))
    event = simulated_text_event(friend.line_user_id, text)
    SandboxMessage.objects.create(
        friend=friend, endpoint="resident", message={"type": "text", "text": text}
    )
    for event_id in store_events([event]):
        handle_webhook_events.delay([event_id])
    return redirect("line_delivery:sandbox_chat", friend.pk)


def sandbox_chat(request: HttpRequest, friend_id: int) -> HttpResponse:
    _require_sandbox_user(request)
    friend = get_object_or_404(
        Friend.objects.prefetch_related("topics", "areas"), pk=friend_id
    )
    if request.method == "GET":
        audit.record(request, "sandbox.view", friend)
    chat = list(reversed(friend.sandbox_messages.order_by("-received_at", "-pk")[:50]))
    pages: dict = {}
    for item in chat:
        if item.endpoint != "resident":
            item.message, item.image_note = with_sandbox_image(item.message, pages)
    return TemplateResponse(
        request,
        "line_delivery/sandbox_chat.html",
        {
            "friend": friend,
            "rich_menu": rich_menu_sandbox.displayed(friend) if is_sandbox() else None,
            "chat": chat,
            "account_name": CitySettings.load().city_name,
            "back_url": reverse("line_delivery:sandbox"),
        },
    )


def sandbox_rich_menu_image(request: HttpRequest, rich_menu_id: str) -> HttpResponse:
    """The image the sandbox channel holds for a rich menu (as LINE would show it)."""
    found = rich_menu_sandbox.image(rich_menu_id) if is_sandbox() else None
    if found is None:
        raise Http404
    data, content_type = found
    return HttpResponse(data, content_type=content_type)


@require_http_methods(["POST"])
def sandbox_tap(
    request: HttpRequest, friend_id: int, line_menu_id: int, area_key: str
) -> HttpResponse:
    """Play the resident: tap a rich-menu area; the event takes the webhook's path."""
    _require_sandbox_user(request)
    friend = get_object_or_404(Friend, pk=friend_id, is_sandbox=True)
    if not is_sandbox():
        raise PermissionDenied
    line_menu = get_object_or_404(LineRichMenu, pk=line_menu_id)
    audit.record(request, "sandbox.impersonate", friend, kind="tap", area=area_key[:40])
    event = rich_menu_sandbox.tap(friend, line_menu, area_key)
    if event is not None:
        for event_id in store_events([event]):
            handle_webhook_events.delay([event_id])
    return redirect("line_delivery:sandbox_chat", friend.pk)

"""LIFF pages for residents: menu, 受信設定 and its save API, and the page view."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import Page

from .. import ratelimit
from .auth import liff_login_required
from .forms import FriendSettingsForm


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The LIFF endpoint URL itself: LIFF's init follows ``liff.state`` from here."""
    return TemplateResponse(request, "line_delivery/liff/index.html", {})


@require_GET
@liff_login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """受信設定: topics, 地区 and reminders; every change is saved at once."""
    form = FriendSettingsForm.for_friend(request.friend)
    morning = settings.GARBAGE_REMINDER_MORNING_TIME
    return TemplateResponse(
        request,
        "line_delivery/liff/settings.html",
        {
            "form": form,
            "morning_time_label": f"{morning.hour}時"
            + (f"{morning.minute}分" if morning.minute else ""),
        },
    )


@require_POST
@liff_login_required
def settings_save(request: HttpRequest) -> HttpResponse:
    """Save the whole 受信設定 form for the session's friend (JSON answer)."""
    capacity, per_seconds = settings.LIFF_RATE_LIMITS["settings"]
    if not ratelimit.allow(
        "liff-settings", str(request.friend.pk), capacity, per_seconds
    ):
        return JsonResponse(
            {
                "ok": False,
                "message": "保存の回数が多すぎます。少し待ってからお試しください。",
            },
            status=429,
        )
    form = FriendSettingsForm.for_friend(request.friend, data=request.POST)
    if not form.is_valid():
        return JsonResponse(
            {
                "ok": False,
                "message": "保存できませんでした。選び直してください。",
                "errors": form.errors.get_json_data(),
            },
            status=400,
        )
    form.save(request.friend)
    saved_at = timezone.localtime()
    return JsonResponse(
        {
            "ok": True,
            "message": "保存しました",
            "saved_at": f"{saved_at.hour}時{saved_at.minute:02d}分に保存しました",
        }
    )


@require_GET
def page_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """A page delivered to LINE (詳しく見る), laid out for the LIFF browser.

    Only live pages that anyone may read: a page with a view restriction is not
    shown here (LIFF would otherwise bypass it).
    """
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404
    page = page.specific
    context = page.get_context(request)
    context["base_template"] = "liff_base.html"
    return TemplateResponse(request, page.get_template(request), context)

"""The resident's side (LIFF): report a problem, see the receipt, follow its state."""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .. import ratelimit
from ..crypto import decrypt_bytes
from ..inbox.views import private_file_response
from ..liff import liff_login_required
from .chat import recent_chat_photos
from .geo import nearest_area, within_city
from .intake import MAX_DESCRIPTION, create_report, read_submission
from .models import Report, ReportCategory, ReportSettings
from .photos import MAX_PHOTOS


def map_config() -> dict:
    """What the map script needs (the tile URL may be empty: a plain grid then)."""
    city = ReportSettings.load()
    return {
        "tileUrl": settings.REPORTS_MAP_TILE_URL,
        "attribution": settings.REPORTS_MAP_TILE_ATTRIBUTION,
        "lat": float(city.map_latitude),
        "lng": float(city.map_longitude),
    }


@require_GET
@liff_login_required
def new_report(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "reports/liff/new.html",
        {
            "categories": ReportCategory.objects.filter(active=True),
            "chat_photos": recent_chat_photos(request.friend)[-MAX_PHOTOS:],
            "map_config": json.dumps(map_config()),
            "max_photos": MAX_PHOTOS,
            "max_description": MAX_DESCRIPTION,
        },
    )


@require_POST
@liff_login_required
def submit(request: HttpRequest) -> HttpResponse:
    """``POST /liff/reports/api/submit/`` (multipart): the report, or what to fix."""
    capacity, per_seconds = settings.LIFF_RATE_LIMITS["reports"]
    if not ratelimit.allow(
        "liff-reports", str(request.friend.pk), capacity, per_seconds
    ):
        return JsonResponse(
            {
                "ok": False,
                "message": "通報の回数が多すぎます。しばらくしてからお試しください。",
            },
            status=429,
        )
    wanted = {int(v) for v in request.POST.getlist("chat_photos") if v.isdigit()}
    chat_photos = [p for p in recent_chat_photos(request.friend) if p.pk in wanted]
    submission = read_submission(
        request.POST, request.FILES.getlist("photos"), chat_photos=chat_photos
    )
    if submission.errors:
        return JsonResponse(
            {
                "ok": False,
                "message": "送れませんでした。赤い字のところを直してください。",
                "errors": submission.errors,
            },
            status=400,
        )
    report = create_report(submission, friend=request.friend)
    return JsonResponse(
        {
            "ok": True,
            "receipt_number": report.receipt_number,
            "department": report.department.name,
            "url": reverse("reports:detail", args=[report.pk]),
        }
    )


@require_GET
@liff_login_required
def chat_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A photo the resident sent in the chat, to themselves only."""
    photo = next((p for p in recent_chat_photos(request.friend) if p.pk == pk), None)
    if photo is None:
        raise Http404
    return private_file_response(
        decrypt_bytes(photo.content), "image/jpeg", f"chat-{pk}.jpg", inline=True
    )


@require_GET
@liff_login_required
def place(request: HttpRequest) -> HttpResponse:
    """The 地区 nearest a point, so the page can name it without map tiles."""
    try:
        lat, lng = float(request.GET["lat"]), float(request.GET["lng"])
    except (KeyError, ValueError):
        return JsonResponse(
            {"ok": False, "message": "場所が分かりません。"}, status=400
        )
    if not within_city(lat, lng):
        return JsonResponse({"ok": True, "within_city": False, "area": ""})
    area = nearest_area(lat, lng)
    return JsonResponse(
        {"ok": True, "within_city": True, "area": area.name if area else ""}
    )


@require_GET
@liff_login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    reports = (
        Report.objects.filter(friend=request.friend)
        .select_related("category")
        .order_by("-created_at")[:50]
    )
    return TemplateResponse(request, "reports/liff/mine.html", {"reports": reports})


@require_GET
@liff_login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The resident's own report only: another friend's number is a 404."""
    report = get_object_or_404(
        Report.objects.select_related("category", "department", "area"),
        pk=pk,
        friend=request.friend,
    )
    if report.personal_data_purged_at:
        raise Http404
    return TemplateResponse(
        request,
        "reports/liff/detail.html",
        {
            "report": report,
            "messages_sent": report.notifications.filter(status="sent").order_by(
                "created_at"
            ),
        },
    )

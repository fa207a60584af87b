"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/), JSON only.

``services``, ``requests`` (GET with the spec's filters; POST with an API key) and
``requests/<id>``. Nothing here names or describes a resident: the resident's own
words, photos and LINE identity are never published. ``description`` is the staff's
public note (公開用のひとこと), ``address`` the nearest 地区, ``media_url`` empty.
Personal fields a client POSTs (e-mail, name, phone, device id) are not stored.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ..crypto import lookup_hash
from .intake import create_report, read_submission
from .models import Open311Client, Report, ReportCategory, parse_receipt_number


SERVICE_FIELDS = (
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
)
REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)
"""The GeoReport v2 fields of a service and of a service request, in the spec's order."""

DEFAULT_WINDOW_DAYS = 90
MAX_RESULTS = 1000


def _json(data: list, status: int = 200) -> JsonResponse:
    """A GeoReport answer: a JSON list, Japanese left readable (UTF-8)."""
    return JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def _errors(status: int, *problems: tuple[int | str, str]) -> JsonResponse:
    return _json(
        [{"code": code, "description": text} for code, text in problems], status
    )


def _w3c(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def service_json(category: ReportCategory) -> dict[str, Any]:
    return {
        "service_code": category.service_code,
        "service_name": category.name,
        "description": category.resident_hint,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": category.department.name,
    }


def request_json(report: Report) -> dict[str, Any]:
    """One service request, with no personal data (see the module docstring)."""
    notes = report.public_note
    if report.state == Report.State.REFUSED and report.state_reason:
        notes = report.state_reason
    if report.duplicate_of_id:
        notes = f"受付番号 {report.duplicate_of.receipt_number} と同じ内容のため統合しました。"
    return {
        "service_request_id": report.receipt_number,
        "status": "open" if report.is_open else "closed",
        "status_notes": notes,
        "service_name": report.category.name,
        "service_code": report.category.service_code,
        "description": report.public_note,
        "agency_responsible": report.department.name,
        "service_notice": "",
        "requested_datetime": _w3c(report.created_at),
        "updated_datetime": _w3c(report.updated_at),
        "expected_datetime": _w3c(report.due_at) if report.is_open else None,
        "address": f"{report.area.name}付近" if report.area else "",
        "address_id": "",
        "zipcode": "",
        "lat": float(report.latitude),
        "long": float(report.longitude),
        "media_url": "",
    }


def _reports() -> "QuerySet[Report]":
    return Report.objects.select_related(
        "category", "department", "area", "duplicate_of"
    )


@require_GET
def services(request: HttpRequest) -> HttpResponse:
    categories = ReportCategory.objects.filter(active=True).select_related("department")
    return _json([service_json(c) for c in categories])


def _report_by_receipt(receipt: str) -> Report | None:
    pk = parse_receipt_number(receipt)
    report = _reports().filter(pk=pk).first() if pk else None
    if report is None or report.receipt_number != receipt.strip():
        return None
    return report


def _date(value: str) -> datetime.datetime | None:
    """A W3C date-time (a ``+`` may arrive as a space), or a bare date at 00:00."""
    value = value.strip().replace(" ", "+")
    moment = parse_datetime(value) if value else None
    if moment is None and value and (day := parse_date(value)) is not None:
        moment = datetime.datetime.combine(day, datetime.time())
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _search(request: HttpRequest) -> HttpResponse:
    params = request.GET
    wanted = params.get("service_request_id", "")
    if wanted:
        found = [_report_by_receipt(r) for r in wanted.split(",")[:MAX_RESULTS]]
        return _json([request_json(r) for r in found if r])
    start, end = _date(params.get("start_date", "")), _date(params.get("end_date", ""))
    if (params.get("start_date") and start is None) or (
        params.get("end_date") and end is None
    ):
        return _errors(400, (400, "start_date / end_date must be W3C date-times."))
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_WINDOW_DAYS)
    reports = _reports().public()
    if start:
        reports = reports.filter(created_at__gte=start)
    if end:
        reports = reports.filter(created_at__lte=end)
    codes = [c for c in params.get("service_code", "").split(",") if c]
    if codes:
        reports = reports.filter(category__service_code__in=codes)
    status = params.get("status", "")
    if status == "open":
        reports = reports.open()
    elif status == "closed":
        reports = reports.exclude(state__in=Report.OPEN_STATES)
    elif status:
        return _errors(400, (400, "status must be open or closed."))
    return _json(
        [request_json(r) for r in reports.order_by("-created_at")[:MAX_RESULTS]]
    )


def _client(api_key: str) -> Open311Client | None:
    if not api_key:
        return None
    return Open311Client.objects.filter(
        key_hash=lookup_hash(api_key), active=True
    ).first()


def _create(request: HttpRequest) -> HttpResponse:
    if _client(request.POST.get("api_key", "")) is None:
        return _errors(403, (403, "A valid api_key is required."))
    submission = read_submission(
        request.POST,
        [],
        categories=ReportCategory.objects.filter(active=True),
    )
    if submission.errors:
        if "category" in submission.errors:
            return _errors(404, (404, "service_code not found."))
        return _errors(
            400,
            *[(400, f"{field}: {text}") for field, text in submission.errors.items()],
        )
    with transaction.atomic():
        report = create_report(submission, source=Report.Source.OPEN311)
    return _json(
        [
            {
                "service_request_id": report.receipt_number,
                "service_notice": "受け付けました。個人情報（氏名・連絡先）は保存していません。",
                "account_id": None,
            }
        ],
        201,
    )


@csrf_exempt  # machine clients authenticate with api_key, not a browser session
@require_http_methods(["GET", "HEAD", "POST"])
def requests(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _create(request)
    return _search(request)


@require_GET
def request_detail(request: HttpRequest, service_request_id: str) -> HttpResponse:
    report = _report_by_receipt(service_request_id)
    if report is None:
        return _errors(404, (404, "service_request_id not found."))
    return _json([request_json(report)])

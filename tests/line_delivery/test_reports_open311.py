"""Open311 GeoReport v2: the spec's fields, filters, POST with an API key, no personal data."""

import datetime

from django.core.management import call_command
from django.utils import timezone

import pytest

from line_delivery.reports.models import Report
from line_delivery.reports.open311 import REQUEST_FIELDS, SERVICE_FIELDS

from .conftest import make_friend
from .report_helpers import category_for, report_at, road_category


pytestmark = pytest.mark.django_db

LAT, LNG = 34.2305, 132.2187
# The GeoReport v2 field lists (https://wiki.open311.org/GeoReport_v2/), written out
# here from the spec, not imported: the endpoints must match the standard.
GEOREPORT_SERVICE = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
GEOREPORT_REQUEST = {
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
    "lat", "long", "media_url",
}  # fmt: skip


def api_key() -> str:
    import io

    out = io.StringIO()
    call_command("open311_key", "市のGIS", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_services_list_every_active_category_with_the_spec_fields(client):
    category_for("広報", "使わない種類", "retired", active=False)
    services = client.get("/open311/v2/services.json").json()
    assert set(SERVICE_FIELDS) == GEOREPORT_SERVICE
    assert all(set(s) == GEOREPORT_SERVICE for s in services)
    by_code = {s["service_code"]: s for s in services}
    assert by_code["road"]["service_name"] == "道路の損傷"
    assert by_code["road"]["group"] == "環境整備"
    assert (
        by_code["road"]["type"] == "realtime" and by_code["road"]["metadata"] is False
    )
    assert "retired" not in by_code
    assert client.get("/open311/v2/services").json() == services


def test_requests_show_the_spec_fields_and_no_personal_data(client):
    from tests.factories import AreaFactory

    friend = make_friend()
    report = report_at(
        road_category(),
        LAT,
        LNG,
        friend=friend,
        description="山田です。090-1234-5678。自宅の前に穴があります",
        address="山田方の前",
        area=AreaFactory(name="小方地区"),
        public_note="歩道の穴",
    )
    body = client.get("/open311/v2/requests.json").content.decode()
    [item] = client.get("/open311/v2/requests.json").json()
    assert set(REQUEST_FIELDS) == GEOREPORT_REQUEST == set(item)
    assert item["service_request_id"] == report.receipt_number
    assert item["status"] == "open" and item["service_code"] == "road"
    assert item["agency_responsible"] == "環境整備"
    assert item["description"] == "歩道の穴"
    assert item["address"] == "小方地区付近"
    assert item["lat"] == pytest.approx(LAT) and item["long"] == pytest.approx(LNG)
    assert item["media_url"] == ""
    datetime.datetime.fromisoformat(item["requested_datetime"])  # W3C date-time
    for personal in ("山田", "090-1234-5678", "自宅", friend.line_user_id, "friend"):
        assert personal not in body
    single = client.get(f"/open311/v2/requests/{report.receipt_number}.json").json()
    assert single == [item]


def test_request_filters_of_the_spec(client):
    road, light = road_category(), category_for("環境整備", "街灯", "light2")
    open_road = report_at(road, LAT, LNG)
    closed_light = report_at(light, LAT, LNG, state=Report.State.CLOSED)
    old = report_at(
        road, LAT, LNG, created_at=timezone.now() - datetime.timedelta(days=200)
    )

    def ids(**query):
        return {
            r["service_request_id"]
            for r in client.get("/open311/v2/requests.json", query).json()
        }

    assert ids() == {open_road.receipt_number, closed_light.receipt_number}  # 90 days
    assert ids(status="open") == {open_road.receipt_number}
    assert ids(status="closed") == {closed_light.receipt_number}
    assert ids(service_code="light2") == {closed_light.receipt_number}
    start = (timezone.now() - datetime.timedelta(days=365)).isoformat()
    assert old.receipt_number in ids(start_date=start)
    a_year_ago = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
    assert old.receipt_number in ids(start_date=a_year_ago)  # a bare date too
    assert ids(
        service_request_id=f"{old.receipt_number},{open_road.receipt_number}"
    ) == {
        old.receipt_number,
        open_road.receipt_number,
    }
    response = client.get("/open311/v2/requests.json", {"status": "broken"})
    assert response.status_code == 400 and response.json()[0]["code"] == 400
    assert client.get("/open311/v2/requests/20260101-99999.json").status_code == 404


def test_post_needs_an_api_key_and_keeps_no_personal_fields(client):
    fields = {
        "service_code": "road",
        "lat": str(LAT),
        "long": str(LNG),
        "description": "GISの巡回で見つけた穴",
        "email": "someone@example.jp",
        "first_name": "太郎",
        "phone": "0827-00-0000",
    }
    refused = client.post("/open311/v2/requests.json", {**fields, "api_key": "wrong"})
    assert refused.status_code == 403 and not Report.objects.exists()
    key = api_key()
    created = client.post("/open311/v2/requests.json", {**fields, "api_key": key})
    assert created.status_code == 201, created.content
    [answer] = created.json()
    report = Report.objects.get()
    assert answer["service_request_id"] == report.receipt_number
    assert report.source == Report.Source.OPEN311 and report.friend is None
    assert report.department.name == "環境整備"
    stored = " ".join(str(v) for v in Report.objects.values().get().values())
    assert "someone@example.jp" not in stored and "太郎" not in stored
    unknown = client.post(
        "/open311/v2/requests.json", {**fields, "service_code": "nope", "api_key": key}
    )
    assert unknown.status_code == 404

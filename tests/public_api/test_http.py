"""Fit for other sites: validators and 304s, CORS for listed origins, per-address limits."""

from django.core.cache import cache
from django.utils.http import parse_http_date

import pytest

from home.models import ShelterStatus
from public_api.models import ContentClock


pytestmark = pytest.mark.django_db

SHELTERS = "/api/v1/shelters/"
CITY_SITE = "https://www.city.otake.example"


def test_every_answer_has_validators_and_cache_control(client, city):
    for path in [
        SHELTERS,
        "/api/v1/disaster-mode/",
        "/api/v2/pages/",
        "/api/v1/areas/",
    ]:
        response = client.get(path)
        assert response.status_code == 200
        assert response["ETag"].startswith('"')
        assert "max-age=" in response["Cache-Control"]
        assert "public" in response["Cache-Control"]
    assert client.get(SHELTERS).has_header("Last-Modified")


def test_matching_etag_gets_304_until_something_changes(client, city):
    first = client.get(SHELTERS)
    etag = first["ETag"]

    again = client.get(SHELTERS, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""

    city["shelter"].status = ShelterStatus.FULL
    city["shelter"].save()
    changed = client.get(SHELTERS, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "満" in changed.content.decode()


def test_if_modified_since_gets_304_and_a_change_moves_last_modified(client, city):
    first = client.get("/api/v1/faqs/")
    since = first["Last-Modified"]
    assert (
        client.get("/api/v1/faqs/", headers={"if-modified-since": since}).status_code
        == 304
    )
    # Unpublishing removes a row without any row getting newer: the clock still moves.
    before = ContentClock.last_change()
    city["news"].unpublish()
    assert ContentClock.last_change() > before
    later = client.get("/api/v1/news/")
    assert parse_http_date(later["Last-Modified"]) >= parse_http_date(since)


def test_cors_only_for_the_listed_origins(client, city, settings):
    settings.CORS_ALLOWED_ORIGINS = [CITY_SITE]
    allowed = client.get(SHELTERS, headers={"origin": CITY_SITE})
    assert allowed["Access-Control-Allow-Origin"] == CITY_SITE
    assert "ETag" in allowed["Access-Control-Expose-Headers"]

    other = client.get(SHELTERS, headers={"origin": "https://evil.example"})
    assert other.status_code == 200
    assert not other.has_header("Access-Control-Allow-Origin")

    # A conditional request from the city's page: the preflight allows If-None-Match.
    preflight = client.options(
        SHELTERS,
        headers={
            "origin": CITY_SITE,
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert preflight["Access-Control-Allow-Origin"] == CITY_SITE
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    # A 304 carries CORS headers too, or the browser would refuse it.
    etag = allowed["ETag"]
    not_modified = client.get(
        SHELTERS, headers={"origin": CITY_SITE, "if-none-match": etag}
    )
    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == CITY_SITE

    # The admin is not shared with other origins.
    admin = client.get("/admin/login/", headers={"origin": CITY_SITE})
    assert not admin.has_header("Access-Control-Allow-Origin")


def test_rate_limit_per_client_address(client, city, settings):
    settings.PUBLIC_API_RATE = "3/min"
    cache.clear()
    try:
        for _ in range(3):
            assert client.get("/api/v1/areas/").status_code == 200
        refused = client.get("/api/v1/areas/")
        assert refused.status_code == 429
        assert refused.has_header("Retry-After")
        # Another address has its own allowance.
        assert client.get("/api/v1/areas/", REMOTE_ADDR="192.0.2.7").status_code == 200
        # Wagtail's page API shares the limit.
        assert client.get("/api/v2/pages/").status_code == 429
    finally:
        cache.clear()

"""A notice that runs out of its hours changes the in-force list without any row
changing: clients that ask with If-Modified-Since must see the new list (issue 14)."""

import datetime

from django.utils import timezone
from django.utils.http import parse_http_date

import pytest

from home.models import HazardDuration
from tests.factories import DisasterIndexPageFactory, DisasterNoticePageFactory


pytestmark = pytest.mark.django_db

IN_FORCE = "/api/v1/disaster-notices/?state=in_force"


def move_clock(monkeypatch, to: datetime.datetime) -> None:
    """Everything that asks ``timezone.now()`` (lifecycle, API) lives at ``to``."""
    monkeypatch.setattr(timezone, "now", lambda: to)


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


def test_an_expired_notice_leaves_the_list_for_if_modified_since_clients(
    client, home_page, monkeypatch
):
    assert HazardDuration.objects.get(hazard="wildlife").hours == 24
    start = timezone.now()
    bear = DisasterNoticePageFactory(
        parent=DisasterIndexPageFactory(parent=home_page),
        title="クマの目撃について",
        level=0,
        hazard="wildlife",
        issued_at=start - datetime.timedelta(hours=23),
    )
    bear.save_revision().publish()

    first = client.get(IN_FORCE)
    assert titles(first) == ["クマの目撃について"]
    since = first["Last-Modified"]
    assert client.get(IN_FORCE, headers={"if-modified-since": since}).status_code == 304

    # Two hours later its 24 hours have passed; no row changed in the meantime.
    move_clock(monkeypatch, start + datetime.timedelta(hours=2))
    later = client.get(IN_FORCE, headers={"if-modified-since": since})
    assert later.status_code == 200
    assert titles(later) == []
    assert parse_http_date(later["Last-Modified"]) > parse_http_date(since)
    # …and from then on the new list is the one that is not modified.
    again = client.get(IN_FORCE, headers={"if-modified-since": later["Last-Modified"]})
    assert again.status_code == 304


def test_an_extended_notice_moves_last_modified_when_its_extension_runs_out(
    client, home_page, monkeypatch
):
    from home import notice_lifecycle

    start = timezone.now()
    bear = DisasterNoticePageFactory(
        parent=DisasterIndexPageFactory(parent=home_page),
        title="クマの目撃について",
        level=0,
        hazard="wildlife",
        issued_at=start - datetime.timedelta(hours=30),
    )
    bear.save_revision().publish()
    notice_lifecycle.extend_notice(bear, None, 3)
    first = client.get(IN_FORCE)
    assert titles(first) == ["クマの目撃について"]

    move_clock(monkeypatch, start + datetime.timedelta(hours=4))
    later = client.get(IN_FORCE, headers={"if-modified-since": first["Last-Modified"]})
    assert later.status_code == 200 and titles(later) == []

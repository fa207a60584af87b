"""アクセスログ: every request recorded without secrets, chained per day, purged after retention."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from cms import access_log
from cms.models import AccessLogEntry, AccessLogSeal
from tests.auth import sign_in_verified

from .test_production_settings import run_manage


pytestmark = pytest.mark.django_db


def test_a_request_is_recorded_without_secrets_in_the_query(client):
    response = client.get(
        "/search/?q=ごみ&access_token=abc123&liff.state=%2Fx&code=OAUTHCODE"
    )
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(path__startswith="/search/")
    assert entry.method == "GET"
    assert entry.status == 200
    assert entry.username == "" and entry.user_id is None
    assert entry.ip_address == "127.0.0.1"
    assert entry.duration_ms >= 0
    assert entry.path == "/search/?q=ごみ"
    for secret in ("abc123", "OAUTHCODE", "access_token", "state"):
        assert secret not in entry.path


def test_staff_requests_name_the_staff_member_and_errors_are_recorded(
    client, admin_user
):
    sign_in_verified(client, admin_user)
    client.get("/admin/")
    client.get("/no-such-page/")
    admin_entry = AccessLogEntry.objects.get(path="/admin/")
    assert (admin_entry.username, admin_entry.user_id) == ("admin", admin_user.pk)
    assert AccessLogEntry.objects.get(path="/no-such-page/").status == 404


def test_webhook_is_recorded_without_its_body(client):
    client.post(
        "/line/webhook/",
        data='{"destination": "U0", "events": [{"message": {"text": "私の住所"}}]}',
        content_type="application/json",
        HTTP_X_LINE_SIGNATURE="forged",
    )
    entry = AccessLogEntry.objects.get(path="/line/webhook/")
    assert (entry.method, entry.status) == ("POST", 401)
    assert "住所" not in entry.path


def _requests(client, count: int) -> list[AccessLogEntry]:
    for number in range(count):
        client.get(f"/search/?q=item{number}")
    access_log.seal()
    return list(AccessLogEntry.objects.order_by("seq"))


def verify_output() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_access_log", stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    return 0, out.getvalue()


def test_sealed_chain_verifies(client):
    entries = _requests(client, 5)
    assert [entry.seq for entry in entries] == [1, 2, 3, 4, 5]
    assert all(len(entry.hash) == 64 for entry in entries)
    code, output = verify_output()
    assert code == 0 and "正常" in output
    # A later request joins the same day's chain.
    client.get("/search/?q=later")
    assert access_log.seal() == 1
    assert verify_output()[0] == 0


def test_verify_names_an_edited_record(client):
    entries = _requests(client, 5)
    AccessLogEntry.objects.filter(pk=entries[2].pk).update(path="/search/?q=other")
    code, output = verify_output()
    assert code == 1
    assert f"id={entries[2].pk}" in output and "改ざん" in output


def test_verify_names_where_a_record_was_deleted(client):
    entries = _requests(client, 5)
    AccessLogEntry.objects.filter(pk=entries[1].pk).delete()
    code, output = verify_output()
    assert code == 1
    assert "連番 2 の記録が削除されています" in output
    assert f"id={entries[2].pk}" in output


def test_verify_notices_records_deleted_at_the_end_of_a_day(client):
    entries = _requests(client, 4)
    AccessLogEntry.objects.filter(pk__in=[entries[2].pk, entries[3].pk]).delete()
    code, output = verify_output()
    assert code == 1 and "連番 3 以降の記録が削除されています" in output


def test_verify_notices_an_inserted_record(client):
    entries = _requests(client, 3)
    forged = AccessLogEntry.objects.get(pk=entries[1].pk)
    forged.pk = None
    forged.seq = 4
    forged.path = "/admin/forged/"
    forged.save()
    seal = AccessLogSeal.objects.get()
    seal.count = 4
    seal.head_hash = forged.hash
    seal.save()
    code, output = verify_output()
    assert code == 1
    assert "封印が改ざんされています" in output or f"id={forged.pk}" in output


def test_purge_deletes_whole_days_past_retention_only(client, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 180
    _requests(client, 2)
    today = timezone.localdate()
    old_day = today - datetime.timedelta(days=181)
    kept_day = today - datetime.timedelta(days=180)
    AccessLogEntry.objects.filter(pk=AccessLogEntry.objects.first().pk).update(
        day=old_day
    )
    AccessLogEntry.objects.filter(day=today).update(day=kept_day)
    AccessLogSeal.objects.update(day=kept_day)
    AccessLogSeal.objects.create(day=old_day, count=1)
    assert access_log.purge(today) == 1
    assert set(AccessLogEntry.objects.values_list("day", flat=True)) == {kept_day}
    assert not AccessLogSeal.objects.filter(day=old_day).exists()


def test_production_refuses_a_retention_shorter_than_180_days():
    result = run_manage("check", env_overrides={"ACCESS_LOG_RETENTION_DAYS": "90"})
    assert result.returncode != 0
    assert "ACCESS_LOG_RETENTION_DAYS" in result.stderr
    assert (
        run_manage(
            "check", env_overrides={"ACCESS_LOG_RETENTION_DAYS": "180"}
        ).returncode
        == 0
    )


def test_access_log_list_is_for_administrators_and_auditors(
    sections, staff_member, signed_in, client
):
    client.get("/search/?q=粗大ごみ")
    auditor = staff_member("監査担当", username="kansa")
    signed_in(auditor)
    html = client.get("/admin/access_log/?path=search").content.decode()
    assert "/search/?q=粗大ごみ" in html
    client.logout()
    signed_in(staff_member("承認者", username="kachou"))
    assert client.get("/admin/access_log/").status_code in (302, 403)


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_logged(
    client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    # The left entry was forged by the client; nginx appended the real address.
    client.get("/search/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
    assert AccessLogEntry.objects.get().ip_address == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 0
    client.get("/search/", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert AccessLogEntry.objects.latest("pk").ip_address == "127.0.0.1"


def test_records_are_written_in_batches_and_none_is_lost(client, settings):
    # Production writes many requests' records in one INSERT (cms/access_log.py).
    settings.ACCESS_LOG_BATCH_SIZE = 3
    settings.ACCESS_LOG_FLUSH_SECONDS = 60
    for n in range(2):
        client.get(f"/search/?q=batch{n}")
    assert not AccessLogEntry.objects.filter(path__contains="batch").exists()
    client.get("/search/?q=batch2")
    assert AccessLogEntry.objects.filter(path__contains="batch").count() == 3
    client.get("/search/?q=batch3")
    access_log.flush()  # what the process does at exit, or its timer after a second
    paths = AccessLogEntry.objects.filter(path__contains="batch").order_by("pk")
    assert [p.path for p in paths] == [f"/search/?q=batch{n}" for n in range(4)]
    assert access_log.seal() >= 4 and access_log.verify() == []


def test_a_quiet_process_writes_its_records_after_the_flush_interval(client, settings):
    import time

    from django.db import connection

    settings.ACCESS_LOG_BATCH_SIZE = 100
    settings.ACCESS_LOG_FLUSH_SECONDS = 0.2
    # The timer writes from its own thread and connection: only committed rows are
    # visible there, so look with a fresh query after it ran.
    client.get("/search/?q=quiet")

    def written() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM cms_accesslogentry WHERE path LIKE %s",
                ["%quiet%"],
            )
            return cursor.fetchone()[0]

    # Wait on the condition, generously: a busy machine runs the timer late.
    deadline = time.monotonic() + 60
    while not written() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert written() == 1
    # Committed by another connection, so the test's rollback will not remove it.
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        dbname=db["NAME"], host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"]
    ) as other:
        other.execute("DELETE FROM cms_accesslogentry WHERE path LIKE %s", ["%quiet%"])

"""/healthz tells monitoring what is wrong; maintenance mode keeps LINE and /healthz up."""

from io import StringIO
import json
import os
import time

from django.core.management import call_command

import pytest

from cms import backup, health
from cms.tasks import record_worker_heartbeat
from tests.cms.backup_helpers import backup_settings  # noqa: F401 - fixture
from tests.line_delivery.webhook_helpers import body_for, post_webhook, text_event


pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def production_like(settings, backup_settings):  # noqa: F811
    """Health as production sees it: a real broker and a worker, not eager tasks."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = REDIS_URL
    return settings


def healthz(client):
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def test_healthy_site_answers_200_with_every_check(client, production_like):
    record_worker_heartbeat()
    backup.make_backup()
    status, body = healthz(client)
    assert status == 200, body
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "redis", "worker", "backup"}
    assert body["checks"]["backup"]["age_hours"] < 1


def test_missing_backup_and_silent_worker_fail_by_name(client, production_like):
    health.record_heartbeat(time.time() - 3600)  # the worker stopped an hour ago
    status, body = healthz(client)
    assert status == 503
    assert body["failed"] == ["worker", "backup"]
    assert body["checks"]["worker"]["age_seconds"] >= 3600


def test_old_backup_fails_the_backup_check(client, production_like):
    record_worker_heartbeat()
    backup.make_backup()
    production_like.HEALTHZ_BACKUP_MAX_AGE_HOURS = 0
    status, body = healthz(client)
    assert status == 503 and body["failed"] == ["backup"]


def test_the_embedded_default_expects_no_worker_and_no_backup(client, settings):
    """make run (tasks in-process, no backup configured) is healthy, and says why."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.BACKUP_ENCRYPTION_KEY = ""
    status, body = healthz(client)
    assert status == 200, body
    assert body["checks"]["backup"] == {"ok": True, "detail": "not configured"}
    assert "in-process" in body["checks"]["worker"]["detail"]


def test_a_configured_backup_is_checked_in_the_embedded_default_too(
    client,
    settings,
    backup_settings,  # noqa: F811
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    status, body = healthz(client)
    assert status == 503 and body["failed"] == ["backup"]


def test_unreachable_redis_fails_the_redis_check(client, production_like):
    record_worker_heartbeat()
    backup.make_backup()
    production_like.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    status, body = healthz(client)
    assert status == 503 and body["failed"] == ["redis"]
    assert "127.0.0.1" not in json.dumps(body)  # no connection details leak


@pytest.fixture
def maintenance_flag(settings, tmp_path):
    settings.MAINTENANCE_FLAG_FILE = tmp_path / "maintenance.on"
    yield settings.MAINTENANCE_FLAG_FILE
    call_command("maintenance", "off", stdout=StringIO())


def test_maintenance_shows_a_japanese_notice_with_503(
    client, home_page, maintenance_flag
):
    assert client.get("/").status_code == 200
    call_command(
        "maintenance",
        "on",
        "--message",
        "終了予定 6時00分",
        stdout=StringIO(),
    )
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "3600"
    page = response.content.decode()
    assert "メンテナンス中" in page and "終了予定 6時00分" in page
    call_command("maintenance", "off", stdout=StringIO())
    assert client.get("/").status_code == 200


def test_maintenance_covers_the_staff_admin_too(admin_client, maintenance_flag):
    call_command("maintenance", "on", stdout=StringIO())
    response = admin_client.get("/admin/")
    assert response.status_code == 503
    assert "メンテナンス中" in response.content.decode()


def test_line_webhook_and_healthz_still_answer_during_maintenance(
    client, settings, maintenance_flag
):
    settings.LINE_CHANNEL_SECRET = "maintenance-secret"
    call_command("maintenance", "on", stdout=StringIO())
    body = body_for(text_event("U" + "1" * 32, "ごみの日", "reply-token"))
    assert post_webhook(client, body, "maintenance-secret").status_code == 200
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "checks" in json.loads(response.content)


def test_maintenance_mode_from_the_environment(client, home_page, settings):
    settings.MAINTENANCE_MODE = True
    assert client.get("/").status_code == 503

"""``/healthz``: is the site able to do its job right now?

Checks the database, Redis (Celery's broker), a Celery worker's heartbeat (a beat
job writes it every minute) and the age of the newest checked backup. In the
embedded default (tasks in-process) there is no broker or worker to check, and a
backup that was never configured is reported as such rather than failing. Answers JSON:
200 when every check passes, 503 naming the ones that failed, for the monitoring
the city's IT department points at it. It reveals no personal data or settings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

import redis


HEARTBEAT_KEY = "ops:worker-heartbeat"


def record_heartbeat(timestamp: float) -> None:
    cache.set(HEARTBEAT_KEY, timestamp, timeout=None)


def _eager() -> bool:
    """The embedded default runs tasks in-process: no broker, no worker to watch."""
    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def check_redis() -> dict[str, Any]:
    if _eager():
        return {"ok": True, "detail": "not used (tasks run in-process)"}
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2
    )
    client.ping()
    return {"ok": True}


def check_worker() -> dict[str, Any]:
    if _eager():
        return {"ok": True, "detail": "not used (tasks run in-process)"}
    beat = cache.get(HEARTBEAT_KEY)
    if beat is None:
        return {"ok": False, "detail": "no heartbeat from a Celery worker yet"}
    age = round(time.time() - float(beat))
    limit = settings.HEALTHZ_HEARTBEAT_MAX_AGE_SECONDS
    return {"ok": age <= limit, "age_seconds": age, "max_age_seconds": limit}


def check_backup() -> dict[str, Any]:
    from cms.backup import latest_backup

    if _eager() and not settings.BACKUP_ENCRYPTION_KEY:
        # The embedded default (make run) has no backup unless one is configured;
        # production requires the key (production.py), so there a missing backup fails.
        return {"ok": True, "detail": "not configured"}

    newest = latest_backup()
    if newest is None:
        return {"ok": False, "detail": "no checked backup yet"}
    age_hours = (datetime.now(UTC) - newest.finished_at).total_seconds() / 3600
    limit = settings.HEALTHZ_BACKUP_MAX_AGE_HOURS
    return {
        "ok": age_hours <= limit,
        "name": newest.name,
        "age_hours": round(age_hours, 1),
        "max_age_hours": limit,
    }


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "redis": check_redis,
    "worker": check_worker,
    "backup": check_backup,
}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # noqa: BLE001 - a failed check is the answer
            results[name] = {"ok": False, "detail": type(error).__name__}
    failed = [name for name, result in results.items() if not result["ok"]]
    return JsonResponse(
        {"status": "fail" if failed else "ok", "failed": failed, "checks": results},
        status=503 if failed else 200,
    )

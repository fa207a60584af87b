"""Beat's schedule, run by a thread of the web process (the embedded default).

``make run`` starts only runserver: without this, a page scheduled in the admin
showed 「公開が予定されました」 and never went live, reminders never went out and no
sweep ran. The thread reads the same ``CELERY_BEAT_SCHEDULE`` as ``celery beat`` and
runs each due job in-process (tasks are eager here), one job at a time.

One scheduler per database: the thread first takes an exclusive ``flock`` on a file
next to the SQLite database, held for the life of the process, so a second server
(or a restarted one still shutting down) on the same data never runs the jobs twice
at the same time. The jobs themselves are idempotent, as they must be under beat.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime
import fcntl
import importlib
import logging
import os
from pathlib import Path
import sys
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections


logger = logging.getLogger(__name__)


@dataclass
class Entry:
    name: str
    task: str
    schedule: Any  # celery.schedules.schedule or crontab
    kwargs: dict[str, Any]
    last_run_at: datetime.datetime


def lock_path() -> Path:
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return Path(f"{database['NAME']}.scheduler.lock")
    return Path(settings.BASE_DIR) / "var" / "embedded-scheduler.lock"


def entries(now: datetime.datetime) -> list[Entry]:
    from celery.schedules import crontab, maybe_schedule

    from cms.celery import app

    skip = set(settings.EMBEDDED_SCHEDULER_SKIP)
    found = []
    for name, options in settings.CELERY_BEAT_SCHEDULE.items():
        if name in skip:
            continue
        schedule = maybe_schedule(options["schedule"], app=app)
        # Interval jobs (sweeps, publish_scheduled) run once at start-up, catching up
        # on what waited while the server was down; cron jobs wait for their time.
        last_run = now if isinstance(schedule, crontab) else now - schedule.run_every
        found.append(
            Entry(name, options["task"], schedule, options.get("kwargs", {}), last_run)
        )
    return found


class Scheduler(threading.Thread):
    def __init__(self, tick: float | None = None) -> None:
        super().__init__(name="embedded-scheduler", daemon=True)
        self.tick = tick or settings.EMBEDDED_SCHEDULER_TICK_SECONDS
        self.stopping = threading.Event()
        self.runs: dict[str, int] = {}
        self._lock_file: Any = None

    def acquire(self) -> bool:
        path = lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_file = open(path, "a+")  # noqa: SIM115 - held for the process's life
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.close()
            self._lock_file = None
            return False
        self._lock_file.seek(0)
        self._lock_file.truncate()
        self._lock_file.write(f"{os.getpid()}\n")
        self._lock_file.flush()
        return True

    def run(self) -> None:
        from django.apps import apps

        # Started from AppConfig.ready(): let the other apps finish theirs first.
        while not apps.ready and not self.stopping.wait(0.1):
            pass
        if not self.acquire():
            logger.warning(
                "Another process runs the schedule of this database (%s); "
                "this one does not.",
                lock_path(),
            )
            return
        from cms.celery import app

        schedule = entries(app.now())
        logger.info("In-process scheduler: %d jobs", len(schedule))
        while not self.stopping.is_set():
            for entry in schedule:
                if self.stopping.is_set():
                    break
                due, _next = entry.schedule.is_due(entry.last_run_at)
                if not due:
                    continue
                entry.last_run_at = app.now()
                self.run_job(app, entry)
            self.stopping.wait(self.tick)

    def run_job(self, app: Any, entry: Entry) -> None:
        try:
            # Tasks register when their module is imported (beat's worker imports
            # them all; this process may not have yet).
            importlib.import_module(entry.task.rsplit(".", 1)[0])
            app.tasks[entry.task].apply(kwargs=entry.kwargs, throw=True)
        except Exception:
            logger.exception("Scheduled job %s failed", entry.name)
        finally:
            self.runs[entry.name] = self.runs.get(entry.name, 0) + 1
            close_old_connections()

    def stop(self) -> None:
        self.stopping.set()


_scheduler: Scheduler | None = None
_start_lock = threading.Lock()


def start() -> Scheduler | None:
    """Start this process's scheduler thread once (no-op unless EMBEDDED_SCHEDULER)."""
    global _scheduler
    if not settings.EMBEDDED_SCHEDULER:
        return None
    with _start_lock:
        if _scheduler is None:
            _scheduler = Scheduler()
            _scheduler.start()
    return _scheduler


def serving() -> bool:
    """Is this process the one that serves requests (not migrate, shell, the reloader)?"""
    if sys.argv[1:2] != ["runserver"]:
        return False
    return "--noreload" in sys.argv or os.environ.get("RUN_MAIN") == "true"


def start_with_request(**_kwargs: object) -> None:
    """``request_started``: other servers (gunicorn on dev settings) start it here."""
    if _scheduler is None:
        start()

"""A background thread that runs what requests queue, one job at a time.

Under ``make run`` the webhook view hands the events it stored to this thread instead
of answering them inside the request (which held SQLite's write lock for the whole
reply, and made LINE's 2-second answer time depend on the chat search). One thread
means one writer for this work, which is what SQLite does best; the busy timeout and
``BEGIN IMMEDIATE`` (``cms/settings/dev.py``) order it with the request threads.

Jobs are also kept in the database (a stored webhook event is ``pending`` until it is
answered), so a job lost with the process is picked up by the sweep
(``line_delivery.webhook_lifecycle.sweep_stranded_events``).
"""

from __future__ import annotations

from collections.abc import Callable
import logging
import queue
import threading
from typing import Any

from django.db import close_old_connections


logger = logging.getLogger(__name__)


class BackgroundWorker:
    def __init__(self, name: str = "embedded-worker") -> None:
        self.name = name
        self.jobs: queue.Queue[tuple[Callable[..., Any], tuple[Any, ...]]] = (
            queue.Queue()
        )
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, job: Callable[..., Any], *args: Any) -> None:
        self._ensure_started()
        self.jobs.put((job, args))

    def wait_idle(self) -> None:
        """Block until every job submitted so far has run (tests, shutdown)."""
        self.jobs.join()

    def _ensure_started(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name=self.name, daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            job, args = self.jobs.get()
            try:
                job(*args)
            except Exception:
                # The job's rows stay pending; the sweep tries them again.
                logger.exception("Background job %r failed", job)
            finally:
                close_old_connections()
                self.jobs.task_done()


worker = BackgroundWorker()


def submit(job: Callable[..., Any], *args: Any) -> None:
    worker.submit(job, *args)

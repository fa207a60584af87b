"""``make run``'s stack, started from Python: SQLite, runserver, tasks in-process.

The same steps as the Makefile's ``run`` target (migrate, seed_demo, demo_admin,
``runserver --noreload``) with ``cms.settings.dev``, on a SQLite file of the run's
own. Migrating and seeding take half a minute, so a seeded database is built once
per schema (``harness.schema_fingerprint``) and copied for each run. Used by
``bench/embedded_webhook.py`` and the tests of the embedded default.

Nothing here imports Django: the product runs in subprocesses.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
import shutil
import socket
import sqlite3
import subprocess
import time
from typing import Any
from urllib.request import urlopen

from bench import harness


REPO_ROOT = harness.REPO_ROOT
CACHE_DIR = Path(os.environ.get("EMBEDDED_CACHE_DIR", REPO_ROOT / "var" / "embedded"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dev_env(database: Path, port: int, **extra: str) -> dict[str, str]:
    """The environment ``make run`` gives manage.py (plus a database of our own)."""
    env = dict(os.environ)
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "LINE_CHANNEL_ACCESS_TOKEN",
        "LINE_CHANNEL_SECRET",
        "LINE_API_BASE_URL",
        "LINE_DATA_API_BASE_URL",
        "LINE_SANDBOX",
    ):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(database.parent / "media"),
        PYTHONPATH=str(REPO_ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    completed = subprocess.run(  # noqa: S603 - our own manage.py
        [harness.PYTHON, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed:\n{completed.stderr[-4000:]}"
        )
    return completed.stdout


def seeded_database() -> Path:
    """A migrated and seeded (seed_demo) SQLite file for this schema, built once."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    seed = (
        REPO_ROOT / "home" / "management" / "commands" / "seed_demo.py"
    ).read_bytes()
    import hashlib

    digest = hashlib.sha256(harness.schema_fingerprint().encode() + seed).hexdigest()
    path = CACHE_DIR / f"seeded-{digest[:16]}.sqlite3"
    with open(CACHE_DIR / "build.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = path.with_suffix(".building")
            building.unlink(missing_ok=True)
            env = dev_env(building, 8000)
            # The template is built on the sandbox, as make run does.
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "seed_demo")
            with contextlib.closing(sqlite3.connect(building)) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            building.rename(path)
            for suffix in ("-wal", "-shm"):
                Path(f"{building}{suffix}").unlink(missing_ok=True)
    return path


def copy_seeded(workdir: Path) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "db.sqlite3"
    shutil.copyfile(seeded_database(), database)
    return database


class EmbeddedServer:
    """``manage.py runserver --noreload`` on a copy of the seeded database."""

    def __init__(
        self, workdir: Path, database: Path | None = None, **env_extra: str
    ) -> None:
        """``database``: serve that file (a second server) instead of a fresh copy."""
        self.workdir = workdir
        self.database = database or copy_seeded(workdir)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = dev_env(self.database, self.port, **env_extra)
        workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / f"runserver-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def manage(self, *args: str, timeout: float = 600) -> str:
        return manage(self.env, *args, timeout=timeout)

    def start(self, timeout: float = 120) -> EmbeddedServer:
        log = open(self.log_path, "ab")  # noqa: SIM115 - owned by the child
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own manage.py
                [
                    harness.PYTHON,
                    "manage.py",
                    "runserver",
                    "--noreload",
                    f"127.0.0.1:{self.port}",
                ],
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()

        def up() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"runserver exited:\n{self.log_tail()}")
            try:
                with urlopen(f"{self.base_url}/healthz", timeout=5) as response:  # noqa: S310
                    return response.status in (200, 503)
            except OSError:
                return False

        harness.wait_until(up, timeout=timeout, interval=0.2, message="runserver")
        return self

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, size: int = 4000) -> str:
        return self.log_text()[-size:]

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read the server's database directly (WAL: never blocks the server)."""
        with contextlib.closing(
            sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=30)
        ) as db:
            return db.execute(sql, params).fetchall()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, 15)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, 9)
            self.process.wait(timeout=10)

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def wait(predicate: Any, *, timeout: float, message: str) -> Any:
    return harness.wait_until(
        predicate, timeout=timeout, interval=0.25, message=message
    )


def now() -> float:
    return time.monotonic()

"""The real parts a delivery runs on, started and cleaned up from Python.

Shared by ``bench/publish_delivery.py`` and ``tests/line_delivery/test_worker_crash.py``:

* PostgreSQL databases cloned from cached *template* databases (a migrated one, and
  one per seeded audience size), so a run starts in about a second instead of
  migrating and encrypting friends again;
* the product's settings for child processes (``product_env``): ``bench.settings``
  pointed at that database, a Redis db and queue of its own, and the fake LINE API;
* a real ``celery -A cms worker`` in its own process group, with its peak memory
  sampled from ``/proc``;
* the fake LINE server in its own process, driven through its ``/__fake__/`` API.

Nothing here imports Django: the test process is already configured for pytest's
database, and the product is driven through subprocesses (``bench.scenario``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
import contextlib
from dataclasses import dataclass, field
import hashlib
import json
import os
from pathlib import Path
import signal
import subprocess
import sys
import sysconfig
import threading
import time
from typing import Any, Protocol
from urllib.request import Request, urlopen
import uuid

import psycopg
from psycopg import sql
import redis


REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CELERY = str(Path(sys.executable).with_name("celery"))
#: Server-level URL (no database name) of the PostgreSQL the harness may create in.
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
)
REDIS_BASE_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
#: The name every database a run makes starts with. The run's process id follows, so
#: two runs at once (other checkouts, a test beside a benchmark) never share one.
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "otake_bench")
FAKE_LINE_TOKEN = "bench-fake-line-token"  # noqa: S105 - loopback fake


def wait_until(
    predicate: Callable[[], Any],
    *,
    timeout: float,
    interval: float = 0.05,
    message: str = "condition",
) -> Any:
    """Poll until ``predicate()`` is truthy and return its value, or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {message}")
        time.sleep(interval)


# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------


def bench_database_name(label: str) -> str:
    """A database name of this run's own (``BENCH_DATABASE_PREFIX``, label, pid)."""
    return f"{DATABASE_PREFIX}_{label}_{os.getpid()}"


def database_url(name: str) -> str:
    return f"{POSTGRES_URL.rstrip('/')}/{name}"


@contextlib.contextmanager
def _admin() -> Iterator[psycopg.Connection]:
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        yield connection


def database_exists(name: str) -> bool:
    with _admin() as admin:
        return (
            admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            is not None
        )


def drop_database(name: str) -> None:
    with _admin() as admin:
        # FORCE: a killed worker's connection may not have been reaped yet.
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def clone_database(template: str, name: str) -> str:
    """A fresh copy of ``template`` named ``name`` (dropped first); returns its URL."""
    with _admin() as admin, _advisory_lock(admin, template):
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return database_url(name)


@contextlib.contextmanager
def _advisory_lock(admin: psycopg.Connection, name: str) -> Iterator[None]:
    """Serialise building and cloning a template across concurrent runs (two pytest
    sessions, a benchmark and a test): PostgreSQL refuses to clone a template that
    another session is connected to."""
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    admin.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        admin.execute("SELECT pg_advisory_unlock(%s)", [key])


def schema_fingerprint() -> str:
    """Changes whenever a migration changes, ours or an installed package's.

    A cached template built from other migrations would silently test an old schema;
    installing a tool (py-spy) must not throw the templates away.
    """
    site_packages = Path(sysconfig.get_paths()["purelib"])
    ours = sorted(REPO_ROOT.glob("*/migrations/*.py"))
    # Apps sit at most three levels deep (django/contrib/auth, wagtail/contrib/forms).
    theirs = sorted(
        path
        for pattern in ("*", "*/*", "*/*/*")
        for path in site_packages.glob(f"{pattern}/migrations/*.py")
    )
    digest = hashlib.sha256()
    for root, paths in ((REPO_ROOT, ours), (site_packages, theirs)):
        for path in paths:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_template(
    name: str,
    fingerprint: str,
    build: Callable[[str], None],
    *,
    based_on: str | None = None,
) -> None:
    """Make sure a template database ``name`` built for ``fingerprint`` exists.

    ``build(url)`` fills a new database (empty, or a copy of ``based_on``); the
    fingerprint is kept as the database's comment so a stale template is rebuilt
    rather than reused.
    """
    with _admin() as admin, _advisory_lock(admin, name):
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [name],
        ).fetchone()
        if row is not None and row[0] == fingerprint:
            return
        building = f"{name}_building"
        for stale in (name, building):
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(stale)
                )
            )
        if based_on is None:
            admin.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building))
            )
        else:
            clone_database(based_on, building)
        try:
            build(database_url(building))
        except BaseException:
            drop_database(building)
            raise
        admin.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(building), sql.Identifier(name)
            )
        )
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(fingerprint)
            )
        )


TEMPLATE_PREFIX = "otake_bench_tpl"


def migrated_template() -> str:
    """A template database with every migration applied (Wagtail's root page, Site…).

    The schema's fingerprint is part of the name: checkouts on other migrations
    (another branch) keep templates of their own instead of rebuilding each other's.
    """
    fingerprint = schema_fingerprint()
    name = f"{TEMPLATE_PREFIX}_migrated_{fingerprint[:10]}"

    def migrate(url: str) -> None:
        run_manage(product_env(url), "migrate", "--noinput", "-v", "0")

    ensure_template(name, fingerprint, migrate)
    return name


def seeded_template(matching_friends: int) -> str:
    """A template with ``matching_friends`` friends and the bench pages (``seed.py``).

    Named after what it was built from (schema, ``seed.py``, ``crypto.py``, which
    decides the ciphertext seeding writes), like the migrated template.
    """
    base = migrated_template()
    layout = b"".join(
        (REPO_ROOT / path).read_bytes()
        for path in ("bench/seed.py", "line_delivery/crypto.py")
    )
    fingerprint = hashlib.sha256(schema_fingerprint().encode() + layout).hexdigest()
    name = f"{TEMPLATE_PREFIX}_friends_{matching_friends}_{fingerprint[:10]}"

    def seed(url: str) -> None:
        run_scenario(
            product_env(url), "seed", "--friends", str(matching_friends), timeout=3600
        )

    ensure_template(name, fingerprint[:16], seed, based_on=base)
    return name


# --------------------------------------------------------------------------
# The product's environment and subprocesses
# --------------------------------------------------------------------------


@dataclass
class Broker:
    """A Redis db and a queue name of one run's own.

    A unique queue keeps concurrent runs (another pytest session, a benchmark) from
    taking each other's tasks without flushing anything they use.
    """

    db: int
    queue: str = field(default_factory=lambda: f"otake-run-{uuid.uuid4().hex[:12]}")

    @property
    def url(self) -> str:
        return f"{REDIS_BASE_URL.rstrip('/')}/{self.db}"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def send_task(self, name: str, **kwargs: Any) -> None:
        """Queue a task by name, exactly as Celery beat does."""
        from celery import Celery

        app = Celery("harness", broker=self.url, set_as_current=False)
        app.conf.task_default_queue = self.queue
        try:
            app.send_task(name, kwargs=kwargs, queue=self.queue)
        finally:
            app.close()

    def ping(self, worker_name: str) -> bool:
        from celery import Celery

        app = Celery("harness", broker=self.url, set_as_current=False)
        try:
            replies = app.control.ping(destination=[worker_name], timeout=0.5)
        finally:
            app.close()
        return any(worker_name in reply for reply in replies)

    def clean_up(self) -> None:
        """Drop this run's queue, and messages a killed worker left unacknowledged
        (kombu would otherwise restore them into the dead queue 300 s later)."""
        client = self.client()
        client.delete(
            self.queue,
            f"_kombu.binding.{self.queue}",
            f"_kombu.binding_permanent.{self.queue}",
        )
        for tag, value in client.hgetall("unacked").items():
            with contextlib.suppress(ValueError, IndexError, TypeError):
                if json.loads(value)[2] == self.queue:
                    client.hdel("unacked", tag)
                    client.zrem("unacked_index", tag)
        client.close()


class LineEndpoint(Protocol):
    """Where the product finds LINE: ``FakeLine`` here, or an in-thread
    ``tests.fake_line.FakeLineServer``."""

    api_base_url: str
    data_api_base_url: str
    channel_access_token: str


def product_env(
    database: str,
    broker: Broker | None = None,
    line: LineEndpoint | None = None,
    **extra: str,
) -> dict[str, str]:
    """The environment of a product process (worker or scenario) for this run."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database,
        PYTHONPATH=str(REPO_ROOT),
        PYTHONUNBUFFERED="1",
    )
    if broker is not None:
        env.update(REDIS_URL=broker.url, CELERY_TASK_DEFAULT_QUEUE=broker.queue)
    if line is not None:
        env.update(
            LINE_CHANNEL_ACCESS_TOKEN=line.channel_access_token,
            LINE_CHANNEL_SECRET="bench-channel-secret",  # noqa: S106 - loopback fake
            LINE_API_BASE_URL=line.api_base_url,
            LINE_DATA_API_BASE_URL=line.data_api_base_url,
            # A real channel (here: the fake), never the in-process sandbox.
            LINE_SANDBOX="false",
        )
    env.update(extra)
    return env


def run_manage(env: dict[str, str], *args: str, timeout: float = 300) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        timeout=timeout,
    )


def run_scenario(env: dict[str, str], *args: str, timeout: float = 120) -> Any:
    """Run ``python -m bench.scenario ARGS`` and return the JSON it prints last."""
    completed = subprocess.run(  # noqa: S603 - our own module
        [PYTHON, "-m", "bench.scenario", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"bench.scenario {' '.join(args)} failed ({completed.returncode}):\n"
            f"{completed.stderr[-4000:]}"
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------
# Memory of a process tree
# --------------------------------------------------------------------------


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                # The command name may contain spaces: the ppid follows the last ')'.
                ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def _kib(path: str, field_name: str) -> int:
    try:
        with open(path) as status:
            for line in status:
                if line.startswith(field_name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) used so far by a process and its children."""
    ticks = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class MemoryPeak:
    """Peak memory of a process tree, in MiB."""

    biggest_rss: float = 0.0
    total_rss: float = 0.0
    total_pss: float = 0.0
    processes: int = 0


class MemorySampler(threading.Thread):
    """Samples VmRSS (and PSS, which counts pages shared after fork once) of a
    process and its children until stopped; keeps the peaks."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(name=f"memory-sampler-{pid}", daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = MemoryPeak()
        self._stop_event = threading.Event()

    def sample(self) -> None:
        pids = _descendants(self.pid)
        rss = [_kib(f"/proc/{pid}/status", "VmRSS:") for pid in pids]
        pss = [_kib(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids]
        peak = self.peak
        peak.biggest_rss = max(peak.biggest_rss, max(rss, default=0) / 1024)
        peak.total_rss = max(peak.total_rss, sum(rss) / 1024)
        peak.total_pss = max(peak.total_pss, sum(pss) / 1024)
        peak.processes = max(peak.processes, sum(1 for value in rss if value))

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self) -> MemoryPeak:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout=5)
        return self.peak


# --------------------------------------------------------------------------
# Celery worker
# --------------------------------------------------------------------------


class CeleryWorker:
    """``celery -A cms worker`` in its own process group (so SIGKILL reaches the
    prefork children too), logging to ``log_path``."""

    def __init__(
        self,
        env: dict[str, str],
        broker: Broker,
        log_path: Path,
        *,
        pool: str = "prefork",
        concurrency: int = 2,
        loglevel: str = os.environ.get("BENCH_WORKER_LOGLEVEL", "WARNING"),
    ) -> None:
        self.env = env
        self.broker = broker
        self.log_path = log_path
        self.pool = pool
        self.concurrency = concurrency
        self.loglevel = loglevel
        self.name = f"{broker.queue}-{uuid.uuid4().hex[:6]}@localhost"
        self.process: subprocess.Popen[bytes] | None = None
        self.sampler: MemorySampler | None = None

    def start(self) -> CeleryWorker:
        log = open(self.log_path, "ab")  # noqa: SIM115 - owned by the child
        try:
            self.process = subprocess.Popen(  # noqa: S603 - the venv's celery
                [
                    CELERY,
                    "-A",
                    "cms",
                    "worker",
                    "--pool",
                    self.pool,
                    "--concurrency",
                    str(self.concurrency),
                    "--queues",
                    self.broker.queue,
                    "--hostname",
                    self.name,
                    "--loglevel",
                    self.loglevel,
                    # No peers to talk to: start faster and keep the broker quiet.
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        self.sampler = MemorySampler(self.process.pid)
        self.sampler.start()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        def ready() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log_tail()}")
            return self.broker.ping(self.name)

        try:
            wait_until(ready, timeout=timeout, interval=0.2, message="the worker")
        except TimeoutError as error:
            raise TimeoutError(f"{error}\n{self.log_tail()}") from error

    def log_tail(self, size: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL the whole process group: the crash a deploy or the OOM killer causes."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 20) -> MemoryPeak:
        """Warm shutdown (SIGTERM), then SIGKILL if it lingers; returns peak memory."""
        peak = self.sampler.stop() if self.sampler else MemoryPeak()
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        # Children of a killed parent are reparented; make sure none survive.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if self.process is not None:
                os.killpg(self.process.pid, signal.SIGKILL)
        return peak

    def __enter__(self) -> CeleryWorker:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


# --------------------------------------------------------------------------
# Fake LINE server in its own process
# --------------------------------------------------------------------------


class FakeLine:
    """``python -m tests.fake_line`` in its own process, so it does not share a GIL
    with the product; controlled through ``/__fake__/``."""

    def __init__(
        self,
        *extra_args: str,
        token: str = FAKE_LINE_TOKEN,
        record_bodies: bool = False,
    ) -> None:
        self.channel_access_token = token
        self.args = [
            "--token",
            token,
            *([] if record_bodies else ["--no-record-bodies"]),
            *extra_args,
        ]
        self.process: subprocess.Popen[str] | None = None
        self.api_base_url = ""
        self.data_api_base_url = ""

    def start(self) -> FakeLine:
        self.process = subprocess.Popen(  # noqa: S603 - our own module
            [PYTHON, "-m", "tests.fake_line", "--port", "0", *self.args],
            cwd=REPO_ROOT,
            env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)),
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert self.process.stdout is not None
        urls = {}
        for _ in range(2):
            line = self.process.stdout.readline().strip()
            key, _, value = line.partition("=")
            urls[key] = value
        if "LINE_API_BASE" not in urls:
            self.stop()
            raise RuntimeError(f"the fake LINE server did not start: {urls!r}")
        self.api_base_url = urls["LINE_API_BASE"]
        self.data_api_base_url = urls["LINE_API_DATA_BASE"]
        return self

    def control(self, method: str, name: str, payload: Any = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = Request(  # noqa: S310 - our own loopback URL
            f"{self.api_base_url}/__fake__/{name}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urlopen(request, timeout=120) as response:  # noqa: S310
            return json.loads(response.read())

    def stats(self) -> dict[str, Any]:
        return self.control("GET", "stats")

    def delivery_counts(self) -> dict[str, int]:
        return self.control("GET", "delivery-counts")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> FakeLine:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

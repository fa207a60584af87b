"""Benchmark: ``POST /line/webhook/`` under gunicorn, PostgreSQL and Redis, open loop.

    .venv/bin/python -m bench.webhook                   # the suite, recorded in docs
    .venv/bin/python -m bench.webhook --only target --no-record
    .venv/bin/python -m bench.webhook --compare-gunicorn sync:3,sync:4,gthread:2x4 --rate 900

Issue target: at least 500 events/s sustained for 60 s, with p99 ≤ 100 ms to the
200, served by gunicorn on a 2-core machine with PostgreSQL, signatures checked.

What one scenario does
----------------------
1. **Database.** ``otake_bench_webhook`` is cloned from the harness's migrated
   template (``bench.harness.migrated_template``): empty and migrated.
2. **Settings.** The product runs with ``cms.settings.production``, configured only
   through the environment as ``compose.yaml`` does: persistent connections with
   health checks, ``CELERY_TASK_ALWAYS_EAGER`` off, Redis db 12 (reserved for this
   benchmark, flushed before and after) as broker and cache, a channel secret and an
   access token (so the channel is not the sandbox), ``LINE_API_BASE_URL`` on the fake
   LINE server (``python -m tests.fake_line --no-rate-limits --no-record-bodies``,
   reply tokens not checked since the generator makes them up). No LINE call happens
   in the request path; the fake only answers the worker. ``--settings MODULE``
   runs another settings module (a proposed change; ``PYTHONPATH`` is passed on).
3. **gunicorn** serves ``cms.wsgi:application`` on 127.0.0.1 with the Dockerfile's
   flags (access log on, ``--forwarded-allow-ips '*'``) and ``--gunicorn`` workers
   (default sync × 4: best of sync × 3/4/6 and gthread 2 × 4/8 at 650 and 900
   events/s). Requests carry ``X-Forwarded-Proto: https`` as nginx sets it, so
   ``SECURE_SSL_REDIRECT`` stays on. Each request has its own connection, closed by
   the client as soon as the response is complete, as nginx's default ``proxy_pass``
   (HTTP/1.0, no upstream keep-alive) does: gunicorn 27's sync worker lingers on
   each connection until the peer closes it (``gunicorn.util.close_graceful``).
4. **Load.** The bodies are built and signed before the clock starts: LINE-shaped
   follow / text / postback / location events (line-platform.md §3.4) from 20,000
   user ids, each with a unique ULID ``webhookEventId``, compact JSON, signed with
   HMAC-SHA256 over the raw bytes, computed here independently of the product's
   ``signature_for``. The generator (asyncio, one connection per request) is open
   loop: request *i* is due at a fixed time whatever the server does, and its latency
   runs from that due time to the complete response, so waiting in the generator or
   in the server's accept backlog counts. Its schedule lag (start − due) is
   reported; a step whose p99 lag exceeds 5 ms does not count as passing.
   On top of the schedule: redeliveries (the same events with ``isRedelivery:
   true``, 0.2–2 s later), byte-identical duplicates, bodies with a wrong signature
   (must get 401 and never be stored), and console "Verify" bodies (``events: []``).
   A warm-up (100 events/s, unmeasured but checked) precedes the load.
5. **Worker.** ``celery -A cms worker`` with compose.yaml's pool, concurrency and
   log level (read from the file: threads × 8 at INFO when this was written) either
   runs during the load, competing for the two cores and answering residents through
   the fake (whose CPU would be LINE's), or starts after it and drains what piled up
   in Redis. Either way the run waits until no event is pending and reports the
   backlog when the load stopped and how fast it drained. ``--worker-pool``,
   ``--worker-concurrency`` and ``--worker-priority`` ("nice N" or "idle", also
   applied to the worker's autogroup, which is what counts with
   ``kernel.sched_autogroup_enabled``; a container's ``cpu_shares`` is the
   production equivalent) try other deployments.
6. **Correctness.** Every event of a POST answered 200 has exactly one row, no event
   of a 401 POST has one, a redelivered event whose first delivery had been answered
   before keeps that first row (``is_redelivery`` false), and after the drain no
   event is pending, processing or failed.
7. **CPU.** Every process in /proc is sampled every 0.5 s and charged to gunicorn,
   the worker, PostgreSQL backends of the bench database, backends too short-lived
   to be seen (from the postmaster's reaped-children time: connection churn), Redis,
   the generator, the fake, or "other" (the rest of the machine, which other
   people's tests share). A run first waits until the machine is quiet
   (``--quiet-cores``, ``--quiet-timeout``); a step with more than
   ``--max-background`` cores of other load is run again (``--attempts``).

The suite (no ``--only``): ``target`` (1 event per POST, 500 events/s, 60 s, the
worker drains afterwards: the web tier alone), ``target+worker`` (the same with the
worker running: the whole system), ``batched`` (1–5 events per POST, LINE's
batching, 500 events/s; not drained) and ``ceiling`` (1 event per POST, 20 s steps
from 500 events/s up by 100 until p99 > 100 ms, an error, or < 98 % achieved).
``--compare-gunicorn`` runs ``target`` for each gunicorn configuration given.

It prints one summary line and rewrites its own section of docs/benchmarks.md
(between ``<!-- webhook:start -->`` and ``<!-- webhook:end -->``): each run's rows
replace those of the same configuration, and only the full suite rewrites the
verdict line. ``--profile DIR`` records every gunicorn worker with py-spy (not a
project dependency: ``pip install py-spy``) during the first step; py-spy takes
CPU too, so a profiled run's figures are not results.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import dataclasses
from dataclasses import dataclass, field
import datetime
import hashlib
import hmac
import http.client
import json
import os
from pathlib import Path
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

import psycopg

from . import harness
from .publish_delivery import machine


#: This run's own database (``BENCH_DATABASE_PREFIX``, pid), dropped afterwards.
BENCH_DATABASE = harness.bench_database_name("webhook")
#: Flushed before and after each scenario: give parallel runs other dbs.
BENCH_REDIS_DB = int(os.environ.get("BENCH_WEBHOOK_REDIS_DB", "12"))
#: compose.yaml's worker uses the default queue; db 12 belongs to this benchmark.
QUEUE = "celery"
CHANNEL_SECRET = "bench-webhook-channel-secret"  # noqa: S105 - loopback only
WRONG_SECRET = "not-the-channel-secret"  # noqa: S105
TARGET_RATE = 500.0
TARGET_SECONDS = 60.0
TARGET_P99_MS = 100.0
LINE_TIMEOUT_S = 2.0
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PY_SPY = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
HOST_HEADER = "line.example.jp"
USERS = 20_000
TABLE = "line_delivery_webhookevent"
RESULTS = harness.REPO_ROOT / "docs" / "benchmarks.md"
SECTION_START = "<!-- webhook:start -->"
SECTION_END = "<!-- webhook:end -->"
ROWS_START = "<!-- webhook:rows:start -->"
ROWS_END = "<!-- webhook:rows:end -->"
CLK_TCK = os.sysconf("SC_CLK_TCK")

#: What production needs from the environment (cms/settings/production.py).
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "bench-webhook-secret-key-not-for-production-0123456789abcdefghij",
    "ALLOWED_HOSTS": f"{HOST_HEADER},127.0.0.1",
    "WAGTAILADMIN_BASE_URL": f"https://{HOST_HEADER}",
    "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(
        b"bench-webhook-fernet-key-32bytes"
    ).decode(),
    "FIELD_HASH_KEY": "bench-webhook-lookup-hash-key",
    # Never used by the benchmark; production refuses to start without one.
    "BACKUP_ENCRYPTION_KEY": "AGE-SECRET-KEY-1" + "Q" * 58,
    "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
}


# --------------------------------------------------------------------------
# Configurations
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerConfig:
    pool: str = "prefork"
    concurrency: int = 2
    loglevel: str = "INFO"

    @property
    def label(self) -> str:
        return f"{self.pool} × {self.concurrency}"


def compose_worker() -> WorkerConfig:
    """The worker command of compose.yaml's ``worker`` service (Celery's defaults
    where it says nothing), so the benchmark runs the worker as deployed."""
    import yaml

    try:
        compose = yaml.safe_load((harness.REPO_ROOT / "compose.yaml").read_text())
        command = list(compose["services"]["worker"]["command"])
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return WorkerConfig()

    def option(name: str, default: str) -> str:
        return command[command.index(name) + 1] if name in command else default

    return WorkerConfig(
        pool=option("--pool", "prefork"),
        concurrency=int(option("--concurrency", str(os.cpu_count() or 1))),
        loglevel=option("--loglevel", "WARNING"),
    )


@dataclass(frozen=True)
class GunicornConfig:
    worker_class: str = "sync"
    workers: int = 4
    threads: int = 1

    @classmethod
    def parse(cls, text: str) -> GunicornConfig:
        """``sync:4`` or ``gthread:2x4`` (workers × threads)."""
        kind, _, size = text.partition(":")
        workers, _, threads = size.partition("x")
        return cls(kind, int(workers or 4), int(threads or 1))

    @property
    def label(self) -> str:
        if self.worker_class == "sync":
            return f"sync × {self.workers}"
        return f"{self.worker_class} {self.workers} × {self.threads} threads"

    @property
    def spec(self) -> str:
        return f"{self.worker_class}:{self.workers}" + (
            f"x{self.threads}" if self.threads > 1 else ""
        )

    def args(self) -> list[str]:
        return [
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--threads",
            str(self.threads),
        ]


MIX = (("text", 50), ("postback", 25), ("follow", 15), ("location", 10))


@dataclass(frozen=True)
class Scenario:
    name: str
    rate: float  # events per second
    duration: float
    batch: tuple[int, int] = (1, 1)  # events per POST, inclusive
    worker_during_load: bool = False
    #: CPU priority of the worker's processes: "normal" (compose.yaml as it is),
    #: "nice 10" or "idle" (SCHED_IDLE: only CPU nobody else wants, ``chrt --idle 0``)
    worker_priority: str = "normal"
    #: rising rates for the ceiling search (each ``duration`` long); empty otherwise
    steps: tuple[float, ...] = ()
    #: run the worker until every event is handled (else the tasks are dropped)
    drain: bool = True
    #: event kinds and weights (follow bursts: follows only)
    mix: tuple[tuple[str, int], ...] = MIX

    @property
    def batch_text(self) -> str:
        low, high = self.batch
        return str(low) if low == high else f"{low}–{high}"


# --------------------------------------------------------------------------
# LINE-shaped bodies, built and signed before the clock starts
# --------------------------------------------------------------------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TEXTS = (
    "ごみ 電池",
    "スプレー缶",
    "粗大ごみの申し込みは？",
    "ペットボトル",
    "避難所",
    "蛍光灯",
    "傘",
    "フライパン",
    "今日のごみ",
    "ヘルプ",
    "乾電池はどうやって捨てますか",
    "こんにちは",
)
POSTBACKS = (
    "action=garbage_today",
    "action=shelters",
    "action=disaster_latest",
    "action=settings",
    "action=help",
    "action=garbage_item&item=1",
)
#: text, postback, follow, location


def signature(body: bytes, secret: str) -> str:
    """x-line-signature: Base64(HMAC-SHA256(channel secret, raw body)), §3.1."""
    return base64.b64encode(
        hmac.new(secret.encode(), body, hashlib.sha256).digest()
    ).decode()


class EventFactory:
    def __init__(self, seed: int, mix: tuple[tuple[str, int], ...] = MIX) -> None:
        self.rng = random.Random(seed)
        self.users = [f"U{self.rng.getrandbits(128):032x}" for _ in range(USERS)]
        self.destination = f"U{self.rng.getrandbits(128):032x}"
        kinds, weights = zip(*mix, strict=True)
        self.kinds = kinds
        self.weights = weights
        self.epoch_ms = int(time.time() * 1000)

    def ulid(self, ms: int) -> str:
        number = (ms << 80) | self.rng.getrandbits(80)
        chars = []
        for _ in range(26):
            number, digit = divmod(number, 32)
            chars.append(CROCKFORD[digit])
        return "".join(reversed(chars))

    def event(self, offset: float) -> dict[str, Any]:
        rng = self.rng
        ms = self.epoch_ms + int(offset * 1000)
        kind = rng.choices(self.kinds, self.weights)[0]
        event: dict[str, Any] = {
            "type": "message" if kind in ("text", "location") else kind,
            "mode": "active",
            "timestamp": ms,
            "source": {"type": "user", "userId": rng.choice(self.users)},
            "webhookEventId": self.ulid(ms),
            "deliveryContext": {"isRedelivery": False},
            "replyToken": f"{rng.getrandbits(128):032x}",
        }
        if kind == "follow":
            event["follow"] = {"isUnblocked": rng.random() < 0.1}
        elif kind == "postback":
            event["postback"] = {"data": rng.choice(POSTBACKS)}
        elif kind == "text":
            event["message"] = {
                "id": str(rng.randrange(10**13, 10**14)),
                "type": "text",
                "text": rng.choice(TEXTS),
                "quoteToken": base64.b64encode(rng.randbytes(18)).decode(),
                "markAsReadToken": base64.b64encode(rng.randbytes(12)).decode(),
            }
        else:
            event["message"] = {
                "id": str(rng.randrange(10**13, 10**14)),
                "type": "location",
                "markAsReadToken": base64.b64encode(rng.randbytes(12)).decode(),
                "title": "現在地",
                "address": "広島県大竹市小方1丁目",
                "latitude": round(34.20 + rng.random() * 0.05, 6),
                "longitude": round(132.19 + rng.random() * 0.05, 6),
            }
        return event

    def body(self, events: list[dict[str, Any]]) -> bytes:
        return json.dumps(
            {"destination": self.destination, "events": events},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()


def http_request(port: int, body: bytes, sig: str) -> bytes:
    head = (
        "POST /line/webhook/ HTTP/1.1\r\n"
        f"Host: {HOST_HEADER}\r\n"
        "User-Agent: LineBotWebhook/2.0\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        f"X-Line-Signature: {sig}\r\n"
        "X-Forwarded-Proto: https\r\n"
        "X-Forwarded-For: 147.92.150.193\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode() + body


@dataclass(slots=True)
class Planned:
    due: float  # seconds after the start
    data: bytes
    kind: str  # events | redelivery | duplicate | bad-signature | verify
    event_ids: tuple[str, ...]
    expect: int


@dataclass
class Plan:
    requests: list[Planned]
    events: int  # unique events in the schedule (not counting redeliveries)
    posts: int

    def ids(self, kind: str) -> set[str]:
        return {i for r in self.requests if r.kind == kind for i in r.event_ids}


def build_plan(
    factory: EventFactory,
    port: int,
    *,
    rate: float,
    duration: float,
    batch: tuple[int, int],
    start_offset: float = 0.0,
) -> Plan:
    rng = factory.rng
    requests: list[Planned] = []
    total = int(rate * duration)
    index = 0
    while index < total:
        size = min(rng.randint(*batch), total - index)
        due = start_offset + index / rate
        events = [factory.event(due + k / rate) for k in range(size)]
        body = factory.body(events)
        ids = tuple(e["webhookEventId"] for e in events)
        data = http_request(port, body, signature(body, CHANNEL_SECRET))
        requests.append(Planned(due, data, "events", ids, 200))
        # ~0.5 % redelivered (isRedelivery true, re-signed), ~0.1 % sent twice as is.
        if rng.random() < 0.005:
            again = [{**e, "deliveryContext": {"isRedelivery": True}} for e in events]
            body2 = factory.body(again)
            requests.append(
                Planned(
                    due + rng.uniform(0.2, 2.0),
                    http_request(port, body2, signature(body2, CHANNEL_SECRET)),
                    "redelivery",
                    ids,
                    200,
                )
            )
        elif rng.random() < 0.001:
            requests.append(
                Planned(due + rng.uniform(0.0, 0.5), data, "duplicate", ids, 200)
            )
        index += size
    posts = sum(1 for r in requests if r.kind == "events")
    end = start_offset + duration
    # Forged bodies (must be refused, never stored) and the console's "Verify".
    for _ in range(max(5, total // 1000)):
        due = rng.uniform(start_offset, end)
        events = [factory.event(due)]
        body = factory.body(events)
        requests.append(
            Planned(
                due,
                http_request(port, body, signature(body, WRONG_SECRET)),
                "bad-signature",
                (events[0]["webhookEventId"],),
                401,
            )
        )
    for _ in range(5):
        body = factory.body([])
        requests.append(
            Planned(
                rng.uniform(start_offset, end),
                http_request(port, body, signature(body, CHANNEL_SECRET)),
                "verify",
                (),
                200,
            )
        )
    requests.sort(key=lambda r: r.due)
    return Plan(requests, total, posts)


# --------------------------------------------------------------------------
# Open-loop load generator
# --------------------------------------------------------------------------


class _Exchange(asyncio.Protocol):
    """One request on its own connection; notes when the whole response arrived."""

    __slots__ = ("answered", "buffer", "data", "done", "error", "status", "transport")

    def __init__(self, data: bytes, done: asyncio.Future[None]) -> None:
        self.data = data
        self.done = done
        self.buffer = b""
        self.status = 0
        self.answered = 0.0
        self.error: Exception | None = None
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.data)

    def data_received(self, data: bytes) -> None:
        if self.answered:
            return
        self.buffer += data
        head, sep, body = self.buffer.partition(b"\r\n\r\n")
        if not sep:
            return
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if len(body) >= length:
            self.answered = time.monotonic()
            self.status = int(head[9:12])
            # Close at once, as nginx closes an upstream connection without
            # keep-alive: gunicorn's sync worker lingers until the peer closes
            # (gunicorn.util.close_graceful), so waiting for its FIN here would
            # charge the generator's own event-loop delay to the server.
            assert self.transport is not None
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.error = exc
        if not self.done.done():
            self.done.set_result(None)


@dataclass
class LoadResult:
    """Per request: due time, start, response time (0 if none), status (0 if none)."""

    plan: Plan
    start: float
    due: list[float]
    started: list[float]
    answered: list[float]
    status: list[int]
    errors: dict[str, int]
    max_in_flight: int
    end: float

    def select(self, kinds: set[str]) -> list[int]:
        return [i for i, r in enumerate(self.plan.requests) if r.kind in kinds]


class LoadGenerator:
    def __init__(self, port: int, plan: Plan, *, drain_timeout: float = 30.0) -> None:
        self.port = port
        self.plan = plan
        self.drain_timeout = drain_timeout
        n = len(plan.requests)
        self.started = [0.0] * n
        self.answered = [0.0] * n
        self.status = [0] * n
        self.errors: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.pending: set[asyncio.Task[None]] = set()

    async def _one(self, index: int) -> None:
        loop = asyncio.get_running_loop()
        self.started[index] = time.monotonic()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        done: asyncio.Future[None] = loop.create_future()
        exchange = _Exchange(self.plan.requests[index].data, done)
        cause = ""
        try:
            await loop.create_connection(lambda: exchange, "127.0.0.1", self.port)
            await done
            if not exchange.status:
                cause = (
                    f"{type(exchange.error).__name__} before an answer"
                    if exchange.error
                    else "closed without an answer"
                )
        except OSError as error:
            cause = f"{type(error).__name__} on connect"
        finally:
            if cause:
                self.errors[cause] = self.errors.get(cause, 0) + 1
            self.in_flight -= 1
            if exchange.transport is not None:
                exchange.transport.close()
            self.answered[index] = exchange.answered
            self.status[index] = exchange.status

    async def run(self) -> LoadResult:
        requests = self.plan.requests
        n = len(requests)
        start = time.monotonic() + 0.05
        i = 0
        while i < n:
            now = time.monotonic()
            while i < n and start + requests[i].due <= now:
                task = asyncio.create_task(self._one(i))
                self.pending.add(task)
                task.add_done_callback(self.pending.discard)
                i += 1
            if i < n:
                await asyncio.sleep(
                    max(0.0, start + requests[i].due - time.monotonic())
                )
        if self.pending:
            _done, late = await asyncio.wait(self.pending, timeout=self.drain_timeout)
            for task in late:
                task.cancel()
            if late:
                self.errors["no answer within drain timeout"] = len(late)
                await asyncio.wait(late)
        return LoadResult(
            plan=self.plan,
            start=start,
            due=[start + r.due for r in requests],
            started=self.started,
            answered=self.answered,
            status=self.status,
            errors=self.errors,
            max_in_flight=self.max_in_flight,
            end=time.monotonic(),
        )


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = max(
        0, min(len(sorted_values) - 1, int(fraction * len(sorted_values) + 0.5) - 1)
    )
    return sorted_values[rank]


@dataclass
class LoadStats:
    rate: float
    duration: float
    batch: str
    requests: int
    events_sent: int
    events_ok: int
    offered_rate: float  # unique events / (last due − first due)
    achieved_rate: float  # unique events answered 200 / (last answer − first due)
    min_second: int  # events answered in the slowest full second
    p50: float
    p95: float
    p99: float
    p999: float
    max: float
    service_p99: float  # measured from the actual send, not the due time
    lag_p50: float
    lag_p99: float
    lag_max: float
    wrong_status: dict[str, int]
    errors: dict[str, int]
    over_2s: int
    max_in_flight: int
    forged_refused: int
    forged_total: int

    @property
    def error_count(self) -> int:
        return sum(self.wrong_status.values()) + sum(self.errors.values())

    @property
    def meets_latency(self) -> bool:
        return (
            self.p99 <= TARGET_P99_MS
            and self.error_count == 0
            and self.achieved_rate >= 0.98 * self.rate
        )

    @property
    def generator_ok(self) -> bool:
        return self.lag_p99 <= 5.0

    def text(self) -> str:
        return (
            f"p50 {self.p50:.1f} ms, p95 {self.p95:.1f} ms, p99 {self.p99:.1f} ms, "
            f"max {self.max:.0f} ms"
        )


def summarize(
    result: LoadResult, rate: float, duration: float, batch: str
) -> LoadStats:
    plan = result.plan
    valid = result.select({"events", "redelivery", "duplicate", "verify"})
    latencies: list[float] = []
    service: list[float] = []
    lags: list[float] = []
    wrong: dict[str, int] = {}
    over = 0
    for i in range(len(plan.requests)):
        lags.append((result.started[i] - result.due[i]) * 1000)
    for i in valid:
        if result.answered[i]:
            latency = (result.answered[i] - result.due[i]) * 1000
            latencies.append(latency)
            service.append((result.answered[i] - result.started[i]) * 1000)
            over += latency > LINE_TIMEOUT_S * 1000
        expected = plan.requests[i].expect
        if result.status[i] and result.status[i] != expected:
            key = str(result.status[i])
            wrong[key] = wrong.get(key, 0) + 1
    forged = result.select({"bad-signature"})
    forged_refused = sum(1 for i in forged if result.status[i] == 401)
    for i in forged:
        if result.status[i] and result.status[i] != 401:
            key = f"forged→{result.status[i]}"
            wrong[key] = wrong.get(key, 0) + 1
    scheduled = result.select({"events"})
    ok = [i for i in scheduled if result.status[i] == 200]
    events_ok = sum(len(plan.requests[i].event_ids) for i in ok)
    first_due = min(result.due[i] for i in scheduled)
    last_due = max(result.due[i] for i in scheduled)
    last_answer = max((result.answered[i] for i in ok), default=first_due)
    buckets: dict[int, int] = {}
    for i in ok:
        second = int(result.answered[i] - first_due)
        buckets[second] = buckets.get(second, 0) + len(plan.requests[i].event_ids)
    full = range(1, max(2, int(duration) - 1))
    latencies.sort()
    service.sort()
    lags.sort()
    return LoadStats(
        rate=rate,
        duration=duration,
        batch=batch,
        requests=len(plan.requests),
        events_sent=plan.events,
        events_ok=events_ok,
        offered_rate=plan.events / max(last_due - first_due + 1 / rate, 1e-9),
        achieved_rate=events_ok / max(last_answer - first_due, 1e-9),
        min_second=min((buckets.get(s, 0) for s in full), default=0),
        p50=percentile(latencies, 0.50),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
        p999=percentile(latencies, 0.999),
        max=latencies[-1] if latencies else float("nan"),
        service_p99=percentile(service, 0.99),
        lag_p50=percentile(lags, 0.50),
        lag_p99=percentile(lags, 0.99),
        lag_max=lags[-1] if lags else float("nan"),
        wrong_status=wrong,
        errors=dict(result.errors),
        over_2s=over,
        max_in_flight=result.max_in_flight,
        forged_refused=forged_refused,
        forged_total=len(forged),
    )


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# --------------------------------------------------------------------------
# CPU accounting from /proc
# --------------------------------------------------------------------------


def _cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return -1


def _children_ticks(pid: int) -> int:
    """CPU of the exited children a process has reaped (cutime + cstime)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return int(fields[13]) + int(fields[14])
    except (OSError, IndexError, ValueError):
        return -1


def _parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def _postmaster() -> int | None:
    """The PostgreSQL server process (the parent of every backend)."""
    for pid in _pids_named("postgres"):
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                if stat.read().rsplit(b")", 1)[1].split()[1] == b"1":
                    return pid
        except (OSError, IndexError):
            continue
    return None


def _machine_busy_ticks() -> tuple[int, int]:
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values[:8]) - idle, sum(values[:8])


def _pids_named(name: str) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/comm") as comm:
                    if comm.read().strip() == name:
                        found.append(int(entry.name))
            except OSError:
                continue
    return found


class CpuSampler(threading.Thread):
    """CPU seconds per component while running, from every process in /proc
    (sampled every ``interval``); what belongs to no component is "background",
    kept per command name so a report can say what else ran."""

    def __init__(self, groups: dict[str, Any], database: str, interval: float = 0.5):
        super().__init__(name="cpu-sampler", daemon=True)
        self.groups = groups  # name -> callable returning pids
        self.database = database
        self.interval = interval
        self.last: dict[int, int] = {}
        self.seconds: dict[str, float] = dict.fromkeys(groups, 0.0)
        self.seconds["postgres (bench db)"] = 0.0
        # A backend that lives less than one interval is never seen in /proc; its
        # CPU shows up in the postmaster's reaped-children time instead (connection
        # churn: the worker opens a connection per task).
        self.seconds["postgres (short-lived backends)"] = 0.0
        self.postmaster = _postmaster()
        self.backend: dict[int, bool] = {}
        self.reaped_start = -1
        self.reaped_end = -1
        self.reaped_seen = 0
        self.others: dict[str, float] = {}
        self._stop_event = threading.Event()
        self.started_at = 0.0
        self.elapsed = 0.0
        self.busy_ticks = 0
        self.total_ticks = 0
        self.error: BaseException | None = None

    def _postgres_pids(self, admin: psycopg.Connection) -> list[int]:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
        ).fetchall()
        return [row[0] for row in rows]

    def sample(self, admin: psycopg.Connection) -> None:
        owner: dict[int, str] = {}
        for name, pids in self.groups.items():
            for pid in pids():
                owner.setdefault(pid, name)
        for pid in self._postgres_pids(admin):
            owner.setdefault(pid, "postgres (bench db)")
        seen: set[int] = set()
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            ticks = _cpu_ticks(pid)
            if ticks < 0:
                continue
            seen.add(pid)
            before = self.last.get(pid)
            self.last[pid] = ticks
            if before is None and self.postmaster is not None:
                self.backend[pid] = _parent(pid) == self.postmaster
            if before is None or ticks == before:
                continue
            seconds = (ticks - before) / CLK_TCK
            name = owner.get(pid)
            if name is not None:
                self.seconds[name] += seconds
            else:
                try:
                    with open(f"/proc/{pid}/comm") as comm:
                        command = comm.read().strip()
                except OSError:
                    command = "?"
                self.others[command] = self.others.get(command, 0.0) + seconds
        # Backends seen here that have exited: their lifetime CPU (already counted
        # while they ran) is part of the postmaster's reaped-children time.
        for pid in self.last.keys() - seen:
            if self.backend.pop(pid, False):
                self.reaped_seen += self.last[pid]
            del self.last[pid]
        if self.postmaster is not None:
            reaped = _children_ticks(self.postmaster)
            if reaped >= 0:
                if self.reaped_start < 0:
                    self.reaped_start = reaped
                self.reaped_end = reaped

    def run(self) -> None:
        try:
            with psycopg.connect(
                harness.database_url("postgres"), autocommit=True
            ) as admin:
                busy0, total0 = _machine_busy_ticks()
                self.started_at = time.monotonic()
                self.sample(admin)
                while not self._stop_event.wait(self.interval):
                    self.sample(admin)
                self.sample(admin)
                busy1, total1 = _machine_busy_ticks()
            self.elapsed = time.monotonic() - self.started_at
            self.busy_ticks = busy1 - busy0
            self.total_ticks = total1 - total0
        except BaseException as error:  # noqa: BLE001 - reported by stop()
            self.error = error

    def stop(self) -> dict[str, float]:
        """Cores used on average per component, plus machine total and background."""
        self._stop_event.set()
        self.join(timeout=10)
        if self.error is not None:
            raise RuntimeError("the CPU sampler failed") from self.error
        elapsed = max(self.elapsed, 1e-9)
        if self.reaped_start >= 0:
            self.seconds["postgres (short-lived backends)"] = (
                max(0, self.reaped_end - self.reaped_start - self.reaped_seen) / CLK_TCK
            )
        cores = {name: secs / elapsed for name, secs in self.seconds.items()}
        ncpu = os.cpu_count() or 1
        machine_cores = self.busy_ticks / max(self.total_ticks, 1) * ncpu
        cores["machine"] = machine_cores
        cores["background"] = max(
            0.0, machine_cores - sum(v for k, v in cores.items() if k != "machine")
        )
        return cores

    def top_others(self, count: int = 3) -> str:
        elapsed = max(self.elapsed, 1e-9)
        top = sorted(self.others.items(), key=lambda item: -item[1])[:count]
        return ", ".join(f"{name} {secs / elapsed:.2f}" for name, secs in top)


def wait_for_quiet(limit_cores: float, timeout: float) -> float:
    """Wait until the machine uses less than ``limit_cores`` over 3 s; returns the
    last measurement (the caller reports it when the machine never got quiet)."""
    deadline = time.monotonic() + timeout
    ncpu = os.cpu_count() or 1
    while True:
        busy0, total0 = _machine_busy_ticks()
        time.sleep(3)
        busy1, total1 = _machine_busy_ticks()
        used = (busy1 - busy0) / max(total1 - total0, 1) * ncpu
        if used < limit_cores or time.monotonic() > deadline:
            return used
        sys.stderr.write(f"(machine busy: {used:.2f} cores in use; waiting)\n")


# --------------------------------------------------------------------------
# gunicorn
# --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``gunicorn cms.wsgi:application`` in its own process group."""

    def __init__(self, env: dict[str, str], config: GunicornConfig, log: Path):
        self.env = env
        self.config = config
        self.log_path = log
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Gunicorn:
        self.port = free_port()
        log = open(self.log_path, "ab")  # noqa: SIM115 - owned by the child
        try:
            self.process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
                [
                    GUNICORN,
                    "cms.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    *self.config.args(),
                    # The Dockerfile's CMD: access log to stdout, trust the proxy.
                    "--access-logfile",
                    "-",
                    "--forwarded-allow-ips",
                    "*",
                ],
                cwd=harness.REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        harness.wait_until(self._ready, timeout=60, interval=0.2, message="gunicorn")
        return self

    def _ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request(
                "GET",
                "/line/webhook/",
                headers={"Host": HOST_HEADER, "X-Forwarded-Proto": "https"},
            )
            return connection.getresponse().status == 405
        except OSError:
            return False
        finally:
            connection.close()

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        return [
            p for p in harness._descendants(self.process.pid) if p != self.process.pid
        ]

    def pids(self) -> list[int]:
        return harness._descendants(self.process.pid) if self.process else []

    def log_tail(self, size: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


# --------------------------------------------------------------------------
# One scenario
# --------------------------------------------------------------------------


@dataclass
class Check:
    exactly_once: bool
    problems: list[str]
    stored: int
    redelivered: int
    statuses: dict[str, int]


@dataclass
class ScenarioResult:
    scenario: Scenario
    gunicorn: GunicornConfig
    stats: list[LoadStats]  # one per step (one for a plain run)
    cpu: list[dict[str, float]]
    quiet_before: float
    backlog_at_end: int
    #: events the worker finished while the load ran (0 without a worker)
    handled_during_load: int
    settings: str
    worker: WorkerConfig
    queued_at_end: int
    drain_seconds: float
    drain_cpu: dict[str, float]
    #: the busiest other processes per step (and during the drain), in cores
    others: list[str]
    check: Check
    line_calls: dict[str, int] = field(default_factory=dict)
    #: requests LINE accepted per operation (replyMessage, pushMessage, …)
    line_messages: dict[str, int] = field(default_factory=dict)
    profile: str = ""

    @property
    def reply_share(self) -> float:
        """Of the answers sent, the share that went out as replies (not pushes)."""
        replies = self.line_messages.get("replyMessage", 0)
        pushes = self.line_messages.get("pushMessage", 0)
        return replies / (replies + pushes) if replies + pushes else 0.0

    @property
    def background(self) -> float:
        """The most CPU other processes used during a reported step (cores)."""
        return max(cpu.get("background", 0.0) for cpu in self.cpu)

    @property
    def worker_rate_during_load(self) -> float:
        return self.handled_during_load / self.main.duration

    @property
    def label(self) -> str:
        """The scenario, with the settings module when it is not production's."""
        if self.settings == "cms.settings.production":
            return self.scenario.name
        return f"{self.scenario.name} [{self.settings}]"

    @property
    def drain_rate(self) -> float:
        """Events the worker handled per second once the load had stopped."""
        return self.backlog_at_end / self.drain_seconds if self.drain_seconds else 0.0

    @property
    def gunicorn_cpu_ms_per_event(self) -> float:
        """gunicorn's CPU milliseconds per event taken in during the first step."""
        main = self.main
        events = main.events_ok
        return (
            self.cpu[0]["gunicorn"] * main.duration / events * 1000 if events else 0.0
        )

    @property
    def worker_cpu_ms_per_event(self) -> float:
        """The worker's CPU milliseconds per event it handled while draining."""
        if not self.backlog_at_end or not self.drain_seconds:
            return 0.0
        worker_seconds = self.drain_cpu.get("celery worker", 0.0) * self.drain_seconds
        return worker_seconds / self.backlog_at_end * 1000

    @property
    def main(self) -> LoadStats:
        return self.stats[0]

    @property
    def ceiling(self) -> tuple[LoadStats | None, LoadStats | None]:
        """Highest passing step and the first failing one."""
        passed = failed = None
        for stats in self.stats:
            if stats.meets_latency and stats.generator_ok:
                passed = stats
            else:
                failed = stats
                break
        return passed, failed


def _count_rows(database: str) -> int:
    with psycopg.connect(harness.database_url(database), autocommit=True) as db:
        row = db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()  # noqa: S608
    return int(row[0]) if row else 0


def _count_pending(database: str) -> int:
    with psycopg.connect(harness.database_url(database), autocommit=True) as db:
        row = db.execute(
            f"SELECT count(*) FROM {TABLE} WHERE status IN ('pending', 'processing')"  # noqa: S608
        ).fetchone()
    return int(row[0]) if row else 0


def check_storage(
    database: str, loads: list[LoadResult], warmup: set[str], *, drained: bool
) -> Check:
    with psycopg.connect(harness.database_url(database), autocommit=True) as db:
        rows = db.execute(
            f"SELECT webhook_event_id, is_redelivery, status FROM {TABLE}"  # noqa: S608
        ).fetchall()
        dup_rows = db.execute(
            f"SELECT count(*) - count(DISTINCT webhook_event_id) FROM {TABLE}"  # noqa: S608
        ).fetchone()
    stored: dict[str, bool] = {}
    statuses: dict[str, int] = {}
    for event_id, is_redelivery, status in rows:
        stored[event_id] = is_redelivery
        statuses[status] = statuses.get(status, 0) + 1
    answered: set[str] = set(warmup)
    unknown: set[str] = set()
    forged: set[str] = set()
    redelivered: set[str] = set()
    # event id -> when its first delivery was answered 200 / its redelivery was sent
    first_answered: dict[str, float] = {}
    redelivery_sent: dict[str, float] = {}
    for load in loads:
        for i, planned in enumerate(load.plan.requests):
            ids = set(planned.event_ids)
            if planned.kind == "bad-signature":
                forged |= ids
                continue
            if planned.kind not in ("events", "duplicate", "redelivery"):
                continue
            (answered if load.status[i] == 200 else unknown).update(ids)
            if planned.kind == "redelivery":
                redelivered |= ids
                redelivery_sent.update(dict.fromkeys(ids, load.started[i]))
            elif planned.kind == "events" and load.status[i] == 200:
                first_answered.update(dict.fromkeys(ids, load.answered[i]))
    problems = []
    if dup_rows and dup_rows[0]:
        problems.append(f"{dup_rows[0]} duplicate rows")
    missing = answered - stored.keys()
    if missing:
        problems.append(f"{len(missing)} events answered 200 but not stored")
    unexpected = stored.keys() - answered - unknown
    forged_stored = forged & stored.keys()
    if forged_stored:
        problems.append(f"{len(forged_stored)} events of forged bodies stored")
    if unexpected - forged_stored:
        problems.append(f"{len(unexpected - forged_stored)} unexpected rows")
    # When the first delivery was answered 200 before its redelivery was sent, its
    # row must be the one kept (when the server was slow, the redelivery may arrive
    # first and is then rightly the one stored).
    second_kept = {
        event_id
        for event_id in redelivered
        if stored.get(event_id)
        and first_answered.get(event_id, float("inf"))
        < redelivery_sent.get(event_id, 0.0)
    }
    if second_kept:
        problems.append(f"{len(second_kept)} redeliveries stored over the original")
    for bad in ("pending", "processing", "failed") if drained else ("failed",):
        if statuses.get(bad):
            problems.append(f"{statuses[bad]} events {bad}")
    return Check(
        exactly_once=not (dup_rows and dup_rows[0])
        and not missing
        and not unexpected
        and not second_kept,
        problems=problems,
        stored=len(stored),
        redelivered=len(redelivered),
        statuses=statuses,
    )


def product_env(
    database_url: str, broker: harness.Broker, fake: harness.FakeLine
) -> dict[str, str]:
    env = harness.product_env(database_url, broker, fake, **PRODUCTION_ENV)
    # Production settings do not read these; keep them out of the children.
    env.pop("CELERY_TASK_DEFAULT_QUEUE", None)
    if os.environ.get("PYTHONPATH"):
        # --settings may name a module outside the repository (a proposed change).
        env["PYTHONPATH"] = f"{harness.REPO_ROOT}{os.pathsep}{os.environ['PYTHONPATH']}"
    return env


def warm_up(port: int, factory: EventFactory, workers: int) -> set[str]:
    """Every gunicorn worker imports the URLconf, opens its database connection and
    its broker connection on its first requests: a few hundred events at 100/s first,
    not measured (stored, and checked, like the others)."""
    plan = build_plan(
        factory, port, rate=100, duration=max(2.0, workers * 0.5), batch=(1, 1)
    )
    plan.requests = [r for r in plan.requests if r.kind == "events"]
    result = asyncio.run(LoadGenerator(port, plan).run())
    bad = [s for s in result.status if s != 200]
    if bad:
        raise RuntimeError(f"warm-up got {len(bad)} non-200 answers: {bad[:5]}")
    return plan.ids("events")


def start_profile(
    pids: list[int], out_dir: Path, seconds: float
) -> list[subprocess.Popen[bytes]]:
    if not Path(PY_SPY).exists():
        sys.stderr.write("(py-spy not installed: no profile)\n")
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        subprocess.Popen(  # noqa: S603 - py-spy on our own gunicorn workers
            [
                PY_SPY,
                "record",
                "--pid",
                str(pid),
                "--idle",
                "--format",
                "raw",
                "--rate",
                "200",
                "--duration",
                str(int(seconds)),
                "--output",
                str(out_dir / f"gunicorn-{pid}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in pids
    ]


def start_worker(worker: harness.CeleryWorker, priority: str) -> None:
    """Start the worker at ``priority``: "nice N" or "idle" (``SCHED_IDLE``).

    With autogroup scheduling (``kernel.sched_autogroup_enabled``), CFS first shares
    the CPU between sessions and the worker has a session of its own, so a process's
    niceness only counts inside it; the session's own niceness
    (``/proc/PID/autogroup``) is set as well. That is what a container's CPU weight
    (compose ``cpu_shares``) does for the worker's container in production.
    """
    worker.start().wait_ready()
    if worker.sampler is not None:
        # The harness samples the worker's memory 20 times a second from this
        # process (smaps_rollup): that would take CPU from the load generator.
        worker.sampler.stop()
    if priority == "normal" or worker.process is None:
        return
    nice = 19 if priority == "idle" else int(priority.split()[-1])
    with contextlib.suppress(OSError):
        Path(f"/proc/{worker.process.pid}/autogroup").write_text(str(nice))
    for pid in harness._descendants(worker.process.pid):
        with contextlib.suppress(ProcessLookupError):
            if priority == "idle":
                os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
            else:
                os.setpriority(os.PRIO_PROCESS, pid, nice)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)


def run_scenario(
    scenario: Scenario,
    gunicorn_config: GunicornConfig,
    *,
    work_dir: Path,
    seed: int,
    quiet_cores: float,
    quiet_timeout: float,
    drain_timeout: float,
    max_background: float,
    attempts: int,
    worker_config: WorkerConfig,
    profile_dir: Path | None = None,
) -> ScenarioResult:
    quiet = wait_for_quiet(quiet_cores, quiet_timeout)
    database = harness.clone_database(harness.migrated_template(), BENCH_DATABASE)
    broker = harness.Broker(db=BENCH_REDIS_DB, queue=QUEUE)
    redis_client = broker.client()
    redis_client.flushdb()
    with contextlib.ExitStack() as stack:
        stack.callback(redis_client.close)
        stack.callback(redis_client.flushdb)
        fake = stack.enter_context(harness.FakeLine("--no-rate-limits"))
        # Reply tokens here are made up by the generator, not issued by the fake.
        fake.control("POST", "config", {"strict_reply_tokens": False})
        env = product_env(database, broker, fake)
        server = Gunicorn(
            env, gunicorn_config, work_dir / f"gunicorn-{_slug(scenario.name)}.log"
        )
        stack.callback(server.stop)
        server.start()
        worker = harness.CeleryWorker(
            env,
            broker,
            work_dir / f"worker-{_slug(scenario.name)}.log",
            pool=worker_config.pool,
            concurrency=worker_config.concurrency,
            loglevel=worker_config.loglevel,
        )
        stack.callback(worker.stop)
        if scenario.worker_during_load:
            start_worker(worker, scenario.worker_priority)

        factory = EventFactory(seed, scenario.mix)
        warm = warm_up(server.port, factory, gunicorn_config.workers)
        time.sleep(1.0)

        redis_pids = _pids_named("redis-server")
        groups = {
            "gunicorn": server.pids,
            "celery worker": lambda: (
                harness._descendants(worker.process.pid) if worker.process else []
            ),
            "redis": lambda: redis_pids,
            "load generator": lambda: [os.getpid()],
            "fake LINE": lambda: [fake.process.pid] if fake.process else [],
        }
        rates = scenario.steps or (scenario.rate,)
        loads: list[LoadResult] = []
        stats: list[LoadStats] = []
        cpu: list[dict[str, float]] = []
        others: list[str] = []
        profile = ""
        for step, rate in enumerate(rates):
            # A step with too much background load (other people's work on this
            # machine) is run again; with the worker running, main() reruns the lot.
            for attempt in range(1 if scenario.worker_during_load else attempts):
                if step or attempt:
                    wait_for_quiet(quiet_cores, quiet_timeout)
                plan = build_plan(
                    factory,
                    server.port,
                    rate=rate,
                    duration=scenario.duration,
                    batch=scenario.batch,
                )
                spies = []
                if profile_dir is not None and step == 0:
                    spies = start_profile(
                        server.worker_pids(), profile_dir, min(30, scenario.duration)
                    )
                sampler = CpuSampler(groups, BENCH_DATABASE)
                sampler.start()
                load = asyncio.run(LoadGenerator(server.port, plan).run())
                step_cpu = sampler.stop()
                step_others = sampler.top_others()
                for spy in spies:
                    spy.wait(timeout=120)
                if spies:
                    profile = str(profile_dir)
                loads.append(load)
                step_stats = summarize(
                    load, rate, scenario.duration, scenario.batch_text
                )
                problems = {**step_stats.wrong_status, **step_stats.errors}
                sys.stderr.write(
                    f"  {scenario.name} {gunicorn_config.spec} {rate:.0f}/s: "
                    f"achieved {step_stats.achieved_rate:.0f}/s {step_stats.text()} "
                    f"lag p99 {step_stats.lag_p99:.1f} ms "
                    f"errors {problems or 0} in-flight max {step_stats.max_in_flight} "
                    f"cpu {_cpu_text(step_cpu)} (other: {step_others})\n"
                )
                if step_cpu["background"] <= max_background:
                    break
                sys.stderr.write(
                    f"  (background load {step_cpu['background']:.2f} cores "
                    f"> {max_background}: "
                    + ("again)\n" if attempt + 1 < attempts else "kept, flagged)\n")
                )
            stats.append(step_stats)
            cpu.append(step_cpu)
            others.append(step_others)
            if scenario.steps and not (
                step_stats.meets_latency and step_stats.generator_ok
            ):
                break
            if scenario.steps:
                time.sleep(2)

        backlog = _count_pending(BENCH_DATABASE)
        stored_at_end = _count_rows(BENCH_DATABASE)
        queued = int(redis_client.llen(QUEUE))
        drain_seconds = 0.0
        drain_cpu: dict[str, float] = {}
        if scenario.drain:
            if not scenario.worker_during_load:
                start_worker(worker, scenario.worker_priority)
            drain_started = time.monotonic()
            sampler = CpuSampler(groups, BENCH_DATABASE)
            sampler.start()
            harness.wait_until(
                lambda: _count_pending(BENCH_DATABASE) == 0,
                timeout=drain_timeout,
                interval=0.5,
                message="the worker to handle every event",
            )
            drain_seconds = time.monotonic() - drain_started
            drain_cpu = sampler.stop()
            others.append(f"drain: {sampler.top_others()}")
        worker.stop()
        check = check_storage(BENCH_DATABASE, loads, warm, drained=scenario.drain)
        fake_stats = fake.stats()
        line_calls = fake_stats.get("status_counts", {})
        line_messages = fake_stats.get("accepted_by_operation", {})
        if server.process is not None and server.process.poll() is not None:
            check.problems.append("gunicorn died during the run")
        return ScenarioResult(
            scenario=scenario,
            gunicorn=gunicorn_config,
            stats=stats,
            cpu=cpu,
            quiet_before=quiet,
            backlog_at_end=backlog,
            handled_during_load=max(0, stored_at_end - backlog - len(warm)),
            settings=PRODUCTION_ENV["DJANGO_SETTINGS_MODULE"],
            worker=worker_config,
            queued_at_end=queued,
            drain_seconds=drain_seconds,
            drain_cpu=drain_cpu,
            others=others,
            check=check,
            line_calls=line_calls,
            line_messages=line_messages,
            profile=profile,
        )


def _cpu_text(cores: dict[str, float]) -> str:
    short = {
        "gunicorn": "gunicorn",
        "postgres (bench db)": "postgres",
        "postgres (short-lived backends)": "postgres short-lived backends",
        "celery worker": "worker",
        "redis": "redis",
        "load generator": "generator",
        "fake LINE": "fake",
        "background": "other",
        "machine": "total",
    }
    return ", ".join(
        f"{short[k]} {cores.get(k, 0.0):.2f}"
        for k in short
        if cores.get(k, 0.0) >= 0.005
    )


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------

TABLE_HEADER = (
    "| date | scenario | gunicorn | worker during load | events/POST | offered events/s "
    "| achieved events/s (slowest second) | p50 / p95 / p99 / max ms | errors "
    "| generator lag p99 | backlog at end → drained in | exactly once "
    "| CPU cores (of 2) | other load |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
)


def _row(
    result: ScenarioResult, stats: LoadStats, cpu: dict[str, float], label: str
) -> str:
    check = result.check
    errors = stats.error_count
    error_text = (
        "0"
        if not errors
        else ", ".join(
            f"{k}: {v}" for k, v in {**stats.wrong_status, **stats.errors}.items()
        )
    )
    if stats.over_2s:
        error_text += f" ({stats.over_2s} over 2 s)"
    cells = [
        datetime.date.today().isoformat(),
        label,
        result.gunicorn.label,
        _worker_text(result),
        stats.batch,
        f"{stats.rate:.0f}",
        f"{stats.achieved_rate:.0f} ({stats.min_second})",
        f"{stats.p50:.1f} / {stats.p95:.1f} / {stats.p99:.1f} / {stats.max:.0f}",
        error_text,
        f"{stats.lag_p99:.1f} ms",
        f"{result.backlog_at_end:,} → {result.drain_seconds:.0f} s",
        "yes"
        if check.exactly_once and not check.problems
        else "NO: " + "; ".join(check.problems),
        _cpu_text({k: v for k, v in cpu.items() if k not in ("background", "machine")})
        + f"; total {cpu.get('machine', 0):.2f}",
        f"{cpu.get('background', 0):.2f} cores",
    ]
    return "| " + " | ".join(cells) + " |\n"


def _worker_text(result: ScenarioResult) -> str:
    scenario = result.scenario
    if not scenario.worker_during_load:
        return "no (drained after)" if scenario.drain else "no (not drained)"
    priority = scenario.worker_priority
    return (
        f"yes, {result.worker.label}"
        + ("" if priority == "normal" else f", {priority}")
        + f"; ≈{result.worker_rate_during_load:.0f} events/s handled"
    )


def rows_for(result: ScenarioResult) -> list[str]:
    scenario = result.scenario
    if not scenario.steps:
        return [_row(result, result.main, result.cpu[0], result.label)]
    rows = []
    passed, failed = result.ceiling
    for stats, cpu in zip(result.stats, result.cpu, strict=True):
        if stats is passed:
            rows.append(
                _row(result, stats, cpu, f"{result.label}: highest passing step")
            )
        elif stats is failed:
            rows.append(_row(result, stats, cpu, f"{result.label}: first failing step"))
    return rows


def _row_key(row: str) -> tuple[str, str, str]:
    """Scenario, gunicorn and worker (without its measured rate): one configuration."""
    cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
    return cells[1], cells[2], cells[3].split(";")[0]


SCENARIO_ORDER = ("target", "target+worker", "batched", "ceiling", "compare")


def _row_order(row: str) -> tuple[int, tuple[str, str, str]]:
    key = _row_key(row)
    base = key[0].split(" [")[0].split(":")[0]
    base = "compare" if base.startswith("compare") else base
    rank = SCENARIO_ORDER.index(base) if base in SCENARIO_ORDER else 9
    return rank, key


def section(rows: list[str], verdict: str) -> str:
    return f"""{SECTION_START}
## LINE webhook intake (`bench/webhook.py`)

Target: at least {TARGET_RATE:.0f} events/s sustained for {TARGET_SECONDS:.0f} s with
p99 ≤ {TARGET_P99_MS:.0f} ms to the 200, served by gunicorn on this 2-core machine with
PostgreSQL, signatures checked. The verdict is taken on `target`: the web tier, with
the Celery worker draining the queue afterwards. `target+worker` is the whole
system as compose.yaml deploys it, the worker running on the same two cores.

{verdict}

- Machine: {machine()}, Python {sys.version.split()[0]}, PostgreSQL 15 and Redis 7 on
  the same machine (loopback), shared with other people's tests ("other" column).
- Product: `cms.settings.production` from the environment (persistent connections
  with health checks, Celery on Redis db {BENCH_REDIS_DB}, a channel secret and token,
  LINE pointed at `tests.fake_line`); `gunicorn cms.wsgi:application` with the
  Dockerfile's flags (access log on). One connection per request, closed by the
  client when the response is complete, as nginx's default `proxy_pass`.
- Load: open loop with due times fixed in advance, latency from the due time to
  the complete response. Bodies are pre-built and signed: follow 15 %, text 50 %,
  postback 25 %, location 10 % from 20,000 user ids, unique ULID `webhookEventId`s.
  On top: 0.5 % redelivered (`isRedelivery: true`), 0.1 % sent twice byte for byte,
  0.1 % with a wrong signature (must get 401, never stored), 5 "Verify" bodies with
  no events. "Generator lag" is how late requests left: a few ms at most means the
  generator kept its schedule.
- Worker: `celery -A cms worker` with compose.yaml's options. "no (drained
  after)": tasks pile up in Redis and the worker drains them afterwards; "yes": it
  runs during the load, answering through the fake LINE server, and "≈N events/s
  handled" is what it finished meanwhile. "backlog → drained in" is what was left
  when the load stopped and how long the worker then took.
- "Exactly once": every event of a POST answered 200 has one row, no event of a
  forged POST has one, a redelivered event keeps its first row, and after a drain
  nothing is pending, processing or failed. "CPU cores" are averages over the load
  from /proc: postgres = backends of the bench database, "short-lived backends" =
  connections opened and closed between two samples (seen through the postmaster).
- Rows: one per configuration (scenario, settings module, gunicorn, worker); a run
  replaces its own row.

<!-- webhook:rows:start -->
{TABLE_HEADER}{"".join(rows)}<!-- webhook:rows:end -->

### How to reproduce

PostgreSQL on 127.0.0.1:5432 (user `postgres`, trust auth) and Redis on
127.0.0.1:6379 (`make services`), then:

```sh
.venv/bin/python -m bench.webhook        # the suite: target, target+worker, batched, ceiling (15-20 min)
.venv/bin/python -m bench.webhook --only target --gunicorn sync:4 --no-record
.venv/bin/python -m bench.webhook --compare-gunicorn sync:3,sync:4,sync:6,gthread:2x4 --rate 900 --duration 20
.venv/bin/python -m bench.webhook --only target+worker --worker-concurrency 1 --worker-priority "nice 10"
```

Other options: `--rate`, `--duration`, `--settings MODULE` (try a settings change),
`--profile DIR` (py-spy on each gunicorn worker), `--quiet-cores`,
`--max-background`, `--attempts`. The module docstring says what each step does.
{SECTION_END}
"""


def record(results: list[ScenarioResult], verdict: str) -> None:
    """Rewrite this benchmark's section of docs/benchmarks.md, keeping rows of other
    configurations; nothing outside the markers is touched."""
    document = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    old_rows: list[str] = []
    if SECTION_START in document and SECTION_END in document:
        head, rest = document.split(SECTION_START, 1)
        old, tail = rest.split(SECTION_END, 1)
        if ROWS_START in old:
            table = old.split(ROWS_START, 1)[1].split(ROWS_END, 1)[0]
            old_rows = [
                line + "\n" for line in table.splitlines() if line.startswith("| 2")
            ]
    else:
        head, tail = document.rstrip("\n") + "\n\n", "\n"
    new_rows = [row for result in results for row in rows_for(result)]
    keys = {_row_key(row) for row in new_rows}
    rows = [row for row in old_rows if _row_key(row) not in keys] + new_rows
    rows.sort(key=_row_order)
    # Read-modify-write in one go: other benchmarks edit their own sections.
    current = RESULTS.read_text() if RESULTS.exists() else document
    if current != document:
        return record(results, verdict)
    RESULTS.write_text(head + section(rows, verdict).rstrip("\n") + tail)
    return None


def verdict_text(results: dict[str, ScenarioResult]) -> tuple[str, str]:
    """(one summary line, the verdict paragraph for the docs)."""
    parts = []
    target = results.get("target")
    batched = results.get("batched")
    ceiling = results.get("ceiling")
    met = None
    if target is not None:
        s = target.main
        met = (
            s.meets_latency
            and s.generator_ok
            and s.rate >= TARGET_RATE
            and s.duration >= TARGET_SECONDS
            and target.check.exactly_once
            and not target.check.problems
            and s.forged_refused == s.forged_total
        )
        parts.append(
            f"target {s.rate:.0f} ev/s×{s.duration:.0f}s 1/POST {target.gunicorn.spec} "
            f"(worker after): achieved {s.achieved_rate:.0f}/s p50 {s.p50:.1f} p95 "
            f"{s.p95:.1f} p99 {s.p99:.1f} max {s.max:.0f} ms errors {s.error_count} "
            f"lag_p99 {s.lag_p99:.1f}ms drain {target.drain_seconds:.0f}s"
        )
    system = results.get("target+worker")
    if system is not None:
        s = system.main
        keeps_up = system.backlog_at_end <= s.rate  # at most a second behind
        parts.append(
            f"with worker {system.worker.pool}x{system.worker.concurrency} during load: achieved "
            f"{s.achieved_rate:.0f}/s p99 {s.p99:.1f} ms errors {s.error_count}, "
            f"worker ≈{system.worker_rate_during_load:.0f} ev/s, backlog "
            f"{system.backlog_at_end} drained in {system.drain_seconds:.0f}s "
            f"(system keeps up: {'yes' if keeps_up else 'NO'})"
        )
    if batched is not None:
        s = batched.main
        parts.append(
            f"batched 1-5: {s.achieved_rate:.0f} ev/s p99 {s.p99:.1f} ms errors {s.error_count}"
        )
    if ceiling is not None:
        passed, failed = ceiling.ceiling
        parts.append(
            "ceiling "
            + (f"≥{passed.rate:.0f}" if passed else "<first step")
            + (
                f" (fails at {failed.rate:.0f}: p99 {failed.p99:.0f} ms)"
                if failed
                else ""
            )
            + " ev/s"
        )
    checks = [r.check for r in results.values()]
    exactly_once = all(c.exactly_once and not c.problems for c in checks)
    parts.append(f"exactly_once={'yes' if exactly_once else 'NO'}")
    if met is not None:
        parts.append(f"target={'met' if met and exactly_once else 'MISSED'}")
    line = "webhook: " + "; ".join(parts)
    paragraph = f"Last suite ({datetime.date.today().isoformat()}): `{line}`"
    return line, paragraph


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

DEFAULT_GUNICORN = "sync:4"


def scenarios(rate: float, duration: float) -> dict[str, Scenario]:
    return {
        "target": Scenario("target", rate, duration),
        "target+worker": Scenario(
            "target+worker", rate, duration, worker_during_load=True
        ),
        # Draining 30,000 more events takes minutes and says nothing new.
        "batched": Scenario("batched", rate, duration, batch=(1, 5), drain=False),
        # The web tier alone, nothing drained (make bench-quick).
        "intake": Scenario("intake", rate, duration, drain=False),
        # 友だち追加 bursts (a QR code in the city newsletter): every follow must be
        # welcomed by reply while its token lives, the worker running beside the
        # web tier on the same cores.
        "follow-burst": Scenario(
            "follow-burst",
            min(rate, 100.0),
            duration,
            worker_during_load=True,
            mix=(("follow", 1),),
        ),
        # The worker alone: follows pile up while only the web tier runs, then the
        # worker (compose.yaml's) answers them; its drain rate is its capacity.
        "worker-drain": Scenario("worker-drain", rate, duration, mix=(("follow", 1),)),
        "ceiling": Scenario(
            "ceiling",
            rate,
            20.0,
            steps=tuple(float(r) for r in range(int(rate), 5001, 100)),
            drain=False,
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.webhook", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rate", type=float, default=TARGET_RATE, help="events/s")
    parser.add_argument("--duration", type=float, default=TARGET_SECONDS)
    parser.add_argument(
        "--gunicorn", default=DEFAULT_GUNICORN, help="e.g. sync:4, gthread:2x4"
    )
    parser.add_argument(
        "--only", action="append", choices=list(scenarios(1, 1)), help="repeatable"
    )
    parser.add_argument(
        "--compare-gunicorn",
        default="",
        help="comma-separated configurations, each run as 'target' at --rate",
    )
    parser.add_argument(
        "--settings",
        default=PRODUCTION_ENV["DJANGO_SETTINGS_MODULE"],
        help="settings module of gunicorn and the worker (to try a change; "
        "PYTHONPATH is passed on)",
    )
    deployed = compose_worker()
    parser.add_argument(
        "--worker-pool",
        default=deployed.pool,
        choices=["prefork", "threads", "solo"],
        help=f"the worker's pool (compose.yaml: {deployed.pool})",
    )
    parser.add_argument(
        "--worker-concurrency",
        type=int,
        default=deployed.concurrency,
        help=f"the worker's concurrency (compose.yaml: {deployed.concurrency})",
    )
    parser.add_argument(
        "--worker-priority",
        default="",
        help="override for scenarios with the worker running: normal, idle, 'nice N'",
    )
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--profile", type=Path, default=None, help="py-spy output dir")
    parser.add_argument(
        "--log-dir",
        type=Path,
        default=None,
        help="keep gunicorn's and the worker's logs here (default: a temporary dir)",
    )
    parser.add_argument("--quiet-cores", type=float, default=0.3)
    parser.add_argument("--quiet-timeout", type=float, default=300.0)
    parser.add_argument(
        "--max-background",
        type=float,
        default=0.25,
        help="cores used by other processes above which a run is repeated",
    )
    parser.add_argument("--attempts", type=int, default=3)
    parser.add_argument("--drain-timeout", type=float, default=1800.0)
    parser.add_argument("--no-record", action="store_true", help="don't touch docs")
    args = parser.parse_args(argv)
    raise_fd_limit()
    worker_config = WorkerConfig(
        args.worker_pool, args.worker_concurrency, deployed.loglevel
    )
    PRODUCTION_ENV["DJANGO_SETTINGS_MODULE"] = args.settings
    seed = args.seed if args.seed is not None else time.time_ns()
    all_scenarios = scenarios(args.rate, args.duration)
    runs: list[tuple[Scenario, GunicornConfig]] = []
    if args.compare_gunicorn:
        for spec in args.compare_gunicorn.split(","):
            config = GunicornConfig.parse(spec.strip())
            base = all_scenarios["target"]
            runs.append(
                (
                    Scenario(
                        f"compare at {args.rate:.0f}/s",
                        args.rate,
                        args.duration,
                        drain=False,
                    ),
                    config,
                )
            )
            del base
    else:
        config = GunicornConfig.parse(args.gunicorn)
        for name in args.only or list(all_scenarios):
            scenario = all_scenarios[name]
            if args.worker_priority and scenario.worker_during_load:
                scenario = dataclasses.replace(
                    scenario, worker_priority=args.worker_priority
                )
            runs.append((scenario, config))
    results: dict[str, ScenarioResult] = {}
    recorded: list[ScenarioResult] = []
    with tempfile.TemporaryDirectory(prefix="bench-webhook-") as tmp:
        work_dir = args.log_dir or Path(tmp)
        work_dir.mkdir(parents=True, exist_ok=True)
        try:
            for scenario, config in runs:
                for attempt in range(args.attempts):
                    result = run_scenario(
                        scenario,
                        config,
                        work_dir=work_dir,
                        seed=seed,
                        quiet_cores=args.quiet_cores,
                        quiet_timeout=args.quiet_timeout,
                        drain_timeout=args.drain_timeout,
                        max_background=args.max_background,
                        attempts=args.attempts,
                        worker_config=worker_config,
                        profile_dir=args.profile,
                    )
                    seed += 1
                    if (
                        not scenario.worker_during_load
                        or result.background <= args.max_background
                        or attempt + 1 == args.attempts
                    ):
                        break
                    sys.stderr.write("  (too much background load: again)\n")
                key = scenario.name if not args.compare_gunicorn else f"{config.spec}"
                results[key] = result
                recorded.append(result)
                main_stats = result.main
                # One JSON line per scenario for tools (bench.quick).
                print(
                    "webhook-result "
                    + json.dumps(
                        {
                            "scenario": scenario.name,
                            "offered": scenario.rate,
                            "achieved": round(main_stats.achieved_rate, 1),
                            "p99_ms": round(main_stats.p99, 1),
                            "errors": main_stats.error_count,
                            "reply_share": round(result.reply_share, 4),
                            "line_messages": result.line_messages,
                            "worker_rate_during_load": round(
                                result.worker_rate_during_load, 1
                            ),
                            "backlog_at_end": result.backlog_at_end,
                            "drain_rate": round(result.drain_rate, 1),
                            # CPU per event: what a busy machine barely moves
                            # (bench.quick divides it by a calibration workload).
                            "gunicorn_cpu_ms_per_event": round(
                                result.gunicorn_cpu_ms_per_event, 3
                            ),
                            "worker_cpu_ms_per_event": round(
                                result.worker_cpu_ms_per_event, 3
                            ),
                            "background_cores": round(result.background, 2),
                            "problems": result.check.problems,
                            "loadavg": " ".join(
                                f"{value:.2f}" for value in os.getloadavg()
                            ),
                        }
                    ),
                    flush=True,
                )
                if result.check.problems:
                    sys.stderr.write(f"  problems: {result.check.problems}\n")
                sys.stderr.write(
                    f"  statuses {result.check.statuses} LINE calls {result.line_calls} "
                    f"backlog {result.backlog_at_end} queued {result.queued_at_end} "
                    f"drain {result.drain_seconds:.1f}s ({result.drain_rate:.0f} events/s; "
                    f"cpu {_cpu_text(result.drain_cpu)}) quiet-before {result.quiet_before:.2f} "
                    f"other processes {result.others}\n"
                )
        except Exception:
            for log in sorted(work_dir.glob("*.log")):
                sys.stderr.write(
                    f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}\n"
                )
            raise
        finally:
            harness.drop_database(BENCH_DATABASE)
    if args.compare_gunicorn:
        line = "webhook compare: " + "; ".join(
            f"{key} p99 {r.main.p99:.1f} ms achieved {r.main.achieved_rate:.0f}/s "
            f"errors {r.main.error_count}"
            for key, r in results.items()
        )
        paragraph = ""
    else:
        line, paragraph = verdict_text(results)
    print(line)
    full_suite = not args.only and not args.compare_gunicorn
    if not args.no_record:
        # Rows of any run replace the same configuration's; only the full suite
        # rewrites the verdict line.
        if not full_suite:
            document = RESULTS.read_text() if RESULTS.exists() else ""
            paragraph = _current_verdict(document)
        record(recorded, paragraph)
    problems = any(r.check.problems for r in recorded)
    return 1 if problems else 0


def _current_verdict(document: str) -> str:
    marker = "Last suite ("
    if SECTION_START in document and marker in document:
        part = document.split(SECTION_START, 1)[1]
        start = part.index(marker)
        return part[start : part.index("\n", start)]
    return "No full suite recorded yet."


if __name__ == "__main__":
    raise SystemExit(main())

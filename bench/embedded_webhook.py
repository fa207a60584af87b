"""Benchmark: ``make run``'s stack (runserver on SQLite) under signed webhook traffic.

    .venv/bin/python -m bench.embedded_webhook              # both phases, recorded
    .venv/bin/python -m bench.embedded_webhook --mixed-seconds 10 --no-record

Issue 22's bar: with LINE pointed at the strict fake, 40 mixed events/s for 60 s, then
100 follows/s for 10 s: every valid event answered 200, every answerable event
answered exactly once (reply, or push after the reply token's minute), and no
``database is locked`` anywhere in the server's log.

What a run does
---------------
1. ``bench.embedded.EmbeddedServer``: a copy of a seeded (migrate + seed_demo) SQLite
   file, ``cms.settings.dev`` exactly as ``make run`` sets it, ``runserver
   --noreload``; the channel is the fake LINE server in its own process (a real
   channel: token, secret and base URLs in the environment, not the sandbox).
2. Load, open loop: event *i* is due at a fixed time whatever the server does; each is
   one POST of its own (a fresh connection), signed with HMAC-SHA256 over the raw
   body. Every event comes from a user of its own, so "answered once" is a count per
   user at the fake. Each second's reply tokens are issued by the fake just before
   that second (LINE gives a token with each event; it lives one minute).
   Phase *mixed*: text 50 %, postback 25 %, follow 15 %, location 10 %, and 5 % of
   events are redelivered 1–3 s later (``isRedelivery``: must not be answered again).
   Phase *follows*: 100 follow events per second.
3. Drain: wait until no event is ``pending`` or ``processing`` (the in-process worker
   thread answers them after the 200).
4. Checks: every POST 200; per event, its row is ``done`` and its user received
   exactly one message, or ``ignored`` and nothing; no ``database is locked`` and
   no traceback in the log. The load average (``/proc/loadavg``) before and after is
   printed beside the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import base64
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
import contextlib
from dataclasses import dataclass, field
import hashlib
import hmac
import http.client
import json
import os
from pathlib import Path
import platform
import random
import sys
import tempfile
import threading
import time
from typing import Any

from bench import harness
from bench.embedded import EmbeddedServer
from bench.webhook import POSTBACKS, TEXTS


SECRET = "bench-embedded-channel-secret"  # noqa: S105 - loopback fake
RESULTS = harness.REPO_ROOT / "docs" / "benchmarks.md"
SECTION_START = "<!-- embedded-webhook:start -->"
SECTION_END = "<!-- embedded-webhook:end -->"
MIX = (("text", 50), ("postback", 25), ("follow", 15), ("location", 10))
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def sign(body: bytes) -> str:
    return base64.b64encode(
        hmac.new(SECRET.encode(), body, hashlib.sha256).digest()
    ).decode()


@dataclass
class Planned:
    due: float
    event: dict[str, Any]
    user_id: str
    redelivery: bool = False


@dataclass
class Result:
    planned: Planned
    status: int | None
    latency: float
    error: str = ""


class Factory:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.epoch_ms = int(time.time() * 1000)
        self.count = 0

    def ulid(self, ms: int) -> str:
        number = (ms << 80) | self.rng.getrandbits(80)
        chars = []
        for _ in range(26):
            number, digit = divmod(number, 32)
            chars.append(CROCKFORD[digit])
        return "".join(reversed(chars))

    def event(self, offset: float, kind: str | None = None) -> dict[str, Any]:
        rng = self.rng
        kinds, weights = zip(*MIX, strict=True)
        kind = kind or rng.choices(kinds, weights)[0]
        ms = self.epoch_ms + int(offset * 1000)
        event: dict[str, Any] = {
            "type": "message" if kind in ("text", "location") else kind,
            "mode": "active",
            "timestamp": ms,
            "source": {"type": "user", "userId": f"U{rng.getrandbits(128):032x}"},
            "webhookEventId": self.ulid(ms),
            "deliveryContext": {"isRedelivery": False},
        }
        if kind == "follow":
            event["follow"] = {"isUnblocked": False}
        elif kind == "postback":
            event["postback"] = {"data": rng.choice(POSTBACKS)}
        elif kind == "text":
            event["message"] = {
                "id": str(rng.randrange(10**13, 10**14)),
                "type": "text",
                "text": rng.choice(TEXTS),
                "quoteToken": base64.b64encode(rng.randbytes(18)).decode(),
            }
        else:
            event["message"] = {
                "id": str(rng.randrange(10**13, 10**14)),
                "type": "location",
                "title": "現在地",
                "address": "広島県大竹市小方1丁目",
                "latitude": round(34.20 + rng.random() * 0.05, 6),
                "longitude": round(132.19 + rng.random() * 0.05, 6),
            }
        return event


def plan_phase(
    factory: Factory, start: float, rate: float, seconds: float, kind: str | None
) -> list[Planned]:
    planned = []
    total = int(rate * seconds)
    for index in range(total):
        due = start + index / rate
        event = factory.event(due, kind)
        planned.append(Planned(due, event, event["source"]["userId"]))
        if kind is None and factory.rng.random() < 0.05:
            again = {**event, "deliveryContext": {"isRedelivery": True}}
            planned.append(
                Planned(
                    due + factory.rng.uniform(1, 3),
                    again,
                    event["source"]["userId"],
                    redelivery=True,
                )
            )
    return planned


def post(port: int, planned: Planned, started: float) -> Result:
    body = json.dumps(
        {"destination": "U" + "0" * 32, "events": [planned.event]},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/line/webhook/",
            body=body,
            headers={
                "Content-Type": "application/json",
                "x-line-signature": sign(body),
            },
        )
        response = connection.getresponse()
        response.read()
        status, error = response.status, ""
    except OSError as failure:
        status, error = None, type(failure).__name__
    finally:
        connection.close()
    return Result(planned, status, time.monotonic() - started - planned.due, error)


@dataclass
class Outcome:
    name: str
    events: int
    redeliveries: int
    statuses: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    answered_once: int = 0
    answered_twice: int = 0
    unanswered: int = 0
    drain_seconds: float = 0.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run_load(
    server: EmbeddedServer, fake: harness.FakeLine, planned: list[Planned]
) -> list[Result]:
    """Send every planned POST at its due time; reply tokens are issued per second."""
    planned.sort(key=lambda p: p.due)
    by_second: dict[int, list[Planned]] = {}
    for item in planned:
        if not item.redelivery:
            by_second.setdefault(int(item.due), []).append(item)
    results: list[Result] = []
    lock = threading.Lock()
    started = time.monotonic()
    issued: set[int] = set()

    def issue(second: int) -> None:
        items = by_second.get(second, [])
        if second in issued or not items:
            return
        issued.add(second)
        tokens = fake.control(
            "POST", "reply-tokens", {"userIds": [p.user_id for p in items]}
        )["tokens"]
        for item, token in zip(items, tokens, strict=True):
            item.event["replyToken"] = token

    issue(0)
    with ThreadPoolExecutor(max_workers=64) as pool:
        futures = []
        for item in planned:
            issue(int(item.due) + 1)
            wait = started + item.due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            if item.redelivery:
                original = next(
                    p
                    for p in by_second.get(int(item.due - 3), [])
                    + by_second.get(int(item.due - 2), [])
                    + by_second.get(int(item.due - 1), [])
                    + by_second.get(int(item.due), [])
                    if p.event["webhookEventId"] == item.event["webhookEventId"]
                )
                item.event["replyToken"] = original.event.get("replyToken")
            futures.append(pool.submit(post, server.port, item, started))
        for future in futures:
            result = future.result()
            with lock:
                results.append(result)
    return results


def check(
    name: str,
    server: EmbeddedServer,
    fake: harness.FakeLine,
    results: list[Result],
    drain_started: float,
    drain_timeout: float,
) -> Outcome:
    outcome = Outcome(
        name,
        events=sum(1 for r in results if not r.planned.redelivery),
        redeliveries=sum(1 for r in results if r.planned.redelivery),
    )
    for result in results:
        outcome.statuses[result.status or result.error] += 1
        outcome.latencies.append(result.latency)

    def drained() -> bool:
        (count,) = server.query(
            "SELECT count(*) FROM line_delivery_webhookevent "
            "WHERE status IN ('pending', 'processing')"
        )[0]
        return count == 0

    with contextlib.suppress(TimeoutError):
        harness.wait_until(
            drained, timeout=drain_timeout, interval=0.5, message="the drain"
        )
    outcome.drain_seconds = time.monotonic() - drain_started
    rows = dict(
        server.query("SELECT webhook_event_id, status FROM line_delivery_webhookevent")
    )
    counts = fake.delivery_counts()
    for result in results:
        if result.planned.redelivery:
            continue
        status = rows.get(result.planned.event["webhookEventId"], "missing")
        outcome.rows[status] += 1
        received = counts.get(result.planned.user_id, 0)
        if status == "done" and received == 1:
            outcome.answered_once += 1
        elif received > 1:
            outcome.answered_twice += 1
        elif status != "ignored" or received:
            outcome.unanswered += 1
    return outcome


def summary(outcome: Outcome, locked: int, tracebacks: int) -> str:
    lat = outcome.latencies
    ok = outcome.statuses.get(200, 0)
    return (
        f"{outcome.name}: {outcome.events} events + {outcome.redeliveries} "
        f"redeliveries, {ok}/{len(lat)} POSTs 200 "
        f"(others: { {k: v for k, v in outcome.statuses.items() if k != 200} }), "
        f"latency p50 {percentile(lat, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(lat, 0.99) * 1000:.0f} ms, "
        f"max {max(lat, default=0) * 1000:.0f} ms; answered once "
        f"{outcome.answered_once}, twice {outcome.answered_twice}, not answered "
        f"{outcome.unanswered}; rows {dict(outcome.rows)}; drained "
        f"{outcome.drain_seconds:.0f} s after the load; 'database is locked' {locked}, "
        f"tracebacks {tracebacks}"
    )


def passed(outcome: Outcome) -> bool:
    return (
        outcome.statuses.get(200, 0) == outcome.events + outcome.redeliveries
        and outcome.answered_twice == 0
        and outcome.unanswered == 0
    )


def record(lines: list[str], verdict: str) -> None:
    document = RESULTS.read_text() if RESULTS.exists() else ""
    section = "\n".join(
        [
            SECTION_START,
            "## make run (runserver on SQLite) under webhook traffic — `bench/embedded_webhook.py`",
            "",
            "Issue 22: 40 mixed events/s for 60 s, then 100 follows/s for 10 s, signed, "
            "one POST each, against `make run`'s stack (cms.settings.dev, runserver "
            "--noreload, SQLite WAL + BEGIN IMMEDIATE, answers on the in-process worker "
            "thread) with LINE pointed at the strict fake. The machine is shared: the "
            "load average is given per run.",
            "",
            f"Machine: {platform.node()} ({os.cpu_count()} cores), Python "
            f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
            "",
            *[f"- {line}" for line in lines],
            "",
            f"Verdict: {verdict}",
            SECTION_END,
        ]
    )
    if SECTION_START in document and SECTION_END in document:
        before, rest = document.split(SECTION_START, 1)
        _, after = rest.split(SECTION_END, 1)
        document = before + section + after
    else:
        document = document.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mixed-rate", type=float, default=40)
    parser.add_argument("--mixed-seconds", type=float, default=60)
    parser.add_argument("--follow-rate", type=float, default=100)
    parser.add_argument("--follow-seconds", type=float, default=10)
    parser.add_argument("--drain-timeout", type=float, default=900)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="otake-embedded-bench-"))
    fake = harness.FakeLine().start()
    lines = []
    all_passed = True
    try:
        for name, rate, seconds, kind in (
            ("mixed", args.mixed_rate, args.mixed_seconds, None),
            ("follows", args.follow_rate, args.follow_seconds, "follow"),
        ):
            if seconds <= 0:
                continue
            fake.control("POST", "reset")
            server = EmbeddedServer(
                workdir / name,
                LINE_CHANNEL_ACCESS_TOKEN=fake.channel_access_token,
                LINE_CHANNEL_SECRET=SECRET,
                LINE_API_BASE_URL=fake.api_base_url,
                LINE_DATA_API_BASE_URL=fake.data_api_base_url,
                LINE_SANDBOX="false",
            )
            with server:
                before = loadavg()
                factory = Factory(args.seed)
                planned = plan_phase(factory, 0.0, rate, seconds, kind)
                results = run_load(server, fake, planned)
                drain_started = time.monotonic()
                outcome = check(
                    name, server, fake, results, drain_started, args.drain_timeout
                )
                after = loadavg()
            log = server.log_text()
            locked = log.count("database is locked")
            tracebacks = log.count("Traceback")
            line = (
                f"{summary(outcome, locked, tracebacks)} — {rate:g}/s × {seconds:g} s; "
                f"load average {before} before, {after} after"
            )
            print(line, flush=True)
            lines.append(line)
            all_passed &= passed(outcome) and locked == 0
    finally:
        fake.stop()
    verdict = "pass" if all_passed else "FAIL"
    print(f"embedded webhook benchmark: {verdict}")
    if not args.no_record:
        record(lines, verdict)
    return 0 if all_passed else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: 25,000 friends with a garbage reminder at 20:00, through a real worker.

    python -m bench.reminders                 # 25,000 friends (the target)
    python -m bench.reminders --friends 5000  # a quicker look

The clock is simulated: the moment the run queues ``send_due_reminders`` with
``now=<a Wednesday> 20:00:00`` (exactly what Celery beat queues at second 0 of that
minute) is 20:00:00. Every friend lives in a 地区 whose 燃やせるごみ and
ペットボトル are collected on Thursday; every third friend chose 燃やせるごみ only,
so there are two contents (two deliveries of shared multicasts). It reports:

* seconds from 20:00:00 to the last request the fake LINE API accepted;
* whether every friend received exactly one reminder, also after beat fires again;
* requests sent, and the fake's status counts.

Target (issue 8): all requests accepted within 30 s of 20:00:00, on this machine.
It prints one summary line and updates its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
from dataclasses import dataclass
import datetime
import hashlib
import os
from pathlib import Path
import subprocess
import sys
import tempfile
import time
from typing import Any

from . import harness
from .publish_delivery import machine


TARGET_FRIENDS = 25_000
TARGET_SECONDS = 30.0
BENCH_DATABASE = "otake_bench_reminders"
BENCH_REDIS_DB = 12
# A Wednesday: tomorrow, Thursday 3 December 2026, is collection day.
EIGHT_PM = "2026-12-02T20:00:00+09:00"
BURNABLE_ONLY_EVERY = 3
RESULTS = harness.REPO_ROOT / "docs" / "benchmarks.md"
SECTION_START = "<!-- reminders:start -->"
SECTION_END = "<!-- reminders:end -->"
ROWS_START = "<!-- reminders:rows:start -->"
ROWS_END = "<!-- reminders:rows:end -->"
TABLE_HEADER = (
    "| date | machine | worker | friends | requests | 20:00:00 → first send (planned) "
    "| 20:00:00 → last accepted | exactly once |\n|---|---|---|---|---|---|---|---|\n"
)


# --------------------------------------------------------------------------
# Seeding (inside a product process: ``python -m bench.reminders --seed N``)
# --------------------------------------------------------------------------


def seed(friends: int) -> dict[str, Any]:
    """Friends in one 地区 with a reminder at 20:00, written with COPY."""
    from django.db import connection, transaction

    from home.models import Area, CollectionArea, CollectionSchedule, GarbageCategory
    from line_delivery.models import Friend, GarbageReminder

    from .seed import _friend_rows

    started = time.monotonic()
    area, _ = Area.objects.get_or_create(name="小方地区")
    burnable, _ = GarbageCategory.objects.get_or_create(
        slug="moyasu", defaults={"name": "燃やせるごみ", "how_to_put_out": "袋に入れて"}
    )
    bottles, _ = GarbageCategory.objects.get_or_create(
        slug="pet", defaults={"name": "ペットボトル", "how_to_put_out": "袋に入れて"}
    )
    collection_area = CollectionArea.objects.create(name="東部")
    collection_area.areas.set([area])
    collection_area.save()
    for category in (burnable, bottles):
        CollectionSchedule.objects.create(
            collection_area=collection_area, category=category, weekly_days=[3]
        )
    tables = {
        "friend": Friend._meta.db_table,
        "areas": Friend.areas.through._meta.db_table,
        "reminder": GarbageReminder._meta.db_table,
        "categories": GarbageReminder.categories.through._meta.db_table,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {tables['friend']}")  # noqa: S608
        first = cursor.fetchone()[0]
        columns = (
            "id, line_user_id, line_user_id_hash, status, followed_at, is_sandbox, "
            "created_at, updated_at"
        )
        with cursor.cursor.copy(
            f"COPY {tables['friend']} ({columns}) FROM STDIN"
        ) as copy:
            for row in _friend_rows(friends, first):
                copy.write_row(row)
        with cursor.cursor.copy(
            f"COPY {tables['areas']} (friend_id, area_id) FROM STDIN"
        ) as copy:
            for number in range(friends):
                copy.write_row((first + number, area.pk))
        with cursor.cursor.copy(
            f"COPY {tables['reminder']} "
            "(id, friend_id, enabled, timing, evening_time, updated_at) FROM STDIN"
        ) as copy:
            now = datetime.datetime.now(datetime.UTC)
            for number in range(friends):
                copy.write_row(
                    (first + number, first + number, True, "evening", "20:00", now)
                )
        with cursor.cursor.copy(
            f"COPY {tables['categories']} (garbagereminder_id, garbagecategory_id) "
            "FROM STDIN"
        ) as copy:
            for number in range(0, friends, BURNABLE_ONLY_EVERY):
                copy.write_row((first + number, burnable.pk))
        for table in ("friend", "reminder"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{tables[table]}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {tables[table]}))"
            )
    with connection.cursor() as cursor:
        for table in tables.values():
            cursor.execute(f"ANALYZE {table}")
    return {"friends": friends, "seconds": round(time.monotonic() - started, 1)}


def seeded_template(friends: int) -> str:
    name = f"otake_bench_tpl_reminders_{friends}"
    layout = Path(__file__).read_bytes()

    def build(url: str) -> None:
        subprocess.run(  # noqa: S603 - this module, seeding in a product process
            [sys.executable, "-m", "bench.reminders", "--seed", str(friends)],
            cwd=harness.REPO_ROOT,
            env=harness.product_env(url),
            check=True,
            timeout=600,
        )

    # The layout is defined in this file: a change here rebuilds the template too.
    digest = hashlib.sha256(harness.schema_fingerprint().encode() + layout)
    harness.ensure_template(
        name, digest.hexdigest()[:16], build, based_on=harness.migrated_template()
    )
    return name


# --------------------------------------------------------------------------
# The measured run
# --------------------------------------------------------------------------


@dataclass
class RunResult:
    friends: int
    pool: str
    concurrency: int
    requests: int
    seconds_to_planned: float
    seconds_to_last_accepted: float
    exactly_once: bool
    problems: list[str]
    line_status_counts: dict[str, int]

    @property
    def met(self) -> bool:
        return (
            self.seconds_to_last_accepted <= TARGET_SECONDS
            and self.exactly_once
            and not self.problems
        )

    def summary(self) -> str:
        verdict = f" target={'met' if self.met else 'MISSED'}"
        statuses = ",".join(f"{k}:{v}" for k, v in self.line_status_counts.items())
        return (
            f"reminders friends={self.friends} requests={self.requests} "
            f"eight_pm_to_first_send={self.seconds_to_planned:.2f}s "
            f"eight_pm_to_last_accepted={self.seconds_to_last_accepted:.2f}s "
            f"worker={self.pool}x{self.concurrency} "
            f"exactly_once={'yes' if self.exactly_once else 'NO'} "
            f"line_statuses={statuses}{verdict}"
            + (f" problems={self.problems}" if self.problems else "")
        )


def _reminder_state() -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count, Max, Min, Q

    from line_delivery.models import Delivery, DeliveryRequest

    connection.close_if_unusable_or_obsolete()
    requests = DeliveryRequest.objects.filter(delivery__kind=Delivery.Kind.REMINDER)
    state = requests.aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status="pending")),
        accepted=Count("pk", filter=Q(status="accepted")),
        failed=Count("pk", filter=Q(status="failed")),
        first_attempt=Min("first_attempt_at"),
        last_accepted=Max("accepted_at"),
    )
    return state


def _kill_and_restart(
    worker: harness.CeleryWorker, stack: contextlib.ExitStack, work_dir: Path
) -> harness.CeleryWorker:
    """SIGKILL the worker mid-send, start another, and let beat's jobs resume."""

    def some_accepted() -> bool:
        return bool(_reminder_state()["accepted"])

    harness.wait_until(some_accepted, timeout=60, interval=0.02, message="a send")
    worker.kill()
    replacement = harness.CeleryWorker(
        worker.env,
        worker.broker,
        work_dir / "worker-2.log",
        pool=worker.pool,
        concurrency=worker.concurrency,
    )
    stack.callback(replacement.stop)
    replacement.start().wait_ready()
    # What beat does next: the following minute, and the stalled-request sweep.
    worker.broker.send_task(
        "line_delivery.tasks.send_due_reminders", now="2026-12-02T20:01:00+09:00"
    )
    worker.broker.send_task(
        "line_delivery.tasks.resume_stalled_deliveries", stalled_after_seconds=0
    )
    return replacement


def run(
    friends: int,
    *,
    pool: str,
    concurrency: int,
    work_dir: Path,
    timeout: float,
    kill_worker: bool = False,
) -> RunResult:
    template = seeded_template(friends)
    broker = harness.Broker(db=BENCH_REDIS_DB)
    with contextlib.ExitStack() as stack:
        fake = stack.enter_context(harness.FakeLine())
        database = harness.clone_database(template, BENCH_DATABASE)
        env = harness.product_env(database, broker, fake)
        os.environ.update(env)
        import django

        django.setup()

        stack.callback(broker.clean_up)
        worker = harness.CeleryWorker(
            env, broker, work_dir / "worker.log", pool=pool, concurrency=concurrency
        )
        stack.callback(worker.stop)
        worker.start().wait_ready()

        if kill_worker:
            # Slow answers from LINE, so the kill lands while requests are in flight.
            fake.control(
                "POST",
                "faults",
                {
                    "kind": "delay",
                    "seconds": 0.5,
                    "endpoints": ["multicast"],
                    "phase": "after_accept",
                },
            )
        eight_pm = time.time()  # the simulated clock reads 20:00:00 now
        broker.send_task("line_delivery.tasks.send_due_reminders", now=EIGHT_PM)
        if kill_worker:
            worker = _kill_and_restart(worker, stack, work_dir)

        def finished() -> bool:
            state = _reminder_state()
            return bool(state["total"]) and not state["pending"]

        harness.wait_until(finished, timeout=timeout, interval=0.1, message="reminders")
        state = _reminder_state()
        # Beat fires again within the minute (or a restarted beat catches up).
        broker.send_task(
            "line_delivery.tasks.send_due_reminders", now="2026-12-02T20:00:40+09:00"
        )
        time.sleep(2)
        worker.stop()

        counts = fake.delivery_counts()
        from .seed import user_id

        expected = {user_id(number) for number in range(friends)}
        problems = []
        duplicates = sum(1 for n in counts.values() if n > 1)
        missing = len(expected - counts.keys())
        unexpected = len(counts.keys() - expected)
        for label, number in (
            ("duplicates", duplicates),
            ("missing", missing),
            ("unexpected", unexpected),
            ("failed requests", state["failed"]),
        ):
            if number:
                problems.append(f"{number} {label}")
        return RunResult(
            friends=friends,
            pool=pool,
            concurrency=concurrency,
            requests=state["total"],
            seconds_to_planned=state["first_attempt"].timestamp() - eight_pm,
            seconds_to_last_accepted=state["last_accepted"].timestamp() - eight_pm,
            exactly_once=not (duplicates or missing or unexpected),
            problems=problems,
            line_status_counts=fake.stats()["status_counts"],
        )


# --------------------------------------------------------------------------
# docs/benchmarks.md
# --------------------------------------------------------------------------


def _section() -> str:
    return f"""{SECTION_START}
## Garbage reminders at 20:00 (`bench/reminders.py`)

Target (issue 8): 25,000 friends with a reminder at 20:00 → every request accepted
by the fake LINE API within 30 s of 20:00:00, on this machine. The clock is
simulated: the run queues `send_due_reminders(now=20:00:00)` on the broker the way
Celery beat does at second 0 of the minute, and that moment counts as 20:00:00. A
real Celery worker (Redis, PostgreSQL) plans the minute once (receipts per friend,
day and category, written before any send) and sends shared multicasts of 500 to
the fake LINE API running in its own process with LINE's rate limits on. Beat then
fires again for the same minute: nobody may receive a second reminder.

{ROWS_START}
{TABLE_HEADER}{ROWS_END}

```sh
.venv/bin/python -m bench.reminders                  # 25,000 friends
.venv/bin/python -m bench.reminders --friends 5000   # quicker
```

`--kill-worker` SIGKILLs the worker while multicasts are in flight (LINE answers
each 0.5 s late), starts another and queues what beat queues next
(`send_due_reminders` for 20:01, `resume_stalled_deliveries`): on 2026-11-24 it
reported 51 requests, 7 of them answered 409 (accepted before the kill, retried with
the same key), and every friend received exactly one reminder. The first run builds
a template database (`otake_bench_tpl_reminders_N`, friends written with `COPY`);
later runs clone it.
{SECTION_END}
"""


def _row(result: RunResult) -> str:
    cells = [
        datetime.date.today().isoformat(),
        machine(),
        f"{result.pool} × {result.concurrency}",
        f"{result.friends:,}",
        f"{result.requests:,}",
        f"{result.seconds_to_planned:.2f} s",
        f"{result.seconds_to_last_accepted:.2f} s",
        "yes" if result.exactly_once else f"NO: {', '.join(result.problems)}",
    ]
    return "| " + " | ".join(cells) + " |\n"


def record(result: RunResult) -> None:
    document = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    if ROWS_START not in document:
        document = document.rstrip("\n") + "\n\n" + _section()
    head, rest = document.split(ROWS_START, 1)
    table, tail = rest.split(ROWS_END, 1)
    new_row = _row(result)

    def key(row: str) -> list[str]:
        return [cell.strip() for cell in row.strip().strip("|").split("|")][1:4]

    rows = [line + "\n" for line in table.splitlines() if line.startswith("| 2")]
    rows = [row for row in rows if key(row) != key(new_row)] + [new_row]
    RESULTS.write_text(
        f"{head}{ROWS_START}\n{TABLE_HEADER}{''.join(rows)}{ROWS_END}{tail}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reminders", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--friends", type=int, default=TARGET_FRIENDS)
    parser.add_argument("--pool", choices=["prefork", "threads"], default="threads")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument(
        "--kill-worker",
        action="store_true",
        help="SIGKILL the worker mid-send and restart it (checks exactly once; "
        "not recorded)",
    )
    parser.add_argument("--no-record", action="store_true", help="don't touch docs")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.seed:
        import json

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        import django

        django.setup()
        sys.stdout.write(json.dumps(seed(args.seed)) + "\n")
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as work_dir:
        try:
            result = run(
                args.friends,
                pool=args.pool,
                concurrency=args.concurrency,
                work_dir=Path(work_dir),
                timeout=args.timeout,
                kill_worker=args.kill_worker,
            )
        except Exception:
            for log in sorted(Path(work_dir).glob("*.log")):
                sys.stderr.write(f"--- {log.name}\n{log.read_text()[-3000:]}\n")
            raise
    print(result.summary())
    if args.kill_worker:
        print("worker killed mid-send and restarted")
        return 0 if result.exactly_once and not result.problems else 1
    if not args.no_record and args.friends == TARGET_FRIENDS:
        record(result)
    return 0 if result.met or args.friends != TARGET_FRIENDS else 1


if __name__ == "__main__":
    raise SystemExit(main())

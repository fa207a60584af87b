"""Benchmark: publish a NewsPage to N matching friends through a real Celery worker.

    python -m bench.publish_delivery --friends 100000
    python -m bench.publish_delivery --all            # 10k, 100k and 1M

Each run gets a PostgreSQL database cloned from a seeded template (seeding is not
measured), its own Redis queue, the fake LINE API in its own process with LINE's
rate limits on, and ``celery -A cms worker``. It publishes the page in this process,
waits for the delivery to finish and reports:

* seconds from publish to the last request LINE accepted (``DeliveryRequest.accepted_at``);
* the worker's peak memory, sampled from /proc (biggest process, sum of RSS, sum of PSS);
* database queries per 500-recipient batch, for a large and a small delivery;
* whether every matching friend received exactly one message and nobody else any;
* the **floor**: after the check, the bare line-bot-sdk sends the same multicasts
  (same recipients, same messages, a new ``MulticastRequest`` each) from as many
  threads as the worker has into the same fake, and ``ratio`` = product / floor. The
  worker's CPU seconds over the floor's CPU seconds (``cpu_ratio``) is also printed:
  it moves far less with the machine's load than wall time does.

The worker runs as compose.yaml's ``worker`` service does (pool and concurrency read
from the file) unless ``--pool``/``--concurrency`` say otherwise. It prints one summary
line and updates docs/benchmarks.md. Issue 17's target for 100k: publish → last
accepted ≤ 1.5 × the floor, worker peak RSS ≤ 250 MB, queries per batch constant.
"""

from __future__ import annotations

import argparse
import contextlib
from dataclasses import dataclass
import datetime
import os
from pathlib import Path
import re
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any

from . import harness


SIZES = (10_000, 100_000, 1_000_000)
BENCH_REDIS_DB = 13
TARGET_FRIENDS = 100_000
TARGET_RATIO = 1.5
TARGET_RSS_MB = 250.0
RESULTS = harness.REPO_ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- publish_delivery:results:start -->"
END_MARK = "<!-- publish_delivery:results:end -->"
TABLE_HEADER = (
    "| date | machine | worker | friends | requests | publish → last accepted "
    "| worker peak memory | queries per batch | exactly once "
    "| floor: bare SDK, same run | product / floor | load average before → after |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
)


@dataclass
class RunResult:
    friends: int
    pool: str
    concurrency: int
    line_latency: float
    requests: int
    seconds_to_last_accepted: float
    seconds_to_finished: float
    #: publish → Delivery row, → first request taken up (planning), → last accepted.
    phases: dict[str, float]
    memory: harness.MemoryPeak
    queries: dict[str, Any]
    exactly_once: bool
    problems: list[str]
    line_status_counts: dict[str, int]
    #: The bare line-bot-sdk sending the same multicasts into the same fake, same run.
    floor_seconds: float = 0.0
    #: CPU seconds of the worker during the delivery, and of the floor's sender: a
    #: ratio of the two barely moves with the machine's load.
    worker_cpu_seconds: float = 0.0
    floor_cpu_seconds: float = 0.0
    #: CPU seconds of the fake LINE process (LINE's side, on the same two cores)
    #: during the delivery and during the floor.
    fake_cpu_seconds: float = 0.0
    fake_floor_cpu_seconds: float = 0.0
    load_before: str = ""
    load_after: str = ""

    @property
    def cpu_ratio(self) -> float:
        if not self.floor_cpu_seconds:
            return 0.0
        return self.worker_cpu_seconds / self.floor_cpu_seconds

    @property
    def ratio(self) -> float:
        return (
            self.seconds_to_last_accepted / self.floor_seconds
            if self.floor_seconds
            else 0.0
        )

    @property
    def constant_queries(self) -> int | None:
        """Queries of a batch that does not close its delivery, if the same everywhere."""
        counts = {
            *self.queries["large"]["queries_per_batch"],
            *self.queries["small"]["queries_per_batch"][:-1],
        }
        return counts.pop() if len(counts) == 1 else None

    @property
    def closing_queries(self) -> int:
        return self.queries["small"]["queries_per_batch"][-1]

    @property
    def queries_text(self) -> str:
        if self.constant_queries is None:
            return f"NOT constant: {self.queries}"
        per = self.queries.get("requests_per_batch", 1)
        return (
            f"{self.constant_queries} per {per} requests ({self.closing_queries} for the "
            f"batch that closes the delivery); same for "
            f"{self.queries['large']['recipients']:,} and "
            f"{self.queries['small']['recipients']:,} recipients"
        )

    @property
    def memory_text(self) -> str:
        m = self.memory
        if m.processes <= 1:
            return f"one process: {m.biggest_rss:.0f} MB RSS, {m.total_pss:.0f} MB PSS"
        return (
            f"biggest process {m.biggest_rss:.0f} MB RSS; all {m.processes} processes "
            f"{m.total_rss:.0f} MB RSS, {m.total_pss:.0f} MB PSS"
        )

    def summary(self) -> str:
        verdict = ""
        if self.friends == TARGET_FRIENDS:
            met = (
                self.ratio <= TARGET_RATIO
                and self.memory.biggest_rss <= TARGET_RSS_MB
                and self.constant_queries is not None
                and self.exactly_once
            )
            # RSS of the biggest worker process: prefork's sum counts the pages its
            # children share with the parent once per process (PSS is reported too).
            verdict = f" target={'met' if met else 'MISSED'}"
        statuses = ",".join(f"{k}:{v}" for k, v in self.line_status_counts.items())
        return (
            f"publish_delivery friends={self.friends} requests={self.requests} "
            f"publish_to_last_accepted={self.seconds_to_last_accepted:.2f}s "
            f"publish_to_completed={self.seconds_to_finished:.2f}s "
            f"floor={self.floor_seconds:.2f}s ratio={self.ratio:.2f} "
            f"worker_cpu={self.worker_cpu_seconds:.2f}s floor_cpu={self.floor_cpu_seconds:.2f}s "
            f"cpu_ratio={self.cpu_ratio:.2f} "
            f"fake_cpu={self.fake_cpu_seconds:.2f}s/floor:{self.fake_floor_cpu_seconds:.2f}s "
            f"phases={'/'.join(f'{k}:{v:.2f}s' for k, v in self.phases.items())} "
            f"worker={self.pool}x{self.concurrency} "
            f"line_latency={self.line_latency * 1000:.0f}ms "
            f"peak_rss_biggest={self.memory.biggest_rss:.0f}MB "
            f"peak_rss_sum={self.memory.total_rss:.0f}MB "
            f"peak_pss_sum={self.memory.total_pss:.0f}MB "
            f"queries_per_batch={self.constant_queries} "
            f"exactly_once={'yes' if self.exactly_once else 'NO'} "
            f"line_statuses={statuses} loadavg={self.load_before}→{self.load_after}{verdict}"
            + (f" problems={self.problems}" if self.problems else "")
        )


def _proc_field(path: str, pattern: str) -> str | None:
    try:
        match = re.search(pattern, Path(path).read_text(), re.M)
    except OSError:
        return None
    return match.group(1).strip() if match else None


def delivery_problems(
    state: dict[str, Any], counts: dict[str, int], expected: set[str]
) -> list[str]:
    """What went wrong: the delivery did not complete, or LINE's record of who got
    what is not every expected user exactly once and nobody else."""
    problems: list[str] = []
    if state["status"] != "completed":
        problems.append(f"delivery {state['status']}")
    for label, number in (
        ("duplicates", sum(1 for n in counts.values() if n > 1)),
        ("missing", len(expected - counts.keys())),
        ("unexpected", len(counts.keys() - expected)),
    ):
        if number:
            problems.append(f"{number} {label}")
    return problems


def machine() -> str:
    """nproc, RAM and CPU model: a result means little without them."""
    cpu = _proc_field("/proc/cpuinfo", r"^model name\s*:\s*(.+)$") or "unknown CPU"
    memory_kib = int(_proc_field("/proc/meminfo", r"^MemTotal:\s*(\d+)") or 0)
    return f"{os.cpu_count()} CPU, {memory_kib / 1024**2:.0f} GB RAM, {cpu}"


def _wait_for_delivery(page_id: int, timeout: float) -> dict[str, Any]:
    from django.db import connection

    from line_delivery.models import Delivery

    from .scenario import delivery_state

    def finished() -> bool:
        status = (
            Delivery.objects.filter(page_id=page_id, kind=Delivery.Kind.PUBLISH)
            .values_list("status", flat=True)
            .first()
        )
        # Each poll starts a new snapshot of what the worker committed.
        connection.close_if_unusable_or_obsolete()
        return status in Delivery.FINISHED

    # 0.1 s polls: coarse on purpose, the times come from the rows themselves.
    harness.wait_until(finished, timeout=timeout, interval=0.1, message="the delivery")
    state = delivery_state(page_id)
    assert state is not None
    return state


def loadavg() -> str:
    """The 1-, 5- and 15-minute load averages: the machine is shared."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def measure_floor(
    fake: harness.FakeLine,
    messages: list[dict],
    user_ids: list[str],
    threads: int,
) -> tuple[float, float]:
    """Seconds (and CPU seconds) for the bare line-bot-sdk to send these recipients as multicasts of
    500 (each its own retry key, a new ``MulticastRequest`` per request, as the SDK's
    documentation shows), from ``threads`` threads into the same fake: LINE's rate
    limit, the fake's validation and the SDK's own cost, nothing of ours. A 429 (more
    requests than LINE's 200 a second allow) is retried with the same key 5 ms later."""
    from concurrent.futures import ThreadPoolExecutor
    import uuid

    from linebot.v3.messaging import (
        ApiClient,
        ApiException,
        Configuration,
        MessagingApi,
        MulticastRequest,
    )

    api = MessagingApi(
        ApiClient(
            Configuration(
                host=fake.api_base_url, access_token=fake.channel_access_token
            )
        )
    )
    chunks = [user_ids[i : i + 500] for i in range(0, len(user_ids), 500)]

    def send(chunk: list[str]) -> int:
        retry_key = str(uuid.uuid4())
        while True:
            try:
                response = api.multicast_with_http_info(
                    MulticastRequest.from_dict({"to": chunk, "messages": messages}),
                    x_line_retry_key=retry_key,
                )
            except ApiException as error:
                if error.status != 429:
                    raise
                # Past LINE's 200 requests/s (more than 200 requests, as for
                # 1,000,000 friends): wait a token's time, retry with the same key.
                time.sleep(0.005)
                continue
            return response.status_code

    time.sleep(1.1)  # the product's sends emptied the fake's rate-limit bucket
    started, cpu = time.monotonic(), time.process_time()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        statuses = list(pool.map(send, chunks))
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    if any(status != 200 for status in statuses):
        raise RuntimeError(f"the floor's multicasts were refused: {set(statuses)}")
    return seconds, cpu


def run(
    friends: int,
    *,
    pool: str,
    concurrency: int,
    work_dir: Path,
    timeout: float,
    line_latency: float = 0.0,
    profile: Path | None = None,
) -> RunResult:
    """One measured delivery; the Django part runs in this process (see main)."""
    template = harness.seeded_template(friends)
    broker = harness.Broker(db=BENCH_REDIS_DB)
    with contextlib.ExitStack() as stack:
        fake = stack.enter_context(harness.FakeLine())
        if line_latency:
            # Loopback answers in well under a millisecond; api.line.me does not.
            fake.control(
                "POST",
                "faults",
                {
                    "kind": "delay",
                    "seconds": line_latency,
                    "endpoints": ["multicast"],
                    "phase": "before_accept",
                },
            )
        database_name = harness.bench_database_name("publish")
        database = harness.clone_database(template, database_name)
        stack.callback(harness.drop_database, database_name)
        env = harness.product_env(database, broker, fake)
        # This process becomes a product process of this run, like the worker.
        os.environ.update(env)
        import django

        django.setup()
        from cms.warmup import freeze_heap, warm_process

        from . import scenario, seed

        # This process publishes, as the admin's web process does; that one is warmed
        # and frozen when it starts (gunicorn.conf.py), so a cold URLconf import (~0.6 s
        # of CPU) must not land inside the measured delivery here either.
        warm_process()
        freeze_heap()

        stack.callback(broker.clean_up)
        worker = harness.CeleryWorker(
            env,
            broker,
            work_dir / f"worker-{friends}.log",
            pool=pool,
            concurrency=concurrency,
        )
        stack.callback(worker.stop)
        worker.start().wait_ready()
        if profile is not None:
            # py-spy (not a dependency; PY_SPY or PATH) on our worker, from publish
            # to the end of the delivery; raw stacks for flame graphs or grep.
            spy = subprocess.Popen(  # noqa: S603
                [
                    os.environ.get("PY_SPY", "py-spy"),
                    "record",
                    "--pid",
                    str(worker.process.pid),
                    "--format",
                    "raw",
                    "--rate",
                    "100",
                    "--output",
                    str(profile),
                    *(["--idle"] if os.environ.get("PY_SPY_IDLE") else []),
                    # PY_SPY_GIL=1: only the thread holding the GIL (who keeps the
                    # others waiting).
                    *(["--gil"] if os.environ.get("PY_SPY_GIL") else []),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1)

        load_before = loadavg()
        cpu_before = harness.cpu_seconds(worker.process.pid)
        fake_before = harness.cpu_seconds(fake.process.pid)
        published = scenario.publish(seed.MAIN_PAGE_SLUG)
        state = _wait_for_delivery(published["page_id"], timeout)
        worker_cpu = harness.cpu_seconds(worker.process.pid) - cpu_before
        fake_cpu = harness.cpu_seconds(fake.process.pid) - fake_before
        load_after = loadavg()
        if profile is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=30)
        memory = worker.stop()

        problems = delivery_problems(
            state, fake.delivery_counts(), seed.matching_user_ids(friends)
        )
        statuses = fake.stats()["status_counts"]
        from line_delivery.models import Delivery

        messages = Delivery.objects.get(pk=state["delivery_id"]).messages
        fake_before = harness.cpu_seconds(fake.process.pid)
        floor, floor_cpu = measure_floor(
            fake, messages, seed.matching_user_id_list(friends), concurrency
        )
        fake_floor_cpu = harness.cpu_seconds(fake.process.pid) - fake_before
        # After the check: these 再配信 send to the fake as well.
        queries = scenario.queries_per_batch()
        return RunResult(
            friends=friends,
            pool=pool,
            concurrency=concurrency,
            line_latency=line_latency,
            requests=state["requests"],
            seconds_to_last_accepted=state["last_accepted_at"]
            - published["published_at"],
            seconds_to_finished=state["finished_at"] - published["published_at"],
            phases={
                "queued": state["created_at"] - published["published_at"],
                "planned": state["first_attempt_at"] - state["created_at"],
                "sent": state["last_accepted_at"] - state["first_attempt_at"],
            },
            memory=memory,
            queries=queries,
            exactly_once=not any(
                p.endswith(("duplicates", "missing", "unexpected")) for p in problems
            ),
            problems=problems,
            line_status_counts=statuses,
            floor_seconds=floor,
            worker_cpu_seconds=worker_cpu,
            floor_cpu_seconds=floor_cpu,
            fake_cpu_seconds=fake_cpu,
            fake_floor_cpu_seconds=fake_floor_cpu,
            load_before=load_before,
            load_after=load_after,
        )


def _row(result: RunResult) -> str:
    cells = [
        datetime.date.today().isoformat(),
        machine(),
        f"{result.pool} × {result.concurrency}"
        + (
            f", LINE +{result.line_latency * 1000:.0f} ms"
            if result.line_latency
            else ""
        ),
        f"{result.friends:,}",
        f"{result.requests:,}",
        f"{result.seconds_to_last_accepted:.2f} s (finished {result.seconds_to_finished:.2f} s)",
        result.memory_text,
        result.queries_text,
        "yes" if result.exactly_once else f"NO: {', '.join(result.problems)}",
        f"{result.floor_seconds:.2f} s",
        f"{result.ratio:.2f}",
        f"{result.load_before} → {result.load_after}",
    ]
    return "| " + " | ".join(cells) + " |\n"


SECTION_START = "<!-- publish-delivery:start -->"
SECTION_END = "<!-- publish-delivery:end -->"


def _section() -> str:
    """This benchmark's part of docs/benchmarks.md (other benchmarks have theirs)."""
    return f"""{SECTION_START}
## Publish → LINE delivery (`bench/publish_delivery.py`)

Target (issue 17): publishing a NewsPage to 100,000 matching friends, against the fake
LINE API on loopback with a real Celery worker (compose.yaml's pool) on Redis and
PostgreSQL, reaches the last accepted request within 1.5 × the floor measured in the
same run (the bare line-bot-sdk sending the same multicasts into the same fake), with
the worker's peak RSS at most 250 MB and a constant number of database queries per
500-recipient batch. Each run replaces its row (same machine, worker and size); the
load average before and after is in the row, because the machine is shared.

{START_MARK}
{TABLE_HEADER}{END_MARK}

### How to reproduce

PostgreSQL on 127.0.0.1:5432 (user `postgres`, trust auth) and Redis on
127.0.0.1:6379, as for the tests (`make services`), then:

```sh
.venv/bin/python -m bench.publish_delivery --friends 100000
.venv/bin/python -m bench.publish_delivery --all   # 10k, 100k, 1M
```

Options: `--pool prefork|threads`, `--concurrency N`, `--line-latency SECONDS`
(the fake answers each multicast that much later, like a real network). The first
run of a size builds a template database (`otake_bench_tpl_friends_N`, about 25 s
for 1M); later runs clone it in about a second. `bench/README.md` says what is
measured and how.
{SECTION_END}
"""


def record(result: RunResult) -> None:
    """Put this run's row into docs/benchmarks.md, replacing the same configuration.

    Only this benchmark's section is touched; the file is shared with others.
    """
    document = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    if START_MARK not in document:
        document = document.rstrip("\n") + "\n\n" + _section()
    head, rest = document.split(START_MARK, 1)
    table, tail = rest.split(END_MARK, 1)
    columns = TABLE_HEADER.splitlines()[0].count("|") - 1
    rows = [
        _padded(line, columns) + "\n"
        for line in table.splitlines()
        if line.startswith("| 2")
    ]
    new_row = _row(result)
    rows = [row for row in rows if _row_key(row) != _row_key(new_row)] + [new_row]
    rows.sort(key=_row_key)
    RESULTS.write_text(
        f"{head}{START_MARK}\n{TABLE_HEADER}{''.join(rows)}{END_MARK}{tail}"
    )


def _padded(row: str, columns: int) -> str:
    """A row from before the floor was measured: its missing cells say so."""
    cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
    cells += ["not measured"] * (columns - len(cells))
    return "| " + " | ".join(cells) + " |"


def _row_key(row: str) -> tuple[str, str, int]:
    """Machine, worker, friends: what makes two rows the same measurement."""
    cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
    return cells[1], cells[2], int(cells[3].replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.publish_delivery", description=__doc__.split("\n")[0]
    )
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--friends", type=int, help="matching friends (plus 1 %% others)")
    size.add_argument("--all", action="store_true", help=f"run {SIZES}")
    from .webhook import compose_worker

    deployed = compose_worker()
    parser.add_argument(
        "--pool",
        choices=["prefork", "threads"],
        default=deployed.pool,
        help=f"default: compose.yaml's ({deployed.pool})",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=deployed.concurrency,
        help=f"default: compose.yaml's ({deployed.concurrency})",
    )
    parser.add_argument(
        "--line-latency",
        type=float,
        default=0.0,
        help="seconds the fake waits before answering each multicast (network to LINE)",
    )
    parser.add_argument("--no-record", action="store_true", help="don't touch docs")
    parser.add_argument(
        "--profile",
        type=Path,
        help="py-spy the worker into this file (raw stacks; PY_SPY_IDLE=1 for wall time, PY_SPY_GIL=1 for the GIL holder only)",
    )
    parser.add_argument(
        "--timeout", type=float, default=None, help="seconds (default: 60 + N/1000)"
    )
    args = parser.parse_args(argv)

    if args.all:
        # One process per size: each configures Django for its own run.
        passthrough = [
            "--pool",
            args.pool,
            "--concurrency",
            str(args.concurrency),
            "--line-latency",
            str(args.line_latency),
        ]
        if args.no_record:
            passthrough.append("--no-record")
        failed = 0
        for friends in SIZES:
            failed |= subprocess.call(  # noqa: S603 - this module, another size
                [
                    sys.executable,
                    "-m",
                    "bench.publish_delivery",
                    "--friends",
                    str(friends),
                ]
                + passthrough,
                cwd=harness.REPO_ROOT,
            )
        return failed

    with tempfile.TemporaryDirectory(prefix="bench-publish-") as work_dir:
        try:
            result = run(
                args.friends,
                pool=args.pool,
                concurrency=args.concurrency,
                work_dir=Path(work_dir),
                timeout=args.timeout or 60 + args.friends / 1000,
                line_latency=args.line_latency,
                profile=args.profile,
            )
        except Exception:
            logs = sorted(Path(work_dir).glob("*.log"))
            for log in logs:
                sys.stderr.write(f"--- {log.name}\n{log.read_text()[-3000:]}\n")
            raise
    print(result.summary())
    if not args.no_record:
        record(result)
    return 0 if result.exactly_once and not result.problems else 1


if __name__ == "__main__":
    raise SystemExit(main())

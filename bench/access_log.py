"""Access-log cost: what recording every request adds, and how fast chains seal and verify.

Run: ``.venv/bin/python -m bench.access_log [--requests 3000] [--rows 50000] [--no-record]``.
Needs PostgreSQL on 127.0.0.1:5432 (``BENCH_POSTGRES_URL``); works on a clone
(``otake_bench_access_log``, dropped afterwards) of a migrated template of its own.

1. **Per request.** Django's WSGI handler is called in-process with a LINE webhook POST
   (forged signature: the view answers 401 after reading the body, so no broker is
   involved and what is compared is the middleware alone), once with the project's
   ``MIDDLEWARE`` and once without ``AccessLogMiddleware``, interleaved. "to response"
   is what the client waits for (the handler returning the response); "write" is the
   INSERT run by the response's closer, after the client has its answer, as under
   gunicorn.
2. **Seal / verify.** ``rows`` records are inserted in bulk, then ``seal()`` and
   ``verify()`` run over them (rows per second, one process).

Prints one summary line and writes it to docs/benchmarks.md ("Access log").
"""

import argparse
import io
import os
import statistics
import sys
import time


MARK_START = "<!-- access-log:start -->"
MARK_END = "<!-- access-log:end -->"
DATABASE = "otake_bench_access_log"


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _environ(body: bytes) -> dict:
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/line/webhook/",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_LINE_SIGNATURE": "forged",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def measure_requests(count: int) -> dict[str, list[float]]:
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    with_log = WSGIHandler()
    without = [
        m for m in settings.MIDDLEWARE if m != "cms.access_log.AccessLogMiddleware"
    ]
    with override_settings(MIDDLEWARE=without):
        without_log = WSGIHandler()
    body = b'{"destination":"U0","events":[{"type":"message","webhookEventId":"x"}]}'
    timings: dict[str, list[float]] = {"with": [], "without": [], "write": []}

    def one(handler, key: str) -> None:
        started = time.perf_counter()
        response = handler(_environ(body), lambda status, headers: None)
        answered = time.perf_counter()
        response.close()
        closed = time.perf_counter()
        timings[key].append((answered - started) * 1000)
        if key == "with":
            timings["write"].append((closed - answered) * 1000)

    for _ in range(200):  # warm up connections and caches
        one(with_log, "with")
        one(without_log, "without")
    timings = {key: [] for key in timings}
    for _ in range(count):
        one(with_log, "with")
        one(without_log, "without")
    return timings


def measure_chain(rows: int) -> tuple[float, float]:
    from django.utils import timezone

    from cms import access_log
    from cms.models import AccessLogEntry

    now = timezone.now()
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                timestamp=now,
                day=timezone.localdate(now),
                ip_address="203.0.113.7",
                method="GET",
                path=f"/news/{number}/",
                status=200,
                duration_ms=3,
            )
            for number in range(rows)
        ],
        batch_size=5000,
    )
    started = time.perf_counter()
    sealed = access_log.seal()
    seal_seconds = time.perf_counter() - started
    started = time.perf_counter()
    problems = access_log.verify()
    verify_seconds = time.perf_counter() - started
    assert not problems, problems
    return sealed / seal_seconds, sealed / verify_seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.access_log")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)

    from bench import harness
    from bench.garbage_search import machine, replace_section

    # A template of its own: the shared migrated template is rebuilt by whichever
    # checkout ran last, and this benchmark needs this checkout's tables.
    template = f"{DATABASE}_tpl"

    def migrate(url: str) -> None:
        harness.run_manage(harness.product_env(url), "migrate", "--noinput", "-v", "0")

    harness.ensure_template(template, harness.schema_fingerprint(), migrate)
    url = harness.clone_database(template, DATABASE)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bench.settings")
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 401s
    from django.db import connections

    try:
        timings = measure_requests(args.requests)
        seal_rate, verify_rate = measure_chain(args.rows)
    finally:
        connections.close_all()
        harness.drop_database(DATABASE)

    def stats(values: list[float]) -> str:
        return (
            f"p50 {statistics.median(values):.2f} p99 {_percentile(values, 99):.2f} ms"
        )

    summary = (
        f"access_log: webhook POST to response with log {stats(timings['with'])}, "
        f"without {stats(timings['without'])}; write after response "
        f"{stats(timings['write'])}; seal {seal_rate:,.0f} rows/s, "
        f"verify {verify_rate:,.0f} rows/s ({args.requests} requests, {args.rows:,} rows)"
    )
    print(summary)
    if not args.no_record:
        replace_section(
            MARK_START,
            MARK_END,
            f"{MARK_START}\n## Access log (`bench/access_log.py`)\n\n`{summary}`\n\n"
            f"- Machine: {machine()}; PostgreSQL on loopback; shared with other "
            f"people's tests (load average at the end: {os.getloadavg()[0]:.1f}).\n"
            "- In-process WSGI handler, bench settings (persistent connections). The "
            "log row is written by the response's closer, after the answer is handed "
            "to the server, so the webhook's client waits only for the middleware's "
            'timing and bookkeeping ("to response" with vs without); the INSERT '
            'itself ("write": one statement that also turns off synchronous_commit '
            "for its own transaction) costs worker time afterwards. Seal: one "
            "UPDATE … FROM (VALUES …) per 1,000 rows, every minute; 500 requests/s "
            "need 500 rows/s.\n"
            f"- Run on {time.strftime('%Y-%m-%d')}.\n{MARK_END}",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

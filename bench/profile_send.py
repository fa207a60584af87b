"""Profile: where one 500-recipient ``delivery.send()`` spends its time.

    .venv/bin/python -m bench.profile_send [--requests 60] [--friends 100000] [--plan]

Runs in one process: a database cloned from the seeded template, the fake LINE API in
its own process (rate limits off, so only our own work is measured), Django with
``bench.settings``. It plans a 再配信 of the bench page, then sends ``--requests``
requests one after the other under cProfile and prints the wall time per request and
the share of the profile spent in each part (crypto, line-bot-sdk/pydantic, ORM and
psycopg, HTTP). ``--plan`` profiles planning instead. Not recorded in docs: it is a
tool for finding work, not a benchmark.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import time

from . import harness


PARTS = {
    "crypto (Fernet/AES-GCM)": ("cryptography", "crypto.py"),
    "line-bot-sdk + pydantic": ("linebot", "pydantic"),
    "ORM + psycopg": ("django/db", "psycopg"),
    "HTTP (urllib3, sockets)": ("urllib3", "http/client", "socket"),
    "json": ("json/",),
}


def _part(filename: str) -> str:
    for part, needles in PARTS.items():
        if any(needle in filename for needle in needles):
            return part
    return "other (Django, our code)"


def _share(stats: pstats.Stats) -> dict[str, float]:
    """Self time per part, as a share of the total: a C function (``~``) counts for
    the part that called it (Fernet's OpenSSL calls are crypto, not "other")."""
    total = max(stats.total_tt, 1e-9)
    shares = dict.fromkeys([*PARTS, "other (Django, our code)"], 0.0)
    for (filename, _line, _name), (_cc, _nc, tt, _ct, callers) in (
        stats.stats.items()  # type: ignore[attr-defined]
    ):
        if filename != "~":
            shares[_part(filename)] += tt
            continue
        for caller, caller_stats in callers.items():
            shares[_part(caller[0])] += caller_stats[2]
    return {part: seconds / total for part, seconds in shares.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_send")
    parser.add_argument("--friends", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--plan", action="store_true", help="profile plan() instead")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    template = harness.seeded_template(args.friends)
    name = harness.bench_database_name("profile")
    with contextlib.ExitStack() as stack:
        fake = stack.enter_context(harness.FakeLine("--no-rate-limits"))
        database = harness.clone_database(template, name)
        stack.callback(harness.drop_database, name)
        os.environ.update(harness.product_env(database, None, fake))
        import django

        django.setup()
        from django.db import connection

        from home.models import NewsPage
        from line_delivery import delivery as engine
        from line_delivery.models import Delivery

        from .seed import MAIN_PAGE_SLUG

        page = NewsPage.objects.get(slug=MAIN_PAGE_SLUG)
        delivery = engine.create_page_delivery(
            page, page.latest_revision, Delivery.Kind.REDELIVER
        )
        assert delivery is not None
        profiler = cProfile.Profile()
        started = time.perf_counter()
        if args.plan:
            profiler.enable()
        request_ids = engine.plan(delivery, page)
        planned = time.perf_counter() - started
        if args.plan:
            profiler.disable()
        else:
            engine.send(request_ids[0])  # warm: connections, SDK client
            to_send = request_ids[1 : 1 + args.requests]
            started = time.perf_counter()
            profiler.enable()
            for request_id in to_send:
                assert engine.send(request_id) == engine.SendOutcome.DONE
            profiler.disable()
            elapsed = time.perf_counter() - started
        connection.close()

    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    if args.plan:
        print(f"plan of {args.friends:,} friends: {planned * 1000:.0f} ms")
    else:
        print(
            f"{len(to_send)} sends of 500 recipients: "
            f"{elapsed / len(to_send) * 1000:.2f} ms each (wall, cProfile on)"
        )
    for part, share in _share(stats).items():
        print(f"  {part:28} {share * 100:5.1f} %")
    stats.sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue()[-12000:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

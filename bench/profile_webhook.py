"""Profile: what the worker spends on each webhook event (follow bursts first).

    .venv/bin/python -m bench.profile_webhook [--events 300] [--per-post 1] [--kind follow]

One process: a migrated database of its own, the fake LINE API in its own process
(rate limits off, reply tokens not checked), Django with ``bench.settings``. The
events are stored as the webhook view stores them (``store_events``), one call per
simulated POST, then ``tasks.handle_webhook_events`` runs on each POST's ids under
cProfile, as the worker would. Prints events/s (one thread, cProfile on: compare runs,
not absolutes), queries per event and the share of each part. A tool, not a benchmark.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import random
import time

from . import harness
from .profile_send import _share


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_webhook")
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--per-post", type=int, default=1)
    parser.add_argument(
        "--kind", choices=["follow", "text", "postback", "mixed"], default="follow"
    )
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    name = harness.bench_database_name("profile_webhook")
    with contextlib.ExitStack() as stack:
        fake = stack.enter_context(harness.FakeLine("--no-rate-limits"))
        fake.control("POST", "config", {"strict_reply_tokens": False})
        database = harness.clone_database(harness.migrated_template(), name)
        stack.callback(harness.drop_database, name)
        os.environ.update(harness.product_env(database, None, fake))
        import django

        django.setup()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from line_delivery import tasks
        from line_delivery.webhook import store_events

        rng = random.Random(17)
        now_ms = int(time.time() * 1000)
        kinds = ["follow", "text", "postback"]

        def event(number: int) -> dict:
            kind = args.kind if args.kind != "mixed" else rng.choice(kinds)
            body = {
                "type": "message" if kind == "text" else kind,
                "mode": "active",
                "timestamp": now_ms,
                "source": {"type": "user", "userId": f"U{rng.getrandbits(128):032x}"},
                "webhookEventId": f"01PROFILE{number:017d}",
                "deliveryContext": {"isRedelivery": False},
                "replyToken": f"{rng.getrandbits(128):032x}",
            }
            if kind == "text":
                body["message"] = {
                    "id": str(number),
                    "type": "text",
                    "text": "ペットボトル",
                }
            elif kind == "postback":
                body["postback"] = {"data": "action=shelters"}
            return body

        posts = []
        for start in range(0, args.events, args.per_post):
            batch = [
                event(n) for n in range(start, min(start + args.per_post, args.events))
            ]
            posts.append(store_events(batch))
        tasks.handle_webhook_events(posts.pop(0))  # warm: imports, connections
        handled = sum(len(ids) for ids in posts)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            profiler.enable()
            for ids in posts:
                tasks.handle_webhook_events(ids)
            profiler.disable()
        elapsed = time.perf_counter() - started
        queries = len(captured.captured_queries)
        per_post = len(captured.captured_queries) // max(len(posts), 1)
        one_post = [q["sql"][:110] for q in captured.captured_queries[-per_post:]]
        statuses = fake.stats()["status_counts"]
        connection.close()

    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    print(
        f"{handled} {args.kind} events, {args.per_post} per POST: "
        f"{handled / elapsed:.0f} events/s (one thread, cProfile on), "
        f"{queries / handled:.1f} queries per event; LINE answered {statuses}"
    )
    print("  the last POST's queries:")
    for sql in one_post:
        print(f"    {sql}")
    for part, share in _share(stats).items():
        print(f"  {part:28} {share * 100:5.1f} %")
    stats.sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue()[-12000:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What staff and Celery beat do, run inside a product process (``bench.settings``).

The benchmark calls these functions in its own process; the crash test, whose
process belongs to pytest's database, runs them as ``python -m bench.scenario …``
with ``bench.harness.product_env`` (the last line printed is JSON).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from typing import Any


def publish(slug: str) -> dict[str, Any]:
    """Publish the page's latest draft the way the admin's 公開 button does.

    ``published_at`` is taken just before Wagtail's publish, whose on-commit hook
    queues the delivery on the broker.
    """
    from home.models import NewsPage

    page = NewsPage.objects.get(slug=slug)
    revision = page.save_revision()
    published_at = time.time()
    revision.publish()
    return {
        "page_id": page.pk,
        "revision_id": revision.pk,
        "published_at": published_at,
    }


def delivery_state(page_id: int) -> dict[str, Any] | None:
    """The publish delivery of a page as the admin's 配信状況 shows it, or None."""
    from django.db.models import Count, Max, Min

    from line_delivery.models import Delivery, DeliveryRequest

    delivery = (
        Delivery.objects.filter(page_id=page_id, kind=Delivery.Kind.PUBLISH)
        .order_by("pk")
        .first()
    )
    if delivery is None:
        return None
    requests = DeliveryRequest.objects.filter(delivery=delivery)
    by_status = dict(
        requests.values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    times = requests.aggregate(
        first_attempt=Min("first_attempt_at"), last_accepted=Max("accepted_at")
    )
    return {
        "delivery_id": delivery.pk,
        "status": delivery.status,
        "finished": delivery.is_finished,
        "total_recipients": delivery.total_recipients,
        "accepted_recipients": delivery.accepted_recipients,
        "requests": sum(by_status.values()),
        "requests_by_status": by_status,
        "answered_409": requests.filter(last_status_code=409).count(),
        "created_at": delivery.created_at.timestamp(),
        # Planning ends just before the first request is taken up.
        "first_attempt_at": _timestamp(times["first_attempt"]),
        "last_accepted_at": _timestamp(times["last_accepted"]),
        "finished_at": _timestamp(delivery.finished_at),
    }


def _timestamp(moment: datetime.datetime | None) -> float | None:
    return moment.timestamp() if moment else None


def queries_per_batch() -> dict[str, Any]:
    """Queries one batch of 500-recipient requests makes as the worker sends it
    (``delivery.send_batch``, ``SEND_BATCH_REQUESTS`` requests a task), for two
    deliveries of very different sizes (the main page to everyone matching, the
    small page).

    Each is a 再配信 planned here and sent in this process against the same fake
    LINE server, so it must run after the measured delivery has been checked.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from home.models import NewsPage
    from line_delivery import delivery as engine
    from line_delivery.models import Delivery

    from .seed import MAIN_PAGE_SLUG, SMALL_PAGE_SLUG

    size = engine.SEND_BATCH_REQUESTS
    counts: dict[str, Any] = {"requests_per_batch": size}
    for label, slug in (("large", MAIN_PAGE_SLUG), ("small", SMALL_PAGE_SLUG)):
        page = NewsPage.objects.get(slug=slug)
        delivery = engine.create_page_delivery(
            page, page.latest_revision, Delivery.Kind.REDELIVER
        )
        assert delivery is not None
        request_ids = engine.plan(delivery, page)
        batches = [request_ids[i : i + size] for i in range(0, len(request_ids), size)]
        per_batch = []
        # Every batch of the small one (its last also closes the delivery); the
        # first two of the large one, then the rest is cancelled unsent.
        for batch in batches if label == "small" else batches[:2]:
            with CaptureQueriesContext(connection) as captured:
                retry = engine.send_batch(batch)
            assert not retry, retry
            per_batch.append(len(captured.captured_queries))
        if label == "large":
            engine.cancel(delivery)
        delivery.refresh_from_db()
        counts[label] = {
            "recipients": delivery.total_recipients,
            "requests": len(request_ids),
            "queries_per_batch": per_batch,
        }
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scenario")
    commands = parser.add_subparsers(dest="command", required=True)
    seed_parser = commands.add_parser("seed", help="friends and pages (empty db)")
    seed_parser.add_argument("--friends", type=int, required=True)
    publish_parser = commands.add_parser("publish", help="publish a page")
    publish_parser.add_argument("--slug", default="bench-news")
    state_parser = commands.add_parser("state", help="a page's publish delivery")
    state_parser.add_argument("--page-id", type=int, required=True)
    commands.add_parser("queries", help="queries per 500-recipient batch")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()

    result: Any
    if args.command == "seed":
        from .seed import seed

        result = seed(args.friends)
    elif args.command == "publish":
        result = publish(args.slug)
    elif args.command == "state":
        result = delivery_state(args.page_id)
    else:
        result = queries_per_batch()
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A worker killed (SIGKILL) in the middle of a delivery, then restarted: the delivery
completes and nobody receives it twice.

Real parts only: a ``celery -A cms worker`` subprocess on Redis, PostgreSQL, and the
strict fake LINE API over HTTP. The worker cannot see pytest's database (its data
lives in an uncommitted transaction) and ``transaction=True`` would break Wagtail's
data for later tests (shared/notes/wagtail-facts.md §B.6), so the delivery runs in a
database of its own, cloned from a seeded template by ``bench.harness``, and the
product is driven through ``python -m bench.scenario`` subprocesses.
"""

from collections.abc import Iterator
import contextlib
import os
from pathlib import Path

import psycopg
import pytest

from bench import harness
from bench.seed import matching_user_ids, outsider_user_ids
from tests.fake_line.server import FakeLineServer


MATCHING_FRIENDS = 5_000  # 10 multicast requests of 500
REQUESTS = 10
# LINE accepts each multicast at once and answers this much later, so the delivery
# takes a few seconds and is still under way when the worker dies.
LINE_ANSWER_DELAY = 0.3
# One request's answer is held back this long: the worker is killed inside that
# window, after LINE accepted the request and before the worker could record it,
# with seconds to spare even on a busy machine.
HELD_ANSWER = 10.0
ACCEPTED_BEFORE_HOLD = 2
REDIS_DB = 14
# Limits for conditions, not durations: generous so a loaded 2-core machine (other
# test runs, benchmarks) only makes the test slower, never red.
PATIENCE = 180


def _one(database_url: str, query: str) -> tuple:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(query).fetchone()
    assert row is not None
    return row


@pytest.fixture
def cleanup() -> Iterator[contextlib.ExitStack]:
    """Processes, the database and the queue go away even when the test fails."""
    with contextlib.ExitStack() as stack:
        yield stack


def test_killed_worker_resumes_and_nobody_receives_twice(
    fake_line: FakeLineServer, cleanup: contextlib.ExitStack, tmp_path: Path
) -> None:
    template = harness.seeded_template(MATCHING_FRIENDS)
    database = f"otake_crash_test_{os.getpid()}"
    database_url = harness.clone_database(template, database)
    cleanup.callback(harness.drop_database, database)
    broker = harness.Broker(db=REDIS_DB)
    cleanup.callback(broker.clean_up)
    env = harness.product_env(database_url, broker, fake_line)
    fake_line.faults.delay(
        LINE_ANSWER_DELAY, endpoints=["multicast"], phase="after_accept"
    )

    # Every multicast after the first two is accepted and its answer held back: the
    # worker is killed while it waits for one. Set up before anything is sent, so a
    # fast worker on a busy machine cannot finish the delivery before the trap is
    # laid (waiting for two accepted requests and then adding the rule could).
    held = fake_line.faults.delay(
        HELD_ANSWER,
        skip=ACCEPTED_BEFORE_HOLD,
        endpoints=["multicast"],
        phase="after_accept",
    )

    first = harness.CeleryWorker(env, broker, tmp_path / "worker-1.log")
    cleanup.callback(first.stop)
    first.start()
    # Staff publish while the worker boots; the tasks wait for it on the broker.
    published = harness.run_scenario(env, "publish", timeout=PATIENCE)
    first.wait_ready(timeout=PATIENCE)

    harness.wait_until(
        lambda: held.fired, timeout=PATIENCE, interval=0.01, message="a held answer"
    )
    first.kill()
    fake_line.faults.clear()  # the rest of the delivery needs no more latency

    accepted_by_line = len(fake_line.deliveries)
    (recorded,) = _one(
        database_url,
        "SELECT count(*) FROM line_delivery_deliveryrequest WHERE status = 'accepted'",
    )
    assert 0 < accepted_by_line < REQUESTS, "the kill must land mid-delivery"
    assert recorded < accepted_by_line, (
        "at least one request LINE accepted was not yet recorded when the worker died"
    )

    second = harness.CeleryWorker(env, broker, tmp_path / "worker-2.log")
    cleanup.callback(second.stop)
    second.start().wait_ready(timeout=PATIENCE)

    def finished_while_beat_runs() -> bool:
        # What beat's `line-resume-stalled-deliveries` job sends every 10 s, with
        # its default stall window (20 s without progress).
        if _one(database_url, "SELECT finished_at FROM line_delivery_delivery")[0]:
            return True
        broker.send_task("line_delivery.tasks.resume_stalled_deliveries")
        return False

    try:
        harness.wait_until(
            finished_while_beat_runs,
            timeout=PATIENCE,
            interval=10,
            message="the delivery to finish",
        )
    except TimeoutError as error:
        raise AssertionError(f"{error}; worker log:\n{second.log_tail()}") from error

    state = harness.run_scenario(
        env, "state", "--page-id", str(published["page_id"]), timeout=PATIENCE
    )
    counts = fake_line.delivery_counts()
    assert set(counts.values()) == {1}, "somebody received the message twice"
    assert counts.keys() == matching_user_ids(MATCHING_FRIENDS)
    assert not counts.keys() & outsider_user_ids(MATCHING_FRIENDS)
    assert state["status"] == "completed"
    assert state["accepted_recipients"] == MATCHING_FRIENDS
    assert state["requests_by_status"] == {"accepted": REQUESTS}
    assert state["answered_409"] >= 1, "the unrecorded request was answered 409"
    assert fake_line.warnings == [], "every retry sent the same body with its key"

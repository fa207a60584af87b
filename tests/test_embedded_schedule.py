"""``make run``'s stack runs beat's schedule in-process (cms/embedded/scheduler.py).

A news page is scheduled in the embedded default as the admin does it (a revision
published with a go-live time ahead, 「公開が予定されました」) and nothing is run by
hand: the in-process scheduler's ``publish_scheduled`` makes it live and the LINE
sandbox receives it, once per friend. A second server on the same database does not
run the schedule again (the scheduler's file lock).
"""

from pathlib import Path

import pytest

from bench.embedded import EmbeddedServer, wait


SCHEDULE = """
import datetime
from django.utils import timezone
from home.models import NewsIndexPage, NewsPage
index = NewsIndexPage.objects.get()
page = NewsPage(title="予定公開のお知らせ", slug="scheduled-notice",
                date=timezone.localdate(), summary="予定どおりに公開されます。", live=False)
index.add_child(instance=page)
page.go_live_at = timezone.now() + datetime.timedelta(seconds={seconds})
revision = page.save_revision()
revision.publish()
page.refresh_from_db()
print(page.pk, page.live, bool(page.get_latest_revision().approved_go_live_at))
"""


@pytest.fixture
def server(tmp_path: Path):
    with EmbeddedServer(tmp_path / "run") as running:
        yield running


def test_a_scheduled_page_goes_live_and_reaches_line_once(server, tmp_path):
    # 70 s ahead: the page is still waiting when the first minute's run has passed.
    out = server.manage("shell", "-c", SCHEDULE.replace("{seconds}", "70"))
    page_id, live, scheduled = out.split()[-3:]
    assert (live, scheduled) == ("False", "True"), "the page waits for its time"

    def live_now():
        rows = server.query(
            "SELECT live FROM wagtailcore_page WHERE id = ?", (int(page_id),)
        )
        return rows and rows[0][0]

    wait(live_now, timeout=400, message="the scheduled page to go live")

    def delivered():
        rows = server.query(
            "SELECT status FROM line_delivery_delivery WHERE page_id = ?",
            (int(page_id),),
        )
        return rows and rows[0][0] == "completed" and rows

    rows = wait(delivered, timeout=300, message="its LINE delivery")
    assert len(rows) == 1, "one delivery for one publish"
    per_friend = server.query(
        # The sandbox keeps each message's retry key (UUIDs are hex on SQLite).
        "SELECT m.friend_id, count(*) FROM line_delivery_sandboxmessage m "
        "JOIN line_delivery_deliveryrequest r "
        "ON replace(m.retry_key, '-', '') = r.retry_key "
        "JOIN line_delivery_delivery d ON d.id = r.delivery_id "
        "WHERE d.page_id = ? GROUP BY m.friend_id",
        (int(page_id),),
    )
    assert len(per_friend) > 100, "the page reached its audience"
    assert {count for _, count in per_friend} == {1}, "nobody received it twice"

    # A second server on the same database leaves the schedule to the first.
    with EmbeddedServer(tmp_path / "second", database=server.database) as second:
        wait(
            lambda: "Another process runs the schedule" in second.log_text(),
            timeout=120,
            message="the second server to leave the schedule alone",
        )


def test_a_webhook_is_answered_under_make_run(server):
    """LINE gets 200; the in-process worker thread answers (welcome reply, done)."""
    import http.client

    from line_delivery.webhook import SANDBOX_CHANNEL_SECRET, signature_for
    from tests.fake_line.server import new_user_id
    from tests.line_delivery.webhook_helpers import base_event, body_for

    user_id = new_user_id()
    event = base_event("follow", user_id, follow={"isUnblocked": False})
    body = body_for(event)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request(
        "POST",
        "/line/webhook/",
        body=body,
        headers={
            "Content-Type": "application/json",
            "x-line-signature": signature_for(body, SANDBOX_CHANNEL_SECRET),
        },
    )
    assert connection.getresponse().status == 200
    connection.close()

    def answered():
        rows = server.query(
            "SELECT status FROM line_delivery_webhookevent WHERE webhook_event_id = ?",
            (event["webhookEventId"],),
        )
        return rows and rows[0][0] == "done"

    wait(answered, timeout=120, message="the worker thread to answer")
    [(count,)] = server.query(
        "SELECT count(*) FROM line_delivery_sandboxmessage m "
        "JOIN line_delivery_friend f ON f.id = m.friend_id "
        "WHERE m.endpoint = 'reply' AND f.created_at >= ("
        "  SELECT received_at FROM line_delivery_webhookevent"
        "  WHERE webhook_event_id = ?)",
        (event["webhookEventId"],),
    )
    assert count >= 1, "the new friend's phone shows the welcome reply"

"""No webhook event is stranded, and none is answered twice (webhook_lifecycle.py).

An event is stored before it is queued; the queueing can be lost (broker down, a
process killed), and a worker can die between marking an event ``processing`` and
recording the answer. Redeliveries and the sweep pick such events up.
"""

import datetime
import json

from django.utils import timezone

import pytest

from line_delivery.models import WebhookEvent
from line_delivery.tasks import sweep_stranded_webhook_events
from tests.fake_line.server import new_user_id

from .conftest import make_friend
from .webhook_helpers import base_event, body_for, post_webhook


pytestmark = pytest.mark.django_db
SECRET = "fake-channel-secret"


@pytest.fixture
def post(client, line_channel, django_capture_on_commit_callbacks):
    """POST signed events; ``queued=False`` loses the queueing, as a broker outage does."""

    def send(*events, queued=True, body=None):
        body = body if body is not None else body_for(*events)
        with django_capture_on_commit_callbacks(execute=queued):
            return post_webhook(client, body, SECRET)

    return send


def _age(event, seconds, **fields):
    past = timezone.now() - datetime.timedelta(seconds=seconds)
    WebhookEvent.objects.filter(webhook_event_id=event["webhookEventId"]).update(
        received_at=past, **fields
    )


def _status(event):
    return WebhookEvent.objects.get(webhook_event_id=event["webhookEventId"]).status


def _help_event(line_channel, user_id):
    token = line_channel.issue_reply_token(user_id)
    return base_event(
        "postback", user_id, reply_token=token, postback={"data": "action=help"}
    )


def test_redelivery_queues_an_event_that_was_stored_but_never_queued(
    post, line_channel
):
    friend = make_friend()
    event = _help_event(line_channel, friend.line_user_id)
    assert post(event, queued=False).status_code == 200
    assert _status(event) == "pending"
    assert line_channel.received(friend.line_user_id) == []

    redelivered = {**event, "deliveryContext": {"isRedelivery": True}}
    assert post(redelivered).status_code == 200
    assert post(redelivered).status_code == 200  # and again: nothing more

    assert [m.endpoint for m in line_channel.received(friend.line_user_id)] == ["reply"]
    assert _status(event) == "done"
    assert WebhookEvent.objects.count() == 1


def test_the_sweep_answers_pending_events_once_they_are_past_the_age(
    post, line_channel
):
    friends = [make_friend() for _ in range(3)]
    events = [_help_event(line_channel, f.line_user_id) for f in friends]
    post(*events, queued=False)
    _age(events[0], 20)
    _age(events[1], 40)
    # events[2] was stored just now: its task may simply not have run yet.

    assert sweep_stranded_webhook_events() == {"pending": 2, "processing": 0}
    assert sweep_stranded_webhook_events() == {"pending": 0, "processing": 0}

    counts = line_channel.delivery_counts()
    assert counts.get(friends[0].line_user_id) == 1
    assert counts.get(friends[1].line_user_id) == 1
    assert friends[2].line_user_id not in counts
    assert _status(events[2]) == "pending"


def test_an_abandoned_reply_is_finished_once(post, line_channel):
    """The worker marked the event and died before sending: the sweep replies."""
    friend = make_friend()
    event = _help_event(line_channel, friend.line_user_id)
    post(event, queued=False)
    started = timezone.now() - datetime.timedelta(seconds=20)
    _age(event, 20, status="processing", processing_since=started)

    assert sweep_stranded_webhook_events()["processing"] == 1
    assert sweep_stranded_webhook_events()["processing"] == 0
    [received] = line_channel.received(friend.line_user_id)
    assert received.endpoint == "reply"
    assert _status(event) == "done"


def test_a_reply_sent_before_the_crash_is_not_sent_again(post, line_channel):
    """The worker replied and died before recording it: LINE refuses the used token,
    which tells the sweep the resident already has the answer."""
    friend = make_friend()
    event = _help_event(line_channel, friend.line_user_id)
    post(event)
    assert len(line_channel.received(friend.line_user_id)) == 1
    started = timezone.now() - datetime.timedelta(seconds=20)
    _age(event, 20, status="processing", processing_since=started)

    sweep_stranded_webhook_events()

    assert len(line_channel.received(friend.line_user_id)) == 1
    assert _status(event) == "done"


def test_a_push_sent_before_the_crash_is_not_delivered_again(post, line_channel):
    """Too late to reply, the worker pushed and died: the same retry key gets 409."""
    friend = make_friend()
    event = _help_event(line_channel, friend.line_user_id)
    line_channel.advance_time(120)
    post(event, queued=False)
    _age(event, 120)
    from line_delivery.tasks import handle_webhook_events

    handle_webhook_events([event["webhookEventId"]])
    [pushed] = line_channel.received(friend.line_user_id)
    assert pushed.endpoint == "push"
    started = timezone.now() - datetime.timedelta(seconds=60)
    WebhookEvent.objects.filter(webhook_event_id=event["webhookEventId"]).update(
        status="processing", processing_since=started
    )

    sweep_stranded_webhook_events()

    assert len(line_channel.received(friend.line_user_id)) == 1
    assert _status(event) == "done"


def test_an_unknowable_outcome_is_not_risked(post, line_channel):
    """The first attempt may have used the token, which has expired since: nobody can
    tell whether the answer arrived, so nothing is sent and staff see why."""
    friend = make_friend()
    event = _help_event(line_channel, friend.line_user_id)
    post(event, queued=False)
    _age(
        event,
        90,
        status="processing",
        processing_since=timezone.now() - datetime.timedelta(seconds=85),
    )

    sweep_stranded_webhook_events()

    assert line_channel.received(friend.line_user_id) == []
    stored = WebhookEvent.objects.get()
    assert stored.status == "failed" and "二重に送らない" in stored.error_message


def test_signed_but_malformed_bodies_get_400_not_500(post):
    deep = b'{"events": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    assert post(body=deep).status_code == 400
    event = base_event("message", new_user_id(), reply_token="r" * 32)
    event["message"] = {"id": "1", "type": "text", "text": "@@SURROGATE@@"}
    body = json.dumps({"events": [event]}).replace("@@SURROGATE@@", "\\ud800")
    assert post(body=body.encode()).status_code == 400
    nested = base_event("message", new_user_id(), reply_token="r" * 32)
    body = json.dumps({"events": [nested]})[:-2] + ', "x": ' + "[" * 5000
    body += "]" * 5000 + "}]}"
    assert post(body=body.encode()).status_code == 400
    assert not WebhookEvent.objects.exists()

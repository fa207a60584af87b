"""A delivery's plan is written in pages; a plan cut short resumes and sends nobody twice."""

from django.db import connection

import pytest

from line_delivery import delivery as engine
from line_delivery.crypto import TOKEN_PREFIX
from line_delivery.models import Delivery
from tests.factories import NewsPageFactory

from .conftest import make_friend


pytestmark = pytest.mark.django_db


class WorkerKilled(Exception):
    pass


def test_a_plan_cut_short_resumes_and_everyone_gets_it_once(
    line_channel, news_index, topics, monkeypatch, django_capture_on_commit_callbacks
):
    friends = [make_friend(topics=[topics["gomi"]]) for _ in range(7)]
    outsider = make_friend(topics=[topics["event"]])
    page = NewsPageFactory(parent=news_index)
    page.topics.set([topics["gomi"]])
    delivery = engine.create_page_delivery(
        page, page.save_revision(), Delivery.Kind.REDELIVER
    )
    monkeypatch.setattr(engine, "MULTICAST_MAX_RECIPIENTS", 1)

    def killed_after_first_page(request_ids):
        for request_id in request_ids:
            engine.send(request_id)
        raise WorkerKilled  # the worker dies while the rest is being planned

    with pytest.raises(WorkerKilled):
        engine.plan(delivery, page, on_planned=killed_after_first_page)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PLANNING  # cannot finish half-planned
    first_page = list(delivery.requests.values_list("pk", "retry_key"))
    assert 0 < len(first_page) < len(friends)

    def send_all(request_ids):
        for request_id in request_ids:
            engine.send(request_id)

    with django_capture_on_commit_callbacks(execute=True):
        engine.plan(delivery, page, on_planned=send_all)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.COMPLETED
    assert delivery.accepted_recipients == delivery.total_recipients == len(friends)
    # What was committed before the crash was kept, retry keys and all.
    assert set(first_page) <= set(delivery.requests.values_list("pk", "retry_key"))
    for friend in friends:
        assert len(line_channel.received(friend.line_user_id)) == 1
    assert line_channel.received(outsider.line_user_id) == []
    # Recipients travel with their request, encrypted in the database.
    request = delivery.requests.first()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT recipients FROM line_delivery_deliveryrequest WHERE id = %s",
            [request.pk],
        )
        (raw,) = cursor.fetchone()
    assert request.recipients == request.recipients[:1] and raw
    assert request.recipients[0] not in raw and raw.startswith(TOKEN_PREFIX)


def test_progress_is_counted_from_requests_while_sending(
    line_channel, news_index, topics, monkeypatch
):
    for _ in range(3):
        make_friend(topics=[topics["gomi"]])
    make_friend(topics=[topics["event"]])  # left out: multicasts, not a broadcast
    page = NewsPageFactory(parent=news_index)
    page.topics.set([topics["gomi"]])
    delivery = engine.create_page_delivery(
        page, page.save_revision(), Delivery.Kind.REDELIVER
    )
    monkeypatch.setattr(engine, "MULTICAST_MAX_RECIPIENTS", 1)
    first, *rest = engine.plan(delivery, page)
    engine.send(first)

    sending = Delivery.objects.get(pk=delivery.pk)
    assert sending.status == Delivery.Status.SENDING
    assert sending.progress_text == "1 / 3"
    for request_id in rest:
        engine.send(request_id)
    done = Delivery.objects.get(pk=delivery.pk)
    assert (done.status, done.progress_text) == (Delivery.Status.COMPLETED, "3 / 3")

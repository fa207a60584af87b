"""Publishing a page delivers it over LINE to exactly the friends who chose it, once."""

import datetime

from django.core.management import call_command
from django.utils import timezone

import pytest

from line_delivery.crypto import lookup_hash
from line_delivery.models import Delivery, DeliveryRequest, Friend
from tests.factories import AreaFactory, NewsPageFactory

from .conftest import make_friend, make_test_member


pytestmark = pytest.mark.django_db


def publish(page, capture):
    """Publish the latest revision as staff do, running the on-commit tasks."""
    with capture(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def received_titles(fake, friend) -> list[str]:
    return [m.text for m in fake.received(friend.line_user_id)]


def test_publish_reaches_matching_friends_only(
    line_channel, news_index, topics, django_capture_on_commit_callbacks
):
    kuba, ogata = AreaFactory(name="玖波"), AreaFactory(name="小方")
    gomi_in_kuba = make_friend(topics=[topics["gomi"]], areas=[kuba])
    chose_nothing = make_friend()
    gomi_anywhere = make_friend(topics=[topics["gomi"]])
    events_only = make_friend(topics=[topics["event"]], areas=[kuba])
    gomi_in_ogata = make_friend(topics=[topics["gomi"]], areas=[ogata])
    blocked = make_friend(topics=[topics["gomi"]], status=Friend.Status.BLOCKED)

    page = NewsPageFactory(parent=news_index, title="玖波地区のごみ収集", live=False)
    page.topics.set([topics["gomi"]])
    page.target_areas.set([kuba])
    publish(page, django_capture_on_commit_callbacks)

    fake = line_channel
    for friend in (gomi_in_kuba, chose_nothing, gomi_anywhere):
        assert len(fake.received(friend.line_user_id)) == 1
        assert "玖波地区のごみ収集" in fake.received(friend.line_user_id)[0].text
    for friend in (events_only, gomi_in_ogata, blocked):
        assert fake.received(friend.line_user_id) == []
    delivery = Delivery.objects.get(page=page)
    assert (
        delivery.status,
        delivery.total_recipients,
        delivery.accepted_recipients,
    ) == (
        Delivery.Status.COMPLETED,
        3,
        3,
    )
    assert not delivery.is_broadcast


def test_message_is_a_flex_bubble_with_a_button_to_the_page(
    line_channel, news_index, topics, django_capture_on_commit_callbacks
):
    friend = make_friend()
    make_friend(topics=[topics["event"]])  # someone left out, so it is a multicast
    page = NewsPageFactory(
        parent=news_index, title="市民まつり", summary="11月に開催します。", live=False
    )
    page.topics.set([topics["gomi"]])
    publish(page, django_capture_on_commit_callbacks)

    [received] = line_channel.received(friend.line_user_id)
    assert received.endpoint == "multicast"
    message = received.message
    assert message["type"] == "flex"
    assert message["altText"].startswith("【大竹市】市民まつり")
    bubble = message["contents"]
    texts = [c["text"] for c in bubble["body"]["contents"]]
    assert "市民まつり" in texts and "11月に開催します。" in texts
    button = bubble["footer"]["contents"][0]["action"]
    assert button["label"] == "詳しく見る"
    assert button["uri"] == "http://testserver/news/" + page.slug + "/"


def test_page_for_everyone_is_one_broadcast(
    line_channel, news_index, django_capture_on_commit_callbacks
):
    friends = [make_friend() for _ in range(3)]
    line_channel.set_followers([f.line_user_id for f in friends])
    page = NewsPageFactory(parent=news_index, live=False)
    publish(page, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(page=page)
    assert delivery.is_broadcast and delivery.status == Delivery.Status.COMPLETED
    assert len(line_channel.requests_for("broadcast")) == 1
    assert all(len(line_channel.received(f.line_user_id)) == 1 for f in friends)


def test_large_audience_is_split_into_requests_of_500(
    line_channel, news_index, topics, django_capture_on_commit_callbacks
):
    user_ids = [f"U{n:032x}" for n in range(1201)]
    Friend.objects.bulk_create(
        [
            Friend(line_user_id=uid, line_user_id_hash=lookup_hash(uid))
            for uid in user_ids
        ]
    )
    make_friend(topics=[topics["event"]])
    page = NewsPageFactory(parent=news_index, live=False)
    page.topics.set([topics["gomi"]])
    publish(page, django_capture_on_commit_callbacks)

    sizes = sorted(len(r.body["to"]) for r in line_channel.requests_for("multicast"))
    assert sizes == [201, 500, 500]
    assert len(line_channel.recipients()) == 1201
    assert len({r.retry_key for r in line_channel.requests_for("multicast")}) == 3


def test_republishing_an_edit_does_not_resend_but_redeliver_does(
    line_channel, news_index, admin_client, topics, django_capture_on_commit_callbacks
):
    friend = make_friend()
    make_friend(topics=[topics["event"]])
    page = NewsPageFactory(parent=news_index, live=False)
    page.topics.set([topics["gomi"]])
    publish(page, django_capture_on_commit_callbacks)
    page.title = "訂正版"
    publish(page, django_capture_on_commit_callbacks)
    assert len(line_channel.received(friend.line_user_id)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/line/pages/{page.pk}/redeliver/")
    assert response.status_code == 302
    texts = received_titles(line_channel, friend)
    assert len(texts) == 2 and "訂正版" in texts[1]
    assert Delivery.objects.filter(page=page, kind=Delivery.Kind.REDELIVER).count() == 1


def test_switch_off_means_no_delivery(
    line_channel, news_index, django_capture_on_commit_callbacks
):
    friend = make_friend()
    line_channel.set_followers([friend.line_user_id])
    page = NewsPageFactory(parent=news_index, live=False, send_to_line=False)
    publish(page, django_capture_on_commit_callbacks)
    assert line_channel.received(friend.line_user_id) == []
    assert not Delivery.objects.exists()


def test_scheduled_page_is_delivered_when_it_goes_live(
    line_channel, news_index, django_capture_on_commit_callbacks
):
    friend = make_friend()
    line_channel.set_followers([friend.line_user_id])  # a page for everyone: broadcast
    page = NewsPageFactory(parent=news_index, live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert line_channel.received(friend.line_user_id) == []  # only scheduled

    # An hour later (publish_scheduled runs every minute from Celery beat):
    revision.refresh_from_db()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
    revision.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert len(line_channel.received(friend.line_user_id)) == 1


def test_every_friend_gets_it_exactly_once_despite_500s_after_accept_and_timeouts(
    line_channel, news_index, topics, django_capture_on_commit_callbacks
):
    friends = [make_friend() for _ in range(40)]
    outsiders = [make_friend(topics=[topics["event"]]) for _ in range(5)]
    # Small requests so that faults hit many of them.
    from line_delivery import delivery as engine

    engine.MULTICAST_MAX_RECIPIENTS, saved = 2, engine.MULTICAST_MAX_RECIPIENTS
    try:
        line_channel.faults.fail_after_accept(
            rate=0.05, status=500, endpoints=["multicast"]
        )
        from django.conf import settings

        # Longer than our read timeout: the request times out after LINE accepted it.
        line_channel.faults.delay(
            settings.LINE_REQUEST_TIMEOUT[1] + 0.5,
            count=2,
            endpoints=["multicast"],
            phase="after_accept",
        )
        line_channel.faults.next_n(2, status=503, endpoints=["multicast"])
        page = NewsPageFactory(parent=news_index, live=False)
        page.topics.set([topics["gomi"]])
        publish(page, django_capture_on_commit_callbacks)
    finally:
        engine.MULTICAST_MAX_RECIPIENTS = saved

    assert line_channel.faults.fired, "the faults must actually have happened"
    counts = line_channel.delivery_counts()
    assert {counts.get(f.line_user_id) for f in friends} == {1}
    assert all(f.line_user_id not in counts for f in outsiders)
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Delivery.Status.COMPLETED
    assert delivery.accepted_recipients == 40
    conflicts = DeliveryRequest.objects.filter(delivery=delivery, last_status_code=409)
    assert conflicts.exists(), "retries after an accepted 500 are answered 409"


def test_429s_are_retried_with_the_same_key_and_nobody_gets_it_twice(
    line_channel, news_index, topics, django_capture_on_commit_callbacks
):
    """LINE's rate limit answered (429, no Retry-After): the requests of a batch that
    were refused are sent again later with their own keys, the others once."""
    friends = [make_friend() for _ in range(12)]
    make_friend(topics=[topics["event"]])  # left out: multicasts, not a broadcast
    from line_delivery import delivery as engine

    engine.MULTICAST_MAX_RECIPIENTS, saved = 2, engine.MULTICAST_MAX_RECIPIENTS
    try:
        line_channel.faults.next_n(
            3,
            status=429,
            endpoints=["multicast"],
            body={"message": "The API rate limit has been exceeded. Try again later."},
        )
        page = NewsPageFactory(parent=news_index, live=False)
        page.topics.set([topics["gomi"]])
        publish(page, django_capture_on_commit_callbacks)
    finally:
        engine.MULTICAST_MAX_RECIPIENTS = saved

    assert line_channel.faults.fired, "LINE must actually have answered 429"
    counts = line_channel.delivery_counts()
    assert {counts.get(f.line_user_id) for f in friends} == {1}
    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Delivery.Status.COMPLETED
    assert delivery.accepted_recipients == 12
    multicasts = line_channel.requests_for("multicast")
    refused = [r for r in multicasts if r.status == 429]
    assert len(refused) == 3
    # Each refused request came back with its key and was then accepted.
    accepted_keys = {r.retry_key for r in multicasts if r.status == 200}
    assert {r.retry_key for r in refused} <= accepted_keys
    assert len(accepted_keys) == delivery.requests.count() == 6
    # One attempt more per 429, all recorded, every request accepted in the end.
    assert sum(delivery.requests.values_list("attempts", flat=True)) == 6 + 3
    assert set(delivery.requests.values_list("status", flat=True)) == {
        DeliveryRequest.Status.ACCEPTED
    }


def test_a_400_from_line_fails_the_request_with_the_reason(
    line_channel, news_index, django_capture_on_commit_callbacks
):
    make_friend()
    line_channel.faults.next_n(
        1,
        status=400,
        endpoints=["multicast", "broadcast"],
        body={
            "message": "The request body has 1 error(s)",
            "details": [{"message": "invalid", "property": "to[0]"}],
        },
    )
    page = NewsPageFactory(parent=news_index, live=False)
    publish(page, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(page=page)
    assert delivery.status == Delivery.Status.FAILED
    failed = delivery.requests.get()
    assert failed.status == DeliveryRequest.Status.FAILED
    assert failed.last_status_code == 400
    assert "to[0]: invalid" in failed.error_message
    assert failed.attempts == 1  # a 400 is not retried


def test_test_send_of_a_draft_reaches_test_members_only(
    line_channel, news_index, admin_client, django_capture_on_commit_callbacks
):
    member = make_test_member()
    resident = make_friend()
    page = NewsPageFactory(parent=news_index, title="下書きのお知らせ", live=False)
    page.save_revision()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/line/pages/{page.pk}/test-send/")
    assert response.status_code == 302

    [received] = line_channel.received(member.friend.line_user_id)
    assert received.text.startswith("【テスト配信】")
    assert line_channel.received(resident.line_user_id) == []
    assert Delivery.objects.get(page=page).kind == Delivery.Kind.TEST


def test_cancel_stops_requests_not_yet_sent(line_channel, news_index, topics, settings):
    from line_delivery import delivery as engine

    friends = [make_friend() for _ in range(3)]
    make_friend(topics=[topics["event"]])
    page = NewsPageFactory(parent=news_index)
    page.topics.set([topics["gomi"]])
    delivery = engine.create_page_delivery(
        page, page.save_revision(), Delivery.Kind.REDELIVER
    )
    engine.MULTICAST_MAX_RECIPIENTS, saved = 1, engine.MULTICAST_MAX_RECIPIENTS
    try:
        first, *rest = engine.plan(delivery, page)
    finally:
        engine.MULTICAST_MAX_RECIPIENTS = saved
    engine.send(first)
    assert engine.cancel(delivery) == 2
    for request_id in rest:
        engine.send(request_id)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.CANCELLED
    assert sum(len(line_channel.received(f.line_user_id)) for f in friends) == 1

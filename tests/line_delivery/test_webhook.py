"""The webhook: signed LINE events in, answers out at the strict fake LINE API."""

import pytest

from home.models import DisasterNoticePage
from line_delivery.models import Friend, WebhookEvent
from tests.factories import (
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    ShelterFactory,
)
from tests.fake_line.server import new_user_id

from .conftest import make_friend
from .webhook_helpers import base_event, body_for, post_webhook


pytestmark = pytest.mark.django_db
SECRET = "fake-channel-secret"


@pytest.fixture
def deliver(client, line_channel, django_capture_on_commit_callbacks):
    """POST a signed webhook body and run the queued handling, as a worker would."""

    def send(*events, signature=None, body=None):
        body = body if body is not None else body_for(*events)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_webhook(client, body, SECRET, signature=signature)
        return response

    return send


def test_follow_creates_the_friend_and_welcomes_them(deliver, line_channel):
    user_id = new_user_id()
    token = line_channel.issue_reply_token(user_id)
    response = deliver(
        base_event("follow", user_id, reply_token=token, follow={"isUnblocked": False})
    )

    assert response.status_code == 200
    friend = Friend.objects.by_line_user_id(user_id).get()
    assert friend.status == Friend.Status.FOLLOWING
    received = line_channel.received(user_id)
    assert received[0].endpoint == "reply"
    assert "友だち追加ありがとうございます" in received[0].text
    button = received[0].message["contents"]["footer"]["contents"][0]["action"]
    assert button["label"] == "受信設定を開く"


def test_unfollow_blocks_and_refollow_reactivates(deliver, line_channel):
    friend = make_friend()
    deliver(base_event("unfollow", friend.line_user_id, reply_token=None))
    friend.refresh_from_db()
    assert friend.status == Friend.Status.BLOCKED and friend.blocked_at
    assert line_channel.received(friend.line_user_id) == []

    token = line_channel.issue_reply_token(friend.line_user_id)
    deliver(
        base_event(
            "follow",
            friend.line_user_id,
            reply_token=token,
            follow={"isUnblocked": True},
        )
    )
    friend.refresh_from_db()
    assert friend.status == Friend.Status.FOLLOWING and friend.blocked_at is None
    assert Friend.objects.count() == 1


def test_follow_log_keeps_a_returning_friends_settings_and_none_for_a_new_one(
    deliver, line_channel, topics
):
    """友だちの増減 counts follows per topic and 地区: an unblocking friend's choices
    are in their entry; someone seen for the first time has none yet."""
    from line_delivery.delivery_reports.models import FriendEvent
    from tests.factories import AreaFactory

    kuba = AreaFactory(name="玖波")
    returning = make_friend(
        topics=[topics["gomi"]], areas=[kuba], status=Friend.Status.BLOCKED
    )
    newcomer = new_user_id()
    following = make_friend(topics=[topics["gomi"]])
    for user_id in (returning.line_user_id, newcomer, following.line_user_id):
        deliver(
            base_event(
                "follow",
                user_id,
                reply_token=line_channel.issue_reply_token(user_id),
            )
        )

    new_friend = Friend.objects.by_line_user_id(newcomer).get()
    entries = {
        event.friend_id: (event.topic_ids, event.area_ids)
        for event in FriendEvent.objects.filter(kind=FriendEvent.Kind.FOLLOW)
    }
    assert entries == {
        returning.pk: ([topics["gomi"].pk], [kuba.pk]),
        new_friend.pk: ([], []),
    }, "a friend already following is not logged as a new follow"
    assert all(
        line_channel.received(user_id)[0].endpoint == "reply"
        for user_id in (returning.line_user_id, newcomer, following.line_user_id)
    )


def test_redelivered_event_is_answered_only_once(deliver, line_channel):
    user_id = new_user_id()
    token = line_channel.issue_reply_token(user_id)
    event = base_event(
        "follow", user_id, reply_token=token, follow={"isUnblocked": False}
    )
    deliver(event)
    redelivered = {**event, "deliveryContext": {"isRedelivery": True}}
    assert deliver(redelivered).status_code == 200
    assert WebhookEvent.objects.count() == 1
    assert line_channel.delivery_counts()[user_id] == 1


@pytest.mark.parametrize(
    "signature",
    ["", "bm90IGEgc2lnbmF0dXJl", None],
    ids=["missing", "wrong", "other-secret"],
)
def test_bad_signature_is_refused_and_nothing_is_stored(
    client, line_channel, signature
):
    body = body_for(base_event("follow", new_user_id(), follow={"isUnblocked": False}))
    if signature is None:
        response = post_webhook(client, body, "another-channels-secret")
    else:
        response = post_webhook(client, body, SECRET, signature=signature)
    assert response.status_code == 401
    assert not WebhookEvent.objects.exists() and not Friend.objects.exists()


def test_non_json_and_oversized_bodies_are_refused(client, line_channel):
    assert post_webhook(client, b"not json{", SECRET).status_code == 400
    assert post_webhook(client, b'{"events": "nope"}', SECRET).status_code == 400
    huge = b'{"events": [], "padding": "' + b"x" * 1_100_000 + b'"}'
    assert post_webhook(client, huge, SECRET).status_code == 413
    assert client.get("/line/webhook/").status_code == 405
    assert not WebhookEvent.objects.exists()


def test_verify_button_with_no_events_gets_200(deliver):
    assert deliver().status_code == 200


def test_group_events_and_unknown_types_are_accepted_and_ignored(deliver, line_channel):
    group_event = base_event(
        "message",
        new_user_id(),
        message={"id": "1", "type": "text", "text": "こんにちは", "quoteToken": "q"},
    )
    group_event["source"] = {
        "type": "group",
        "groupId": "C" + "1" * 32,
        "userId": new_user_id(),
    }
    unknown = base_event("somethingNew", new_user_id(), reply_token=None)
    assert deliver(group_event, unknown).status_code == 200
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {"ignored"}
    assert line_channel.requests_for("replyMessage") == []


def test_postback_runs_the_named_action(deliver, line_channel, home_page):
    index = DisasterIndexPageFactory(parent=home_page)
    DisasterNoticePageFactory(parent=index, title="大雨で高齢者等避難")
    friend = make_friend()
    token = line_channel.issue_reply_token(friend.line_user_id)
    deliver(
        base_event(
            "postback",
            friend.line_user_id,
            reply_token=token,
            postback={"data": "action=disaster_latest"},
        )
    )

    [received] = line_channel.received(friend.line_user_id)
    assert received.message["contents"]["type"] == "carousel"
    assert "大雨で高齢者等避難" in received.text
    assert DisasterNoticePage.objects.count() == 1


@pytest.mark.parametrize(
    "data", ["action=drop_tables", "garbage&&&", "action=garbage_item&item=abc", ""]
)
def test_unknown_or_tampered_postback_gets_a_polite_fallback(
    deliver, line_channel, data
):
    friend = make_friend()
    token = line_channel.issue_reply_token(friend.line_user_id)
    deliver(
        base_event(
            "postback", friend.line_user_id, reply_token=token, postback={"data": data}
        )
    )
    [received] = line_channel.received(friend.line_user_id)
    assert "すみません" in received.text
    assert len(received.message["quickReply"]["items"]) >= 4


def test_location_gets_the_nearest_open_shelters(deliver, line_channel):
    ShelterFactory(name="遠い避難所", status="open", latitude=34.30, longitude=132.20)
    ShelterFactory(
        name="近い避難所", status="open", latitude=34.2381, longitude=132.2221
    )
    ShelterFactory(
        name="閉まっている避難所", status="closed", latitude=34.2380, longitude=132.2220
    )
    friend = make_friend()
    token = line_channel.issue_reply_token(friend.line_user_id)
    deliver(
        base_event(
            "message",
            friend.line_user_id,
            reply_token=token,
            message={
                "id": "325708",
                "type": "location",
                "latitude": 34.238,
                "longitude": 132.222,
            },
        )
    )
    intro, carousel = line_channel.received(friend.line_user_id)
    assert intro.text == "近くの開設中の避難所です。"
    names = [
        b["body"]["contents"][0]["text"]
        for b in carousel.message["contents"]["contents"]
    ]
    assert names == ["近い避難所", "遠い避難所"]
    status_line = carousel.message["contents"]["contents"][0]["body"]["contents"][1][
        "text"
    ]
    assert status_line.startswith("開設・約") and status_line.endswith("m")
    uri = carousel.message["contents"]["contents"][0]["footer"]["contents"][0][
        "action"
    ]["uri"]
    assert uri.startswith("https://www.google.com/maps/search/?api=1&query=34.238")


def test_stickers_and_images_get_the_help_reply(deliver, line_channel):
    friend = make_friend()
    token = line_channel.issue_reply_token(friend.line_user_id)
    deliver(
        base_event(
            "message",
            friend.line_user_id,
            reply_token=token,
            message={
                "id": "9",
                "type": "sticker",
                "packageId": "1",
                "stickerId": "1",
                "quoteToken": "q",
            },
        )
    )
    [received] = line_channel.received(friend.line_user_id)
    assert "文字でご用件" in received.text


def test_expired_reply_token_falls_back_to_push(deliver, line_channel):
    friend = make_friend()
    token = line_channel.issue_reply_token(friend.line_user_id)
    line_channel.advance_time(120)  # the token is older than a minute on LINE's side
    deliver(
        base_event(
            "postback",
            friend.line_user_id,
            reply_token=token,
            postback={"data": "action=help"},
        )
    )
    [received] = line_channel.received(friend.line_user_id)
    assert received.endpoint == "push"


def test_personal_data_is_purged_after_its_retention_period(
    deliver, line_channel, settings
):
    import datetime

    from django.utils import timezone

    from line_delivery.tasks import purge_expired_personal_data

    long_gone = make_friend(status=Friend.Status.BLOCKED)
    Friend.objects.filter(pk=long_gone.pk).update(
        blocked_at=timezone.now() - datetime.timedelta(days=181)
    )
    recently = make_friend(status=Friend.Status.BLOCKED)
    Friend.objects.filter(pk=recently.pk).update(
        blocked_at=timezone.now() - datetime.timedelta(days=10)
    )
    following = make_friend()
    deliver(base_event("unfollow", following.line_user_id, reply_token=None))
    WebhookEvent.objects.update(
        received_at=timezone.now() - datetime.timedelta(days=31)
    )

    purge_expired_personal_data()

    assert set(Friend.objects.values_list("pk", flat=True)) == {
        recently.pk,
        following.pk,
    }
    assert not WebhookEvent.objects.exists()

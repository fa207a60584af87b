"""LIFF login: only ID tokens LINE Login verifies for our channel open a session."""

from django.contrib.sessions.models import Session

import pytest

from line_delivery.liff.auth import SESSION_KEY
from tests.fake_line.pytest_plugin import FAKE_LINE_LOGIN_CHANNEL_ID
from tests.fake_line.server import new_user_id

from .conftest import make_friend
from .liff_helpers import liff_login, logged_in_friend


pytestmark = pytest.mark.django_db


def test_a_verified_token_opens_the_friends_settings(client, liff_channel, topics):
    friend = make_friend()
    token = liff_channel.register_id_token(
        friend.line_user_id, client_id=FAKE_LINE_LOGIN_CHANNEL_ID
    )
    response = client.post("/liff/api/login/", {"id_token": token})
    assert response.status_code == 200
    assert client.session[SESSION_KEY] == friend.pk
    # LINE was asked, with our channel id and the token.
    verify = [r for r in liff_channel.requests if r.operation_id == "verifyIdToken"]
    assert [r.body["client_id"] for r in verify] == [FAKE_LINE_LOGIN_CHANNEL_ID]
    page = client.get("/liff/settings/")
    assert "受信設定" in page.text and 'name="topics"' in page.text


def _other_channel(fake, friend):
    return fake.register_id_token(friend.line_user_id, client_id="9876543210")


def _expired(fake, friend):
    return fake.register_id_token(
        friend.line_user_id, client_id=FAKE_LINE_LOGIN_CHANNEL_ID, expires_in=-1
    )


def _forged(fake, friend):
    # JWT-shaped, naming our channel and the friend, but LINE never issued it.
    genuine = fake.register_id_token(
        new_user_id(), client_id=FAKE_LINE_LOGIN_CHANNEL_ID
    )
    header, payload, _signature = genuine.split(".")
    return f"{header}.{payload}.forgedsignature"


@pytest.mark.parametrize(
    "make_token",
    [_other_channel, _expired, _forged, lambda fake, friend: ""],
    ids=["another-channel", "expired", "forged", "missing"],
)
def test_a_token_that_fails_verification_gets_401_and_no_session(
    client, liff_channel, make_token
):
    friend = make_friend()
    token = make_token(liff_channel, friend)
    response = client.post("/liff/api/login/", {"id_token": token})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert Session.objects.count() == 0
    assert "sessionid" not in response.cookies
    # Still logged out: the page asks to log in, the JSON API refuses.
    assert "LINEで確認しています" in client.get("/liff/settings/").text
    save = client.post("/liff/api/settings/", {"reminder_timing": "evening"})
    assert save.status_code == 401


def test_a_line_user_who_is_not_a_friend_gets_no_session(client, liff_channel):
    token = liff_channel.register_id_token(
        new_user_id(), client_id=FAKE_LINE_LOGIN_CHANNEL_ID
    )
    response = client.post("/liff/api/login/", {"id_token": token})
    assert response.status_code == 403
    assert "友だち追加" in response.json()["message"]
    assert Session.objects.count() == 0


def test_line_unreachable_is_503_not_a_session(client, liff_channel):
    friend = make_friend()
    liff_channel.faults.next_n(1, status=500, endpoints=["verify_id_token"])
    token = liff_channel.register_id_token(
        friend.line_user_id, client_id=FAKE_LINE_LOGIN_CHANNEL_ID
    )
    response = client.post("/liff/api/login/", {"id_token": token})
    assert response.status_code == 503
    assert Session.objects.count() == 0


def test_login_attempts_are_rate_limited_per_address(client, liff_channel, settings):
    settings.LIFF_RATE_LIMITS = {**settings.LIFF_RATE_LIMITS, "login": (3, 60.0)}
    statuses = [
        client.post("/liff/api/login/", {"id_token": "bogus"}).status_code
        for _ in range(5)
    ]
    assert statuses == [401, 401, 401, 429, 429]
    # Another address is not affected.
    other = client.post(
        "/liff/api/login/", {"id_token": "bogus"}, REMOTE_ADDR="192.0.2.7"
    )
    assert other.status_code == 401


def test_a_friend_can_change_only_their_own_settings(client, liff_channel, topics):
    other = make_friend(topics=[topics["event"]])
    me = logged_in_friend(client, liff_channel)
    # Naming the other friend anywhere in the request changes nothing of theirs.
    response = client.post(
        f"/liff/api/settings/?friend={other.pk}",
        {
            "friend": other.pk,
            "friend_id": other.pk,
            "topics": [topics["bousai"].pk],
            "reminder_timing": "evening",
            "evening_time": "20:00",
        },
    )
    assert response.status_code == 200
    assert response.json()["message"] == "保存しました"
    assert list(me.topics.all()) == [topics["bousai"]]
    assert list(other.topics.all()) == [topics["event"]]
    # And the settings page shows my choices, never theirs.
    page = client.get(f"/liff/settings/?friend={other.pk}")
    checked = page.context["form"].initial["topics"]
    assert checked == [topics["bousai"]]


def test_settings_saves_are_rate_limited_per_friend(
    client, liff_channel, settings, topics
):
    settings.LIFF_RATE_LIMITS = {**settings.LIFF_RATE_LIMITS, "settings": (2, 60.0)}
    logged_in_friend(client, liff_channel)
    data = {"reminder_timing": "evening", "evening_time": "20:00"}
    statuses = [client.post("/liff/api/settings/", data).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_sandbox_id_tokens_only_exist_in_the_sandbox(client, liff_channel, topics):
    friend = make_friend()
    friend.is_sandbox = True
    friend.save()
    response = client.post("/liff/sandbox/id-token/", {"friend": friend.pk})
    assert response.status_code == 404
    # ?sandbox_friend is ignored outside the sandbox: still the same friend.
    liff_login(client, liff_channel, friend)
    page = client.get(f"/liff/settings/?sandbox_friend={friend.pk + 1}")
    assert 'name="topics"' in page.text


def test_the_sandbox_stand_in_logs_in_only_sandbox_friends(client, settings):
    settings.LINE_CHANNEL_ACCESS_TOKEN = ""  # the sandbox channel
    real = make_friend()
    sandbox = make_friend()
    sandbox.is_sandbox = True
    sandbox.save()
    assert (
        client.post("/liff/sandbox/id-token/", {"friend": real.pk}).status_code == 404
    )
    token = client.post("/liff/sandbox/id-token/", {"friend": sandbox.pk}).json()[
        "id_token"
    ]
    assert client.post("/liff/api/login/", {"id_token": token}).status_code == 200
    assert client.session[SESSION_KEY] == sandbox.pk
    # Asking for another sandbox friend shows the login page again.
    page = client.get(f"/liff/settings/?sandbox_friend={real.pk}")
    assert "LINEで確認しています" in page.text


def test_an_impossible_setting_is_refused_and_nothing_changes(
    client, liff_channel, topics
):
    me = logged_in_friend(client, liff_channel, topics=[topics["event"]])
    response = client.post(
        "/liff/api/settings/",
        {
            "topics": [topics["bousai"].pk],
            "reminder_timing": "evening",
            "evening_time": "03:00",  # not one of the times offered
        },
    )
    assert response.status_code == 400
    assert response.json()["message"] == "保存できませんでした。選び直してください。"
    assert list(me.topics.all()) == [topics["event"]]


def test_the_liff_endpoint_url_serves_the_menu(client):
    html = client.get("/liff/").text
    assert "受信設定" in html and "ごみ収集カレンダー" in html

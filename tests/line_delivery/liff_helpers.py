"""Helpers of the LIFF tests: a friend logged in through LINE Login's verify step."""

from django.test import Client

from tests.fake_line.pytest_plugin import FAKE_LINE_LOGIN_CHANNEL_ID
from tests.fake_line.server import FakeLineServer

from .conftest import make_friend


def liff_login(client: Client, fake: FakeLineServer, friend) -> None:
    """Log ``client`` in as ``friend`` the way the LIFF page does (verified token)."""
    token = fake.register_id_token(
        friend.line_user_id, client_id=FAKE_LINE_LOGIN_CHANNEL_ID
    )
    response = client.post("/liff/api/login/", {"id_token": token})
    assert response.status_code == 200, response.content


def logged_in_friend(client: Client, fake: FakeLineServer, **kwargs):
    friend = make_friend(**kwargs)
    liff_login(client, fake, friend)
    return friend

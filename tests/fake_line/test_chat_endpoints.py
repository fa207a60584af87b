"""The fake's chat endpoints validate as LINE does: markAsRead, loading, content."""

from __future__ import annotations

import json
from typing import Any

from linebot.v3.messaging import (
    ApiClient,
    MarkMessagesAsReadByTokenRequest,
    MessagingApi,
    MessagingApiBlob,
)
import pytest
import urllib3

from .server import FakeLineServer, new_user_id


def post(fake: FakeLineServer, path: str, body: Any, *, data_host: bool = False):
    base = fake.data_api_base_url if data_host else fake.api_base_url
    response = urllib3.request(
        "POST",
        base + path,
        body=json.dumps(body).encode(),
        headers={
            "Authorization": "Bearer fake-line-test-token",
            "Content-Type": "application/json",
        },
    )
    return response.status, response.json() if response.data else {}


def test_mark_as_read_accepts_only_tokens_a_webhook_carried(fake_line):
    user = fake_line.add_user()
    token = fake_line.issue_mark_as_read_token(user)
    with ApiClient(fake_line.sdk_configuration()) as client:
        MessagingApi(client).mark_messages_as_read_by_token(
            MarkMessagesAsReadByTokenRequest(mark_as_read_token=token)
        )
    assert fake_line.mark_as_read_tokens == [token]

    status, body = post(
        fake_line, "/v2/bot/chat/markAsRead", {"markAsReadToken": "made-up"}
    )
    assert status == 400
    assert body["message"].startswith("Invalid markAsReadToken.")
    status, body = post(fake_line, "/v2/bot/chat/markAsRead", {})
    assert status == 400
    assert fake_line.mark_as_read_tokens == [token]


@pytest.mark.parametrize(
    ("seconds", "problem"),
    [(7, "must be a multiple of five"), (65, None), (0, None)],
)
def test_loading_seconds_must_be_5_to_60_in_steps_of_five(fake_line, seconds, problem):
    status, body = post(
        fake_line,
        "/v2/bot/chat/loading/start",
        {"chatId": new_user_id(), "loadingSeconds": seconds},
    )
    assert status == 400
    properties = {d.get("property") for d in body.get("details", [])}
    assert "loadingSeconds" in properties
    if problem:
        assert problem in json.dumps(body)
    assert fake_line.loading_animations == []


def test_loading_needs_a_user_id_and_answers_202(fake_line):
    status, _ = post(
        fake_line,
        "/v2/bot/chat/loading/start",
        {"chatId": "C" + "0" * 32, "loadingSeconds": 20},
    )
    assert status == 400
    user = new_user_id()
    status, body = post(
        fake_line, "/v2/bot/chat/loading/start", {"chatId": user, "loadingSeconds": 20}
    )
    assert (status, body) == (202, {})
    assert fake_line.loading_animations == [{"chatId": user, "loadingSeconds": 20}]


def test_content_is_served_by_the_data_host_only_and_gone_after_retention(fake_line):
    fake_line.add_message_content("1001", b"\x89PNG fake", "image/png")
    with ApiClient(fake_line.sdk_configuration(data=True)) as client:
        response = MessagingApiBlob(client).get_message_content_with_http_info("1001")
    assert bytes(response.data) == b"\x89PNG fake"
    assert response.headers["Content-Type"] == "image/png"

    wrong_host = urllib3.request(
        "GET",
        fake_line.api_base_url + "/v2/bot/message/1001/content",
        headers={"Authorization": "Bearer fake-line-test-token"},
    )
    assert wrong_host.status == 404

    fake_line.expire_message_content("1001")
    gone = urllib3.request(
        "GET",
        fake_line.data_api_base_url + "/v2/bot/message/1001/content",
        headers={"Authorization": "Bearer fake-line-test-token"},
    )
    assert gone.status == 410
    assert gone.json() == {"message": "The content is gone"}

"""The sandbox channel: LINE without LINE.

With no channel access token (the embedded default of ``make run``) or with
``LINE_SANDBOX`` on, the real line-bot-sdk client is given a transport that hands each
request to the in-process LINE emulator (``line_emulator``) instead of the network.
Requests are validated exactly as the strict fake validates them, answered as LINE
would, and every accepted message is stored as a ``SandboxMessage`` so staff can see it
in the admin as the friend's phone would show it. Nothing leaves the machine.
"""

from functools import cache
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from urllib3 import HTTPHeaderDict

from .line_emulator.app import LineApp, Request
from .line_emulator.config import FakeLineConfig
from .line_emulator.records import Delivery as AcceptedSend
from .line_emulator.records import ReplyToken


SANDBOX_ACCESS_TOKEN = "sandbox-channel-access-token"  # noqa: S105 - not a secret


class SandboxResponse:
    """Just enough of ``urllib3.HTTPResponse`` for the SDK's ``RESTResponse``."""

    def __init__(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        self.status = status
        self.reason = ""
        self.data = data
        self.headers = HTTPHeaderDict(headers)


class SandboxTransport:
    """Stands in for the SDK's ``urllib3.PoolManager``; routes to the emulator."""

    def __init__(self, app: LineApp, api_base_url: str, data_api_base_url: str) -> None:
        self.app = app
        self.api_base_url = api_base_url
        self.data_api_base_url = data_api_base_url

    def request(
        self,
        method: str,
        url: str,
        body: str | bytes | None = None,
        fields: Any = None,
        headers: dict[str, str] | None = None,
        **_: Any,
    ) -> SandboxResponse:
        host = "data" if url.startswith(self.data_api_base_url) else "api"
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if body is None and fields and method != "GET":
            body = urlencode(fields)
        if isinstance(body, str):
            body = body.encode()
        request = Request(
            host=host,
            method=method,
            path=parts.path,
            query=query,
            headers={name.lower(): value for name, value in (headers or {}).items()},
            body=body or b"",
        )
        response = self.app.handle(request)
        response_headers = dict(response.headers)
        if response.content_type:
            response_headers["Content-Type"] = response.content_type
        return SandboxResponse(response.status, response.body, response_headers)


def record_accepted_send(send: AcceptedSend) -> None:
    """Store what each sandbox friend received, as their phone would show it."""
    from .flex import TEST_BANNER
    from .models import Friend, SandboxMessage

    if send.endpoint == "broadcast":
        friends = list(Friend.objects.following())
    elif send.endpoint == "reply" and send.destination:
        friends = list(_friends_by_user_id({send.destination}))
    else:
        wanted = set(send.recipients)
        friends = [
            friend for friend in _friends_by_user_id(wanted) if friend is not None
        ]
    rows = [
        SandboxMessage(
            friend=friend,
            endpoint=send.endpoint,
            message=message,
            retry_key=send.retry_key or "",
            is_test=str(message.get("altText", "")).startswith(TEST_BANNER),
        )
        for friend in friends
        for message in send.messages
    ]
    SandboxMessage.objects.bulk_create(rows, batch_size=1000)


def _friends_by_user_id(user_ids: set[str]):
    from .crypto import lookup_hash
    from .models import Friend

    hashes = {lookup_hash(user_id) for user_id in user_ids}
    return Friend.objects.filter(line_user_id_hash__in=hashes)


def register_reply_token(reply_token: str, user_id: str) -> None:
    """Tell the sandbox who a webhook's reply token belongs to, so the reply is recorded.

    On LINE the token comes with the event; the sandbox did not issue it.
    """
    app = sandbox_app()
    with app.lock:
        if reply_token not in app.reply_tokens:
            app.reply_tokens[reply_token] = ReplyToken(
                reply_token, user_id, app.clock.now()
            )


@cache
def sandbox_app() -> LineApp:
    """One emulator per process, configured like LINE (rate limits included)."""
    config = FakeLineConfig(
        # Reply tokens come from real webhook events, which the emulator did not issue.
        strict_reply_tokens=False,
        # A long-running process must not keep every request in memory.
        record_request_bodies=False,
        max_request_log=1000,
    )
    app = LineApp(channel_access_token=SANDBOX_ACCESS_TOKEN, config=config)
    app.delivery_listeners.append(record_accepted_send)
    return app


def describe(message: dict[str, Any]) -> str:
    """A one-line summary of a message (for admin listings)."""
    return str(
        message.get("altText") or message.get("text") or json.dumps(message)[:80]
    )

"""HTTP listeners and the public Python API of the fake LINE server.

Two loopback listeners share one :class:`LineApp`: one plays ``api.line.me``
and one ``api-data.line.me``. Separate ports are what makes the fake strict
about hosts: an api-data endpoint called on the api port gets 404, as on LINE.
The stdlib ``ThreadingHTTPServer`` with HTTP/1.1 keep-alive is fast enough
for the benchmarks (see README.md) and needs no dependency.
"""

from __future__ import annotations

from collections.abc import Iterable
import contextlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
from pathlib import Path
import secrets
import socket
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl, unquote
import uuid

from line_delivery.line_emulator.app import LineApp, Request, Response, json_bytes
from line_delivery.line_emulator.config import FakeLineConfig, RateLimit
from line_delivery.line_emulator.faults import Faults
from line_delivery.line_emulator.records import (
    Delivery,
    LoginAccessToken,
    ReceivedMessage,
    ReplyToken,
    RequestRecord,
    RichMenu,
    RichMenuSwitch,
    UserProfile,
)
from line_delivery.line_emulator.spec import load_spec
from line_delivery.line_emulator.validation import USER_ID_RE


if TYPE_CHECKING:
    from linebot.v3.messaging import Configuration


CONTROL_PREFIX = "/__fake__/"
_REASONS = {
    200: "OK",
    202: "Accepted",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
#: Bodies above this are answered 413 without being read; the connection closes.
_DRAIN_LIMIT = 16 * 1024 * 1024


def new_user_id() -> str:
    """A random, well-formed LINE user ID (``U`` + 32 lowercase hex digits)."""
    return "U" + secrets.token_hex(16)


# --------------------------------------------------------------------------
# HTTP layer
# --------------------------------------------------------------------------


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def __init__(
        self, address: tuple[str, int], host_kind: str, owner: FakeLineServer
    ) -> None:
        self.host_kind = host_kind
        self.owner = owner
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    """Moves bytes between the socket and :class:`LineApp` (HTTP/1.1 keep-alive)."""

    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        with contextlib.suppress(OSError):  # not a TCP socket
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request stderr log (it would dominate benchmarks)."""

    def _serve(self) -> None:
        owner = self.server.owner
        app = owner.app
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            self._send(
                Response(411, json_bytes({"message": "Length Required"})), close=True
            )
            return
        try:
            length = int(self.headers.get("content-length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._send(
                Response(400, json_bytes({"message": "Bad Content-Length"})), close=True
            )
            return
        # The raw request target: http.server collapses a leading "//" in
        # ``self.path`` and urlsplit() would read it as a host, but LINE
        # answers 404 to "//v2/..." (an SDK host with a trailing slash).
        parts = self.requestline.split(" ")
        target = parts[1] if len(parts) >= 2 else self.path
        raw_path, _, raw_query = target.partition("?")
        path = unquote(raw_path)
        query = dict(parse_qsl(raw_query, keep_blank_values=True))
        if length > app.config.max_body_bytes:
            if length <= _DRAIN_LIMIT:
                self.rfile.read(length)
            response = app.oversize(self.server.host_kind, self.command, path, query)
            self._send(response, close=True)
            return
        body = self.rfile.read(length) if length else b""
        if self.server.host_kind == "api" and path.startswith(CONTROL_PREFIX):
            self._send(owner.control(self.command, path, query, body))
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Request(
            self.server.host_kind, self.command, path, query, headers, body
        )
        response = app.handle(request)
        if response.delay:
            time.sleep(response.delay)
        if response.disconnect:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._send(response)

    do_GET = _serve
    do_POST = _serve
    do_PUT = _serve
    do_DELETE = _serve
    do_PATCH = _serve

    def _send(self, response: Response, *, close: bool = False) -> None:
        reason = _REASONS.get(response.status, "Unknown")
        lines = [f"HTTP/1.1 {response.status} {reason}"]
        if response.content_type:
            lines.append(f"Content-Type: {response.content_type}")
        lines.append(f"Content-Length: {len(response.body)}")
        if "X-Line-Request-Id" not in response.headers:
            response.headers["X-Line-Request-Id"] = str(uuid.uuid4())
        for name, value in response.headers.items():
            lines.append(f"{name}: {value}")
        if close or self.close_connection:
            lines.append("Connection: close")
            self.close_connection = True
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        try:
            self.wfile.write(head + response.body)
        except OSError:
            self.close_connection = True


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


class FakeLineServer:
    """A strict fake of LINE's Messaging API on loopback, for tests and benchmarks.

    >>> with FakeLineServer(
    ...     channel_access_token="test-token"
    ... ) as fake:  # doctest: +SKIP
    ...     fake.api_base_url, fake.data_api_base_url
    """

    def __init__(
        self,
        channel_access_token: str = "test-token",
        *,
        host: str = "127.0.0.1",
        api_port: int = 0,
        data_port: int = 0,
        config: FakeLineConfig | None = None,
        seed: int | None = None,
        spec_dir: str | Path | None = None,
        login_channel_id: str = "1234567890",
    ) -> None:
        config = config or FakeLineConfig()
        spec = load_spec(
            str(spec_dir) if spec_dir else None, config.reject_unknown_properties
        )
        self.app = LineApp(
            channel_access_token=channel_access_token,
            config=config,
            spec=spec,
            seed=seed,
            login_channel_id=login_channel_id,
        )
        self._host = host
        self._ports = (api_port, data_port)
        self._servers: list[_HTTPServer] = []
        self._threads: list[threading.Thread] = []

    # ----------------------------------------------------------- lifecycle

    def start(self) -> Self:
        """Bind both listeners and serve them from daemon threads."""
        if self._servers:
            return self
        for kind, port in zip(("api", "data"), self._ports, strict=True):
            server = _HTTPServer((self._host, port), kind, self)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.2},
                name=f"fake-line-{kind}",
                daemon=True,
            )
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving and close the sockets."""
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Block until interrupted (used by ``python -m tests.fake_line``)."""
        self.start()
        try:
            while True:
                time.sleep(3600)
        finally:
            self.stop()

    # ------------------------------------------------------------ addresses

    def _url(self, index: int) -> str:
        if not self._servers:
            raise RuntimeError("FakeLineServer is not started")
        host, port = self._servers[index].server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_base_url(self) -> str:
        """Base URL playing ``https://api.line.me`` (no trailing slash)."""
        return self._url(0)

    @property
    def data_api_base_url(self) -> str:
        """Base URL playing ``https://api-data.line.me`` (no trailing slash)."""
        return self._url(1)

    @property
    def channel_access_token(self) -> str:
        """The channel access token the fake was configured with."""
        return self.app.initial_token

    def sdk_configuration(self, *, data: bool = False) -> Configuration:
        """A ``linebot.v3.messaging.Configuration`` pointing at the api (or data) host."""
        from linebot.v3.messaging import Configuration

        return Configuration(
            host=self.data_api_base_url if data else self.api_base_url,
            access_token=self.channel_access_token,
        )

    # --------------------------------------------------------------- config

    @property
    def config(self) -> FakeLineConfig:
        """The live configuration; change fields directly, ``reset()`` restores them."""
        return self.app.config

    @property
    def faults(self) -> Faults:
        """Fault injection rules (see faults.py)."""
        return self.app.faults

    def reset(self) -> None:
        """Forget all recorded data and state; restore the initial configuration."""
        self.app.reset()

    def advance_time(self, seconds: float) -> None:
        """Jump the fake's clock (expire retry keys/reply tokens, refill rate limits)."""
        self.app.clock.advance(seconds)

    def now(self) -> float:
        """The fake's current UNIX time."""
        return self.app.clock.now()

    def set_rate_limit(
        self, operation_id: str, requests: int | None, per_seconds: float = 1.0
    ) -> None:
        """Override one endpoint's token bucket (``None``: unlimited); ``"*"`` = the default."""
        limit = None if requests is None else RateLimit(requests, per_seconds)
        with self.app.lock:
            if operation_id == "*":
                self.app.config.default_rate_limit = limit
            else:
                self.app.config.rate_limits[operation_id] = limit
            self.app.buckets.clear()

    def disable_rate_limits(self) -> None:
        """Turn rate limiting off (e.g. for throughput measurements)."""
        self.app.config.rate_limits_enabled = False

    def set_monthly_quota(self, messages: int | None, used: int = 0) -> None:
        """Limit the monthly quota (429 "You have reached your monthly limit.")."""
        with self.app.lock:
            self.app.config.monthly_quota = messages
            self.app.quota_used = used

    def add_channel_access_token(self, token: str) -> None:
        """Accept another Bearer token (e.g. a rotated stateless token)."""
        with self.app.lock:
            self.app.tokens.add(token)

    def revoke_channel_access_token(self, token: str) -> None:
        """Stop accepting a Bearer token (requests get 401)."""
        with self.app.lock:
            self.app.tokens.discard(token)

    @property
    def bot_info(self) -> dict[str, Any]:
        """``GET /v2/bot/info`` response; mutate to customise."""
        return self.app.bot_info

    # ---------------------------------------------------------------- users

    def add_user(
        self,
        user_id: str | None = None,
        *,
        display_name: str = "Test User",
        picture_url: str | None = None,
        status_message: str | None = None,
        language: str | None = "ja",
        follower: bool = True,
        demographics: dict[str, Any] | None = None,
    ) -> str:
        """Register a user (a follower by default); returns the user ID."""
        user_id = user_id or new_user_id()
        if USER_ID_RE.match(user_id) is None:
            raise ValueError(f"not a LINE user ID: {user_id!r}")
        profile = UserProfile(
            user_id=user_id,
            display_name=display_name,
            picture_url=picture_url,
            status_message=status_message,
            language=language,
            follower=follower,
            demographics=dict(demographics or {}),
            followed_at=self.app.clock.now(),
        )
        with self.app.lock:
            if user_id not in self.app.users:
                self.app.follower_ids.append(user_id)
            self.app.users[user_id] = profile
        return user_id

    def add_followers(self, count_or_ids: int | Iterable[str]) -> list[str]:
        """Register followers in bulk (``broadcast`` expands to them); returns their IDs."""
        if isinstance(count_or_ids, int):
            ids = [new_user_id() for _ in range(count_or_ids)]
        else:
            ids = list(count_or_ids)
        with self.app.lock:
            for user_id in ids:
                if USER_ID_RE.match(user_id) is None:
                    raise ValueError(f"not a LINE user ID: {user_id!r}")
                if user_id not in self.app.users:
                    self.app.follower_ids.append(user_id)
                    self.app.users[user_id] = UserProfile(
                        user_id=user_id, followed_at=self.app.clock.now()
                    )
        return ids

    def set_followers(self, user_ids: Iterable[str]) -> None:
        """Replace the follower list."""
        with self.app.lock:
            self.app.users.clear()
            self.app.follower_ids.clear()
        self.add_followers(list(user_ids))

    def block(self, user_id: str) -> None:
        """The user blocks the OA: no broadcasts, profile 404 (push still answers 200)."""
        with self.app.lock:
            profile = self.app.users.setdefault(user_id, UserProfile(user_id=user_id))
            profile.blocked = True
            profile.blocked_at = self.app.clock.now()

    def unblock(self, user_id: str) -> None:
        """Undo :meth:`block`."""
        with self.app.lock:
            if user_id in self.app.users:
                self.app.users[user_id].blocked = False
                self.app.users[user_id].blocked_at = None

    # ------------------------------------------------------------- insight

    def record_interaction(
        self,
        request_id: str,
        user_id: str,
        kind: str = "impression",
        *,
        seq: int = 1,
        url: str | None = None,
    ) -> None:
        """A recipient opens (``impression``), clicks (``click`` + ``url``) or plays
        (``media`` / ``media_complete``) message ``seq`` of an accepted request; the
        insight endpoints count it (nulls below 20, as on LINE)."""
        self.app.record_interaction(request_id, user_id, kind, seq=seq, url=url)

    @property
    def aggregation_units(self) -> list[str]:
        """Unit names assigned this month (JST), in first-use order."""
        with self.app.lock:
            return list(self.app.aggregation_units.get(self.app._month(), []))

    @property
    def followers(self) -> list[str]:
        """Active followers in follow order."""
        with self.app.lock:
            return self.app._active_followers()

    def issue_reply_token(self, source: str) -> str:
        """A reply token as a webhook would carry it (single use, valid 1 minute)."""
        token = secrets.token_hex(16)
        with self.app.lock:
            self.app.reply_tokens[token] = ReplyToken(
                token, source, self.app.clock.now()
            )
        return token

    def add_audience(self, audience_group_id: int, user_ids: Iterable[str]) -> None:
        """Define an audience usable in narrowcast ``recipient``."""
        with self.app.lock:
            self.app.audiences[audience_group_id] = list(user_ids)

    def add_message_content(
        self, message_id: str, data: bytes, content_type: str = "image/jpeg"
    ) -> None:
        """Content for ``GET api-data /v2/bot/message/{messageId}/content``."""
        with self.app.lock:
            self.app.message_contents[message_id] = (data, content_type)

    def issue_mark_as_read_token(self, user_id: str) -> str:
        """A ``message.markAsReadToken`` as a webhook would carry it for ``user_id``."""
        token = f"mr-{user_id[-6:]}-{secrets.token_urlsafe(18)}"
        with self.app.lock:
            self.app.issued_mark_as_read_tokens.add(token)
        return token

    def expire_message_content(self, message_id: str) -> None:
        """The content is past LINE's retention: ``getMessageContent`` answers 410."""
        with self.app.lock:
            self.app.expired_contents.add(message_id)

    @property
    def mark_as_read_tokens(self) -> list[str]:
        """Tokens accepted by ``POST /v2/bot/chat/markAsRead``, in order."""
        with self.app.lock:
            return list(self.app.mark_as_read_tokens)

    @property
    def loading_animations(self) -> list[dict[str, Any]]:
        """Accepted ``POST /v2/bot/chat/loading/start`` bodies, in order."""
        with self.app.lock:
            return [dict(body) for body in self.app.loading_animations]

    # ------------------------------------------------------------ recording

    def received(self, user_id: str) -> list[ReceivedMessage]:
        """Every message accepted for ``user_id`` (or a group/room ID), oldest first."""
        return self.app.received(user_id)

    def received_texts(self, user_id: str) -> list[str | None]:
        """Shortcut: ``text``/``altText`` of :meth:`received`."""
        return [item.text for item in self.received(user_id)]

    @property
    def deliveries(self) -> list[Delivery]:
        """Accepted send requests, oldest first."""
        with self.app.lock:
            return list(self.app.deliveries)

    def message_count(self, endpoint: str | None = None) -> int:
        """Messages delivered (messages × recipients), optionally for one endpoint."""
        with self.app.lock:
            return sum(
                len(d.messages) * len(d.recipients)
                for d in self.app.deliveries
                if endpoint is None or d.endpoint == endpoint
            )

    def recipients(self) -> set[str]:
        """Every user/group/room ID that received at least one message."""
        with self.app.lock:
            return {uid for uid, items in self.app.inbox.items() if items}

    def delivery_counts(self) -> dict[str, int]:
        """How many deliveries (requests) each recipient got; duplicates show as > 1."""
        with self.app.lock:
            return {uid: len(items) for uid, items in self.app.inbox.items()}

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request seen (accepted and rejected), oldest first."""
        with self.app.lock:
            return list(self.app.request_log)

    def requests_for(self, operation_id: str) -> list[RequestRecord]:
        """Requests to one operation (``"pushMessage"``, ``"multicast"``...)."""
        return [r for r in self.requests if r.operation_id == operation_id]

    @property
    def warnings(self) -> list[str]:
        """Suspicious but accepted things (retry key reused with another body...)."""
        with self.app.lock:
            return list(self.app.warnings)

    @property
    def quota_used(self) -> int:
        """Messages counted against the monthly quota."""
        return self.app.quota_used

    def stats(self) -> dict[str, Any]:
        """Counters for benchmarks and the control endpoint."""
        with self.app.lock:
            by_endpoint: dict[str, int] = {}
            for delivery in self.app.deliveries:
                by_endpoint[delivery.endpoint] = by_endpoint.get(
                    delivery.endpoint, 0
                ) + len(delivery.messages) * len(delivery.recipients)
            duplicates = sum(1 for items in self.app.inbox.values() if len(items) > 1)
            accepted_by_operation: dict[str, int] = {}
            for record in self.app.request_log:
                if record.accepted and record.operation_id:
                    accepted_by_operation[record.operation_id] = (
                        accepted_by_operation.get(record.operation_id, 0) + 1
                    )
            return {
                "requests": len(self.app.request_log),
                "status_counts": {
                    str(k): v for k, v in sorted(self.app.status_counts.items())
                },
                "accepted_deliveries": len(self.app.deliveries),
                "messages_by_endpoint": by_endpoint,
                # Requests LINE accepted per operation (replyMessage, pushMessage…),
                # also when bodies are not recorded.
                "accepted_by_operation": accepted_by_operation,
                "recipients": len(self.app.inbox),
                "recipients_with_multiple_deliveries": duplicates,
                "quota_used": self.app.quota_used,
                "warnings": len(self.app.warnings),
                "faults_fired": len(self.app.faults.fired),
            }

    # ----------------------------------------------------------- rich menus

    @property
    def rich_menus(self) -> dict[str, RichMenu]:
        """Created rich menus by ID."""
        with self.app.lock:
            return dict(self.app.rich_menus)

    @property
    def rich_menu_aliases(self) -> dict[str, str]:
        """Alias ID → rich menu ID."""
        with self.app.lock:
            return dict(self.app.aliases)

    @property
    def default_rich_menu_id(self) -> str | None:
        """The default rich menu set through the API."""
        return self.app.default_rich_menu

    def linked_rich_menu(self, user_id: str) -> str | None:
        """The per-user rich menu (link, bulk link, batch or richmenuswitch)."""
        with self.app.lock:
            return self.app.user_rich_menus.get(user_id)

    def displayed_rich_menu(self, user_id: str) -> str | None:
        """What the user sees: per-user menu first, then the API default."""
        return self.app.displayed_rich_menu(user_id)

    @property
    def rich_menu_switches(self) -> list[RichMenuSwitch]:
        """Simulated ``richmenuswitch`` taps."""
        with self.app.lock:
            return list(self.app.switches)

    def tap_rich_menu_switch(
        self, user_id: str, rich_menu_alias_id: str, data: str | None = None
    ) -> dict[str, Any]:
        """Simulate a tap on a ``richmenuswitch`` action.

        Returns the ``postback`` object of the webhook event LINE would send
        (``{"data": ..., "params": {"newRichMenuAliasId": ..., "status": ...}}``).
        On success the target menu becomes the user's per-user menu.
        """
        return self.app.tap_rich_menu_switch(user_id, rich_menu_alias_id, data)

    def tap_rich_menu_area(self, user_id: str, x: int, y: int) -> dict[str, Any] | None:
        """Tap point (x, y) of the user's displayed rich menu; returns the area's action.

        A ``richmenuswitch`` action is applied (see :meth:`tap_rich_menu_switch`).
        """
        rich_menu_id = self.displayed_rich_menu(user_id)
        if rich_menu_id is None:
            return None
        with self.app.lock:
            menu = self.app.rich_menus[rich_menu_id]
        for area in menu.body.get("areas", []):
            bounds = area["bounds"]
            if (
                bounds["x"] <= x < bounds["x"] + bounds["width"]
                and bounds["y"] <= y < bounds["y"] + bounds["height"]
            ):
                action = dict(area["action"])
                if action.get("type") == "richmenuswitch":
                    self.tap_rich_menu_switch(
                        user_id, action["richMenuAliasId"], action.get("data")
                    )
                return action
        return None

    # --------------------------------------------------------------- login

    def register_id_token(self, user_id: str, **options: Any) -> str:
        """Make an ID token that ``POST /oauth2/v2.1/verify`` accepts; returns it.

        The emulator mints it (``LineApp.issue_id_token``: client_id, name, picture,
        email, nonce, expires_in, amr, token), so the fake and the sandbox agree.
        """
        return self.app.issue_id_token(user_id, **options)

    def register_login_access_token(
        self,
        user_id: str,
        *,
        client_id: str | None = None,
        scope: str = "profile openid",
        expires_in: float = 30 * 86400.0,
        token: str | None = None,
    ) -> str:
        """A LIFF/LINE Login user access token for ``GET /oauth2/v2.1/verify`` and ``/v2/profile``."""
        token = token or secrets.token_urlsafe(32)
        with self.app.lock:
            self.app.login_tokens[token] = LoginAccessToken(
                token,
                client_id or self.app.login_channel_id,
                user_id,
                scope,
                self.app.clock.now() + expires_in,
            )
        return token

    # -------------------------------------------------------------- control

    def control(
        self, method: str, path: str, query: dict[str, str], body: bytes
    ) -> Response:
        """Tiny JSON control API under ``/__fake__/`` for out-of-process use."""
        name = path[len(CONTROL_PREFIX) :]
        try:
            data = json.loads(body) if body else {}
        except json.JSONDecodeError:
            return Response(400, json_bytes({"message": "control body must be JSON"}))
        try:
            result = self._control(method, name, query, data)
        except (KeyError, TypeError, ValueError) as error:
            return Response(
                400, json_bytes({"message": f"bad control request: {error!r}"})
            )
        if result is None:
            return Response(404, json_bytes({"message": "unknown control endpoint"}))
        return Response(200, json_bytes(result))

    def _control(
        self, method: str, name: str, query: dict[str, str], data: dict[str, Any]
    ) -> Any:
        if method == "GET" and name == "stats":
            return self.stats()
        if method == "POST" and name == "reset":
            self.reset()
            return {}
        if method == "GET" and name.startswith("received/"):
            return [
                {
                    "message": m.message,
                    "endpoint": m.endpoint,
                    "requestId": m.request_id,
                    "retryKey": m.retry_key,
                    "acceptedAt": m.accepted_at,
                }
                for m in self.received(name.split("/", 1)[1])
            ]
        if method == "GET" and name == "delivery-counts":
            return self.delivery_counts()
        if method == "GET" and name == "warnings":
            return self.warnings
        if method == "POST" and name == "followers":
            ids = self.add_followers(
                data["userIds"] if "userIds" in data else int(data["count"])
            )
            return {"userIds": ids} if data.get("return", True) else {"count": len(ids)}
        if method == "POST" and name == "rate-limit":
            self.set_rate_limit(
                data["operation"], data.get("requests"), data.get("perSeconds", 1.0)
            )
            return {}
        if method == "POST" and name == "config":
            for key, value in data.items():
                if key not in FakeLineConfig.__slots__ or key == "rate_limits":
                    raise KeyError(key)
                setattr(self.config, key, value)
            return {}
        if method == "POST" and name == "reply-tokens":
            # Out-of-process webhook generators: one reply token per user id, as
            # the webhook events LINE sends would carry them.
            return {"tokens": [self.issue_reply_token(u) for u in data["userIds"]]}
        if method == "POST" and name == "advance-time":
            self.advance_time(float(data["seconds"]))
            return {}
        if method == "POST" and name == "faults":
            kind = data.pop("kind")
            if kind == "clear":
                self.faults.clear()
                return {}
            if kind not in (
                "fail_before_accept",
                "fail_after_accept",
                "delay",
                "disconnect",
                "next_n",
            ):
                raise ValueError(kind)
            getattr(self.faults, kind)(**data)
            return {}
        if method == "GET" and name == "requests":
            limit = int(query.get("limit", "100"))
            return [
                {
                    "requestId": r.request_id,
                    "operation": r.operation_id,
                    "status": r.status,
                    "retryKey": r.retry_key,
                    "error": r.error,
                    "fault": r.fault,
                }
                for r in self.requests[-limit:]
            ]
        return None

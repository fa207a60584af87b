"""Request handling of the fake LINE server, independent of the HTTP plumbing.

``LineApp.handle()`` takes a parsed request and returns a response; the
HTTP layer (server.py) only moves bytes. Checks run in LINE's order: routing
(404/405), body size (413, in the HTTP layer), authentication (401), retry-key
header (400), rate limit (429), body validation (400), then the commit step
where the retry-key store (409), the monthly quota (429) and fault injection
apply, and finally the state change is recorded.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
import hashlib
import itertools
import json
import secrets
import threading
import time
import traceback
from typing import Any
from urllib.parse import parse_qs
import uuid

from .config import FakeLineConfig, RateLimit
from .faults import FaultDecision, Faults
from .images import image_size, sniff_type
from .records import (
    BatchJob,
    Delivery,
    IdToken,
    Interaction,
    LoginAccessToken,
    NarrowcastJob,
    ReceivedMessage,
    ReplyToken,
    RequestRecord,
    RetryKeyEntry,
    RichMenu,
    RichMenuSwitch,
    UserProfile,
)
from .spec import CompiledSpec, Issue, Operation, load_spec
from .validation import (
    AGGREGATION_UNIT_RE,
    RICH_MENU_ALIAS_RE,
    USER_ID_RE,
    UUID_RE,
    Checker,
    destination_kind,
)


JST = timezone(timedelta(hours=9))

RETRY_KEY_OPERATIONS = frozenset(
    {"pushMessage", "multicast", "broadcast", "narrowcast"}
)
SEND_ENDPOINTS = {
    "replyMessage": "reply",
    "pushMessage": "push",
    "multicast": "multicast",
    "broadcast": "broadcast",
    "narrowcast": "narrowcast",
}

MSG_NOT_FOUND = {"message": "Not found"}
MSG_RATE_LIMIT = {"message": "The API rate limit has been exceeded. Try again later."}
MSG_MONTHLY_LIMIT = {"message": "You have reached your monthly limit."}
MSG_AUTH_REQUIRED = {
    "message": "Authorization header required. Must follow the scheme, "
    "'Authorization: Bearer <ACCESS TOKEN>'"
}
MSG_AUTH_FAILED = {
    "message": "Authentication failed. Confirm that the access token in the "
    "authorization header is valid."
}
MSG_NO_IMAGE = {"message": "must upload richmenu image before applying it to user"}
MSG_RETRY_ACCEPTED = "The retry key is already accepted"
MSG_READ_RECEIPT_REFUSED = (
    "Invalid markAsReadToken. Tokens must be used by the bot that received them "
    "via Webhook."
)


# --------------------------------------------------------------------------
# Plumbing types
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Request:
    """A request as parsed by the HTTP layer."""

    host: str  # "api" | "data"
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: bytes


@dataclass(slots=True)
class Response:
    """What the HTTP layer must send back."""

    status: int
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    disconnect: bool = False


class LineError(Exception):
    """An error response in LINE's shape."""

    def __init__(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(body.get("message", ""))
        self.status = status
        self.body = body
        self.headers = headers or {}


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON, as LINE sends it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def issues_error(issues: list[Issue]) -> LineError:
    """Turn validation issues into LINE's 400 body."""
    unique: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    for issue in issues:
        key = (issue.property, issue.message)
        if key not in seen:
            seen.add(key)
            unique.append(issue)
    invalid = [i for i in unique if i.kind == "invalid"]
    if invalid:
        message = (
            f"The property, {invalid[0].property}, in the request body is invalid "
            "(line: -, column: -)"
        )
        shown = invalid
    else:
        message = f"The request body has {len(unique)} error(s)"
        shown = unique
    details = [{"message": i.message, "property": i.property} for i in shown]
    return LineError(400, {"message": message, "details": details})


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON constant {name}")


class Clock:
    """Wall clock with an adjustable offset so tests can jump 24 h or an hour."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        """Current (possibly shifted) UNIX time."""
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward (rate-limit buckets refill, keys expire)."""
        self.offset += seconds


class TokenBucket:
    """LINE-style token bucket: capacity ``requests``, refilled continuously."""

    __slots__ = ("capacity", "rate", "stamp", "tokens")

    def __init__(self, limit: RateLimit, now: float) -> None:
        self.capacity = float(limit.requests)
        self.rate = limit.rate
        self.tokens = self.capacity
        self.stamp = now

    def take(self, now: float) -> bool:
        """Consume one token if available."""
        if now > self.stamp:
            self.tokens = min(
                self.capacity, self.tokens + (now - self.stamp) * self.rate
            )
            self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


@dataclass
class Context:
    """Per-request state passed to handlers."""

    request: Request
    request_id: str
    operation: Operation
    record: RequestRecord
    retry_key: str | None
    body: Any = None
    path_params: dict[str, str] = field(default_factory=dict)
    fault_after: FaultDecision | None = None


Handler = Callable[[Context], Response]


# --------------------------------------------------------------------------
# The application
# --------------------------------------------------------------------------


class LineApp:
    """All state and behaviour of the fake; thread-safe behind one lock."""

    def __init__(
        self,
        *,
        channel_access_token: str,
        config: FakeLineConfig,
        spec: CompiledSpec | None = None,
        seed: int | None = None,
        login_channel_id: str = "1234567890",
        bot_user_id: str = "U" + "f" * 32,
    ) -> None:
        self.spec = spec or load_spec(None, config.reject_unknown_properties)
        self.initial_config = config.copy()
        self.config = config
        self.initial_token = channel_access_token
        self.login_channel_id = login_channel_id
        self.bot_user_id = bot_user_id
        self.seed = seed
        self.faults = Faults(seed)
        self.clock = Clock()
        self.lock = threading.RLock()
        self._ops_by_host: dict[str, list[Operation]] = {"api": [], "data": []}
        for operation in self.spec.operations:
            self._ops_by_host[operation.host].append(operation)
        self._handlers: dict[str, Handler] = self._build_handlers()
        self._id_counter = itertools.count(600_000_000_000_000_000)
        #: Called with every accepted send, after it is recorded (the sandbox
        #: channel stores them in the database). Survives ``reset()``.
        self.delivery_listeners: list[Callable[[Delivery], None]] = []
        self._reset_state()

    # ------------------------------------------------------------- state

    def _reset_state(self) -> None:
        with self.lock:
            self.tokens: set[str] = {self.initial_token}
            self.deliveries: list[Delivery] = []
            self.inbox: dict[str, list[Delivery]] = defaultdict(list)
            self.request_log: list[RequestRecord] = []
            self.retry_keys: dict[str, RetryKeyEntry] = {}
            self.buckets: dict[str, TokenBucket] = {}
            self.users: dict[str, UserProfile] = {}
            self.follower_ids: list[str] = []
            self.rich_menus: dict[str, RichMenu] = {}
            self.aliases: dict[str, str] = {}
            self.default_rich_menu: str | None = None
            self.user_rich_menus: dict[str, str] = {}
            self.switches: list[RichMenuSwitch] = []
            self.reply_tokens: dict[str, ReplyToken] = {}
            self.id_tokens: dict[str, IdToken] = {}
            self.login_tokens: dict[str, LoginAccessToken] = {}
            self.audiences: dict[int, list[str]] = {}
            self.narrowcasts: dict[str, NarrowcastJob] = {}
            self.batches: dict[str, BatchJob] = {}
            self.message_contents: dict[str, tuple[bytes, str]] = {}
            self.mark_as_read_tokens: list[str] = []
            #: Tokens webhooks carried (``message.markAsReadToken``); others get 400.
            self.issued_mark_as_read_tokens: set[str] = set()
            #: Content past LINE's retention: 410 "The content is gone".
            self.expired_contents: set[str] = set()
            self.loading_animations: list[dict[str, Any]] = []
            self.webhook_endpoint: str | None = None
            #: Unit names used per calendar month (JST ``YYYYMM``), in first-use order.
            self.aggregation_units: dict[str, list[str]] = {}
            self.interactions: list[Interaction] = []
            self.quota_used = 0
            self.warnings: list[str] = []
            self.status_counts: dict[int, int] = defaultdict(int)
            self.bot_info: dict[str, Any] = {
                "userId": self.bot_user_id,
                "basicId": "@000fake",
                "displayName": "Fake Official Account",
                "chatMode": "bot",
                "markAsReadMode": "auto",
            }

    def reset(self) -> None:
        """Forget everything and restore the initial configuration."""
        with self.lock:
            restored = self.initial_config.copy()
            for name in restored.__slots__:  # keep the same object for holders
                setattr(self.config, name, getattr(restored, name))
            self.clock.offset = 0.0
            self.faults.clear()
            self.faults.seed(self.seed)
            self._reset_state()

    def new_message_id(self) -> str:
        """An 18-digit message ID (a string: IDs exceed 2^53)."""
        return str(next(self._id_counter))

    # ------------------------------------------------------------ routing

    def route(
        self, host: str, method: str, path: str
    ) -> tuple[Operation, dict[str, str]]:
        """Find the spec operation; 404 on the wrong host, 405 on a wrong method."""
        if "//" in path or (path.endswith("/") and path != "/"):
            raise LineError(404, MSG_NOT_FOUND)
        path_matched = False
        for operation in self._ops_by_host[host]:
            match = operation.regex.match(path)
            if match is None:
                continue
            if operation.method == method:
                return operation, match.groupdict()
            path_matched = True
        if path_matched:
            raise LineError(405, {"message": "Method Not Allowed"})
        raise LineError(404, MSG_NOT_FOUND)

    def handle(self, request: Request) -> Response:
        """Process one request end to end (never raises)."""
        started = time.perf_counter()
        request_id = str(uuid.uuid4())
        record = RequestRecord(
            request_id=request_id,
            at=self.clock.now(),
            method=request.method,
            host=request.host,
            path=request.path,
            query=request.query,
            operation_id=None,
        )
        try:
            response = self._handle(request, request_id, record)
        except LineError as error:
            record.error = error.body
            response = Response(
                error.status, json_bytes(error.body), headers=dict(error.headers)
            )
        except Exception as error:  # noqa: BLE001 - a fake must answer, not crash
            record.error = {
                "message": f"fake LINE server bug: {error!r}",
                "traceback": traceback.format_exc(),
            }
            response = Response(500, json_bytes({"message": "Internal server error"}))
        response.headers["X-Line-Request-Id"] = request_id
        record.status = response.status
        record.duration = time.perf_counter() - started
        self._log(record)
        return response

    def oversize(
        self, host: str, method: str, path: str, query: dict[str, str]
    ) -> Response:
        """413 for a body over ``max_body_bytes`` (answered before reading it all)."""
        request_id = str(uuid.uuid4())
        body = {"message": "Payload Too Large"}
        record = RequestRecord(
            request_id=request_id,
            at=self.clock.now(),
            method=method,
            host=host,
            path=path,
            query=query,
            operation_id=None,
            status=413,
            error=body,
        )
        self._log(record)
        return Response(
            413, json_bytes(body), headers={"X-Line-Request-Id": request_id}
        )

    def _log(self, record: RequestRecord) -> None:
        with self.lock:
            self.status_counts[record.status] += 1
            log = self.request_log
            log.append(record)
            limit = self.config.max_request_log
            if limit is not None and len(log) > limit:
                del log[: len(log) - limit]

    def _handle(
        self, request: Request, request_id: str, record: RequestRecord
    ) -> Response:
        if request.host == "api" and request.path.startswith("/oauth2/v2.1/verify"):
            record.operation_id = (
                "verifyIdToken" if request.method == "POST" else "verifyAccessToken"
            )
            return self._login_verify(request, record)
        if request.host == "api" and request.path == "/v2/profile":
            record.operation_id = "getLoginProfile"
            return self._login_profile(request)
        operation, params = self.route(request.host, request.method, request.path)
        record.operation_id = operation.operation_id
        self._authenticate(request)
        retry_key = request.headers.get("x-line-retry-key")
        if retry_key is not None:
            record.retry_key = retry_key
            if operation.operation_id not in RETRY_KEY_OPERATIONS:
                raise LineError(
                    400,
                    {
                        "message": "The X-Line-Retry-Key header is not supported for this API"
                    },
                )
            if UUID_RE.match(retry_key) is None:
                raise LineError(
                    400,
                    {
                        "message": "The value for the 'X-Line-Retry-Key' header is invalid",
                        "details": [
                            {
                                "message": "Must be a UUID",
                                "property": "X-Line-Retry-Key",
                            }
                        ],
                    },
                )
        self._rate_limit(operation.operation_id)
        ctx = Context(
            request, request_id, operation, record, retry_key, path_params=params
        )
        if operation.request_schema:
            ctx.body = self._parse_json(request, operation)
            if self.config.record_request_bodies:
                record.body = ctx.body
        handler = self._handlers.get(operation.operation_id)
        if handler is None:
            raise LineError(
                501,
                {
                    "message": f"Not implemented by the fake LINE server: {operation.operation_id}"
                },
            )
        return handler(ctx)

    def _authenticate(self, request: Request) -> None:
        header = request.headers.get("authorization")
        if not header or not header.startswith("Bearer "):
            raise LineError(401, MSG_AUTH_REQUIRED)
        if header[7:] not in self.tokens:
            raise LineError(401, MSG_AUTH_FAILED)

    def _rate_limit(self, operation_id: str) -> None:
        if not self.config.rate_limits_enabled:
            return
        limit = self.config.rate_limit_for(operation_id)
        if limit is None:
            return
        now = self.clock.now()
        with self.lock:
            bucket = self.buckets.get(operation_id)
            if (
                bucket is None
                or bucket.capacity != limit.requests
                or bucket.rate != limit.rate
            ):
                bucket = self.buckets[operation_id] = TokenBucket(limit, now)
            allowed = bucket.take(now)
        if not allowed:
            raise LineError(429, MSG_RATE_LIMIT)

    def _parse_json(self, request: Request, operation: Operation) -> Any:
        content_type = request.headers.get("content-type", "")
        media = content_type.split(";", 1)[0].strip().lower()
        if media != "application/json":
            raise LineError(
                415,
                {
                    "message": f"The content type, {content_type or 'none'}, is not supported"
                },
            )
        try:
            text = request.body.decode("utf-8")
            body = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise LineError(
                400,
                {
                    "message": "The request body could not be parsed as JSON "
                    f"(line: {error.lineno}, column: {error.colno})"
                },
            ) from None
        except (UnicodeDecodeError, ValueError):
            raise LineError(
                400,
                {
                    "message": "The request body could not be parsed as JSON (line: 1, column: 1)"
                },
            ) from None
        if not isinstance(body, dict):
            raise LineError(
                400,
                {
                    "message": "The request body could not be parsed as JSON (line: 1, column: 1)"
                },
            )
        issues: list[Issue] = []
        assert operation.request_schema is not None
        self.spec.node(operation.request_schema).validate(body, "", issues)
        if issues:
            raise issues_error(issues)
        return body

    # ------------------------------------------------------------ commit

    def commit(
        self, ctx: Context, apply: Callable[[], Response], *, quota: int = 0
    ) -> Response:
        """Accept the request: faults, retry-key store (409), quota (429), state change.

        ``apply`` runs under the state lock and performs the state change.
        """
        operation_id = ctx.operation.operation_id
        before = self.faults.decide(operation_id, "before_accept", ctx.request_id)
        if before is not None:
            if before.delay:
                time.sleep(before.delay)
            if before.disconnect or before.status is not None:
                ctx.record.fault = "before_accept"
                return self._fault_response(before)
        key = ctx.retry_key
        with self.lock:
            if key is not None:
                entry = self.retry_keys.get(key)
                now = self.clock.now()
                if (
                    entry is not None
                    and now - entry.accepted_at < self.config.retry_key_ttl_seconds
                ):
                    digest = _digest(ctx.request.body)
                    if digest != entry.body_digest:
                        self.warnings.append(
                            f"X-Line-Retry-Key {key} reused with a different request body "
                            f"({operation_id}, first accepted as {entry.operation_id})"
                        )
                    body: dict[str, Any] = {"message": MSG_RETRY_ACCEPTED}
                    if entry.sent_messages is not None:
                        body["sentMessages"] = entry.sent_messages
                    ctx.record.accepted_request_id = entry.request_id
                    raise LineError(
                        409, body, {"X-Line-Accepted-Request-Id": entry.request_id}
                    )
            limit = self.config.monthly_quota
            if quota and limit is not None and self.quota_used + quota > limit:
                raise LineError(429, MSG_MONTHLY_LIMIT)
            response = apply()
            self.quota_used += quota
            ctx.record.accepted = True
            if key is not None:
                sent = None
                if response.body and operation_id == "pushMessage":
                    sent = json.loads(response.body).get("sentMessages")
                self.retry_keys[key] = RetryKeyEntry(
                    key=key,
                    request_id=ctx.request_id,
                    accepted_at=self.clock.now(),
                    operation_id=operation_id,
                    body_digest=_digest(ctx.request.body),
                    sent_messages=sent,
                )
        after = self.faults.decide(operation_id, "after_accept", ctx.request_id)
        if after is not None:
            if after.delay:
                response.delay += after.delay
            if after.disconnect or after.status is not None:
                ctx.record.fault = "after_accept"
                faulted = self._fault_response(after)
                faulted.delay += response.delay
                return faulted
        return response

    def _fault_response(self, decision: FaultDecision) -> Response:
        if decision.disconnect:
            return Response(0, disconnect=True)
        assert decision.status is not None
        return Response(decision.status, json_bytes(decision.body or {}))

    def read_only(self, ctx: Context, produce: Callable[[], Response]) -> Response:
        """Commit step for endpoints without side effects (faults still apply)."""
        return self.commit(ctx, produce)

    # ----------------------------------------------------------- handlers

    def _build_handlers(self) -> dict[str, Handler]:
        names = [
            "replyMessage",
            "pushMessage",
            "multicast",
            "broadcast",
            "narrowcast",
            "getNarrowcastProgress",
            "validateReply",
            "validatePush",
            "validateMulticast",
            "validateNarrowcast",
            "validateBroadcast",
            "getMessageQuota",
            "getMessageQuotaConsumption",
            "getNumberOfSentReplyMessages",
            "getNumberOfSentPushMessages",
            "getNumberOfSentMulticastMessages",
            "getNumberOfSentBroadcastMessages",
            "getAggregationUnitUsage",
            "getAggregationUnitNameList",
            "getNumberOfFollowers",
            "getMessageEvent",
            "getStatisticsPerUnit",
            "getProfile",
            "getFollowers",
            "getBotInfo",
            "createRichMenu",
            "validateRichMenuObject",
            "getRichMenu",
            "deleteRichMenu",
            "getRichMenuList",
            "setRichMenuImage",
            "getRichMenuImage",
            "setDefaultRichMenu",
            "getDefaultRichMenuId",
            "cancelDefaultRichMenu",
            "linkRichMenuIdToUser",
            "getRichMenuIdOfUser",
            "unlinkRichMenuIdFromUser",
            "linkRichMenuIdToUsers",
            "unlinkRichMenuIdFromUsers",
            "createRichMenuAlias",
            "getRichMenuAlias",
            "updateRichMenuAlias",
            "deleteRichMenuAlias",
            "getRichMenuAliasList",
            "richMenuBatch",
            "validateRichMenuBatchRequest",
            "getRichMenuBatchProgress",
            "showLoadingAnimation",
            "markMessagesAsReadByToken",
            "getWebhookEndpoint",
            "setWebhookEndpoint",
            "testWebhookEndpoint",
            "getMessageContent",
            "issueLinkToken",
        ]
        return {name: getattr(self, f"_op_{name}") for name in names}

    def _checker(self, issues: list[Issue]) -> Checker:
        return Checker(self.config, issues)

    def _check_messages(
        self, body: dict[str, Any], destination: str | None = None
    ) -> None:
        issues: list[Issue] = []
        self._checker(issues).messages(body.get("messages"), destination=destination)
        messages = body.get("messages")
        if isinstance(messages, list) and len(messages) > self.config.max_messages:
            issues.append(
                Issue(
                    "messages", f"Size must be between 1 and {self.config.max_messages}"
                )
            )
        if issues:
            raise issues_error(issues)

    def _ok(self, value: Any = None, status: int = 200) -> Response:
        return Response(status, json_bytes({} if value is None else value))

    def _deliver(
        self,
        ctx: Context,
        recipients: list[str],
        *,
        sent_messages: list[dict[str, str]] | None = None,
        destination: str | None = None,
    ) -> Delivery:
        """Record a delivery (caller holds the lock)."""
        body = ctx.body
        units = self._assign_units(tuple(body.get("customAggregationUnits") or ()))
        delivery = Delivery(
            endpoint=SEND_ENDPOINTS[ctx.operation.operation_id],
            request_id=ctx.request_id,
            retry_key=ctx.retry_key,
            accepted_at=self.clock.now(),
            messages=body["messages"],
            recipients=recipients,
            notification_disabled=bool(body.get("notificationDisabled", False)),
            sent_messages=sent_messages,
            custom_aggregation_units=units,
            destination=destination,
        )
        self.deliveries.append(delivery)
        inbox = self.inbox
        for user_id in recipients:
            inbox[user_id].append(delivery)
        for listener in self.delivery_listeners:
            listener(delivery)
        return delivery

    def _month(self, stamp: float | None = None) -> str:
        moment = self.clock.now() if stamp is None else stamp
        return datetime.fromtimestamp(moment, JST).strftime("%Y%m")

    def _assign_units(self, requested: tuple[str, ...]) -> tuple[str, ...]:
        """The units a send really gets: a new name over the monthly budget is dropped
        silently (the message is still delivered). Caller holds the lock."""
        used = self.aggregation_units.setdefault(self._month(), [])
        assigned = []
        for unit in requested:
            if unit in used:
                assigned.append(unit)
            elif len(used) < self.config.aggregation_units_per_month:
                used.append(unit)
                assigned.append(unit)
        return tuple(assigned)

    def _sent_messages(self, count: int) -> list[dict[str, str]]:
        return [
            {"id": self.new_message_id(), "quoteToken": secrets.token_urlsafe(24)}
            for _ in range(count)
        ]

    # --- sending --------------------------------------------------------

    def _op_replyMessage(self, ctx: Context) -> Response:
        body = ctx.body
        token = body["replyToken"]
        with self.lock:
            reply = self.reply_tokens.get(token)
        destination = destination_kind(reply.source) if reply else None
        self._check_messages(body, destination)

        def apply() -> Response:
            current = self.reply_tokens.get(token)
            now = self.clock.now()
            if current is None:
                if self.config.strict_reply_tokens:
                    raise LineError(400, {"message": "Invalid reply token"})
                recipients: list[str] = []
                source = None
            else:
                if (
                    current.used
                    or now - current.issued_at > self.config.reply_token_ttl_seconds
                ):
                    raise LineError(400, {"message": "Invalid reply token"})
                current.used = True
                source = current.source
                recipients = [source]
            sent = self._sent_messages(len(body["messages"]))
            self._deliver(ctx, recipients, sent_messages=sent, destination=source)
            return self._ok({"sentMessages": sent})

        return self.commit(ctx, apply)

    def _check_aggregation_units(self, body: dict[str, Any]) -> None:
        units = body.get("customAggregationUnits")
        if not isinstance(units, list):
            return
        issues: list[Issue] = []
        if len(units) > 1:
            issues.append(
                Issue("customAggregationUnits", "Size must be between 0 and 1")
            )
        for index, unit in enumerate(units):
            if isinstance(unit, str) and AGGREGATION_UNIT_RE.match(unit) is None:
                issues.append(
                    Issue(
                        f"customAggregationUnits[{index}]",
                        'Must match "^[a-zA-Z0-9_]{1,30}$"',
                    )
                )
        if issues:
            raise issues_error(issues)

    def _op_pushMessage(self, ctx: Context) -> Response:
        body = ctx.body
        to = body["to"]
        destination = destination_kind(to)
        if destination is None:
            raise LineError(
                400,
                {
                    "message": "Failed to send messages",
                    "details": [
                        {"message": "invalid user, group or room ID", "property": "to"}
                    ],
                },
            )
        self._check_aggregation_units(body)
        self._check_messages(body, destination)

        def apply() -> Response:
            sent = self._sent_messages(len(body["messages"]))
            self._deliver(ctx, [to], sent_messages=sent, destination=to)
            return self._ok({"sentMessages": sent})

        return self.commit(ctx, apply, quota=1)

    def _op_multicast(self, ctx: Context) -> Response:
        body = ctx.body
        to = body["to"]
        match = USER_ID_RE.match
        for index, user_id in enumerate(to):
            if match(user_id) is None:
                raise LineError(
                    400,
                    {
                        "message": f"The property, to[{index}], in the request body is invalid "
                        "(line: -, column: -)",
                        "details": [
                            {"message": "invalid user ID", "property": f"to[{index}]"}
                        ],
                    },
                )
        if len(to) > self.config.max_multicast_recipients:
            raise issues_error(
                [
                    Issue(
                        "to",
                        f"Size must be between 1 and {self.config.max_multicast_recipients}",
                    )
                ]
            )
        self._check_aggregation_units(body)
        self._check_messages(body, "user")
        unique = list(dict.fromkeys(to))
        if len(unique) != len(to):
            with self.lock:
                self.warnings.append(
                    f"multicast {ctx.request_id} contains {len(to) - len(unique)} duplicate user IDs"
                )

        def apply() -> Response:
            self._deliver(ctx, unique)
            return self._ok()

        return self.commit(ctx, apply, quota=len(unique))

    def _active_followers(self) -> list[str]:
        users = self.users
        return [
            uid
            for uid in self.follower_ids
            if (profile := users.get(uid)) is not None
            and profile.follower
            and not profile.blocked
        ]

    def _op_broadcast(self, ctx: Context) -> Response:
        self._check_messages(ctx.body, "user")
        with self.lock:
            count = len(self._active_followers())

        def apply() -> Response:
            self._deliver(ctx, self._active_followers())
            return self._ok()

        return self.commit(ctx, apply, quota=count)

    def _op_narrowcast(self, ctx: Context) -> Response:
        body = ctx.body
        self._check_messages(body, "user")
        issues: list[Issue] = []
        self._checker(issues).narrowcast(body)
        if issues:
            raise issues_error(issues)
        with self.lock:
            recipients = self._narrowcast_recipients(body)
            limit = body.get("limit") or {}
            if isinstance(limit.get("max"), int):
                recipients = recipients[: limit["max"]]
            if (
                limit.get("upToRemainingQuota")
                and self.config.monthly_quota is not None
            ):
                remaining = max(0, self.config.monthly_quota - self.quota_used)
                if limit.get("forbidPartialDelivery") and len(recipients) > remaining:
                    recipients = []
                recipients = recipients[:remaining]

        def apply() -> Response:
            self._deliver(ctx, recipients)
            self.narrowcasts[ctx.request_id] = NarrowcastJob(
                request_id=ctx.request_id,
                accepted_at=self.clock.now(),
                recipients=recipients,
                body=body,
            )
            return self._ok(status=202)

        return self.commit(ctx, apply, quota=len(recipients))

    def _narrowcast_recipients(self, body: dict[str, Any]) -> list[str]:
        followers = self._active_followers()
        recipient = body.get("recipient")
        if recipient is None:
            selected = followers
        else:
            allowed = self._eval_recipient(recipient, set(followers))
            selected = [uid for uid in followers if uid in allowed]
        demographic = (body.get("filter") or {}).get("demographic")
        if demographic is not None:
            selected = [
                uid for uid in selected if self._eval_demographic(demographic, uid)
            ]
        return selected

    def _eval_recipient(self, node: dict[str, Any], universe: set[str]) -> set[str]:
        kind = node.get("type")
        if kind == "audience":
            group = node.get("audienceGroupId")
            if group not in self.audiences:
                raise LineError(
                    400,
                    {
                        "message": "The request body has 1 error(s)",
                        "details": [
                            {
                                "message": "AUDIENCE_GROUP_NOT_FOUND",
                                "property": "recipient",
                            }
                        ],
                    },
                )
            return set(self.audiences[group])
        if kind == "redelivery":
            job = self.narrowcasts.get(str(node.get("requestId")))
            return set(job.recipients) if job else set()
        if "and" in node:
            sets = [self._eval_recipient(child, universe) for child in node["and"]]
            return set.intersection(*sets) if sets else set()
        if "or" in node:
            result: set[str] = set()
            for child in node["or"]:
                result |= self._eval_recipient(child, universe)
            return result
        if "not" in node:
            return universe - self._eval_recipient(node["not"], universe)
        return set()

    def _eval_demographic(self, node: dict[str, Any], user_id: str) -> bool:
        kind = node.get("type")
        if kind == "operator":
            if "and" in node:
                return all(self._eval_demographic(c, user_id) for c in node["and"])
            if "or" in node:
                return any(self._eval_demographic(c, user_id) for c in node["or"])
            if "not" in node:
                return not self._eval_demographic(node["not"], user_id)
            return False
        profile = self.users.get(user_id)
        attrs = profile.demographics if profile else {}
        if kind in ("gender", "appType", "area"):
            return attrs.get(kind) in (node.get("oneOf") or [])
        if kind in ("age", "subscriptionPeriod"):
            value = attrs.get("age" if kind == "age" else "subscriptionPeriod")
            if not isinstance(value, int | float):
                return False
            gte, lt = node.get("gte"), node.get("lt")
            low = int(gte.split("_")[1]) if isinstance(gte, str) else None
            high = int(lt.split("_")[1]) if isinstance(lt, str) else None
            return (low is None or value >= low) and (high is None or value < high)
        return False

    def _op_getNarrowcastProgress(self, ctx: Context) -> Response:
        request_id = ctx.request.query.get("requestId")
        if not request_id:
            raise issues_error([Issue("requestId", "must be specified")])

        def produce() -> Response:
            job = self.narrowcasts.get(request_id)
            if job is None or self.clock.now() - job.accepted_at > 14 * 86400:
                raise LineError(404, MSG_NOT_FOUND)
            accepted = _iso(job.accepted_at)
            data: dict[str, Any] = {"phase": job.phase, "acceptedTime": accepted}
            if job.phase in ("succeeded", "failed"):
                data.update(
                    successCount=len(job.recipients),
                    failureCount=0,
                    targetCount=len(job.recipients),
                    completedTime=accepted,
                )
            if job.error_code is not None:
                data["errorCode"] = job.error_code
                data["failedDescription"] = job.failed_description or ""
            return self._ok(data)

        return self.read_only(ctx, produce)

    def _validate_only(self, ctx: Context) -> Response:
        # Reply/push may target groups (mentions allowed) and the validate
        # endpoints can't know the chat; the other three only reach users.
        unknown = ctx.operation.operation_id in ("validateReply", "validatePush")
        self._check_messages(ctx.body, None if unknown else "user")
        return self.read_only(ctx, self._ok)

    _op_validateReply = _validate_only
    _op_validatePush = _validate_only
    _op_validateMulticast = _validate_only
    _op_validateNarrowcast = _validate_only
    _op_validateBroadcast = _validate_only

    # --- quota & statistics ----------------------------------------------

    def _op_getMessageQuota(self, ctx: Context) -> Response:
        quota = self.config.monthly_quota
        value = (
            {"type": "none"} if quota is None else {"type": "limited", "value": quota}
        )
        return self.read_only(ctx, lambda: self._ok(value))

    def _op_getMessageQuotaConsumption(self, ctx: Context) -> Response:
        return self.read_only(ctx, lambda: self._ok({"totalUsage": self.quota_used}))

    def _sent_count(self, ctx: Context, endpoint: str) -> Response:
        raw = ctx.request.query.get("date", "")
        try:
            day = datetime.strptime(raw, "%Y%m%d").date()
        except ValueError:
            raise issues_error(
                [Issue("date", "invalid date format (yyyyMMdd)")]
            ) from None

        def produce() -> Response:
            total = 0
            for delivery in self.deliveries:
                if delivery.endpoint != endpoint:
                    continue
                if datetime.fromtimestamp(delivery.accepted_at, JST).date() == day:
                    total += len(delivery.messages) * max(1, len(delivery.recipients))
            return self._ok({"status": "ready", "success": total})

        return self.read_only(ctx, produce)

    def _op_getNumberOfSentReplyMessages(self, ctx: Context) -> Response:
        return self._sent_count(ctx, "reply")

    def _op_getNumberOfSentPushMessages(self, ctx: Context) -> Response:
        return self._sent_count(ctx, "push")

    def _op_getNumberOfSentMulticastMessages(self, ctx: Context) -> Response:
        return self._sent_count(ctx, "multicast")

    def _op_getNumberOfSentBroadcastMessages(self, ctx: Context) -> Response:
        return self._sent_count(ctx, "broadcast")

    def _op_getAggregationUnitUsage(self, ctx: Context) -> Response:
        return self.read_only(
            ctx,
            lambda: self._ok(
                {
                    "numOfCustomAggregationUnits": len(
                        self.aggregation_units.get(self._month(), [])
                    )
                }
            ),
        )

    def _op_getAggregationUnitNameList(self, ctx: Context) -> Response:
        query = ctx.request.query
        raw_limit = query.get("limit", "100")
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 100:
            raise issues_error([Issue("limit", "Must be between 1 and 100")])
        limit = int(raw_limit)
        start = 0
        if "start" in query:
            try:
                start = int(
                    base64.urlsafe_b64decode(query["start"].encode() + b"==").decode()
                )
            except (ValueError, UnicodeDecodeError):
                raise LineError(400, {"message": "Invalid start param"}) from None

        def produce() -> Response:
            names = self.aggregation_units.get(self._month(), [])
            data: dict[str, Any] = {
                "customAggregationUnits": names[start : start + limit]
            }
            if start + limit < len(names):
                data["next"] = _b64url(str(start + limit).encode())
            return self._ok(data)

        return self.read_only(ctx, produce)

    # --- insight (insight.yml; line-platform.md "Insight / unit statistics") ----

    def _jst_date(self, name: str, value: str | None) -> Any:
        if value is None or len(value) != 8 or not value.isdigit():
            raise LineError(
                400,
                {
                    "message": f"The value for the '{name}' parameter is invalid",
                    "details": [{"message": "must be yyyyMMdd", "property": name}],
                },
            )
        try:
            return datetime.strptime(value, "%Y%m%d").date()
        except ValueError:
            raise LineError(
                400,
                {
                    "message": f"The value for the '{name}' parameter is invalid",
                    "details": [{"message": "invalid date", "property": name}],
                },
            ) from None

    def _op_getNumberOfFollowers(self, ctx: Context) -> Response:
        raw = ctx.request.query.get("date")
        today = datetime.fromtimestamp(self.clock.now(), JST).date()
        day = today if raw is None else self._jst_date("date", raw)

        def produce() -> Response:
            # A day's figures are ready the next day (UTC+9); today is "unready".
            if day >= today:
                return self._ok({"status": "unready"})
            end = datetime.combine(day + timedelta(days=1), datetime.min.time(), JST)
            cutoff = end.timestamp()
            followers = blocks = reaches = 0
            for profile in self.users.values():
                if not profile.follower:
                    continue
                if profile.followed_at is not None and profile.followed_at >= cutoff:
                    continue
                followers += 1
                if profile.blocked and (
                    profile.blocked_at is None or profile.blocked_at < cutoff
                ):
                    blocks += 1
                elif profile.demographics:
                    reaches += 1
            return self._ok(
                {
                    "status": "ready",
                    "followers": followers,
                    "targetedReaches": reaches,
                    "blocks": blocks,
                }
            )

        return self.read_only(ctx, produce)

    def _private(self, value: int) -> int | None:
        """LINE's privacy rule: a count below the threshold is reported as null."""
        return value if value >= self.config.insight_privacy_threshold else None

    def _event_statistics(self, deliveries: list[Delivery]) -> dict[str, Any]:
        """``overview``/``messages``/``clicks`` counted from recorded interactions."""
        by_request = {delivery.request_id: delivery for delivery in deliveries}
        window = self.config.insight_window_seconds
        events = [
            event
            for event in self.interactions
            if event.request_id in by_request
            and event.at - by_request[event.request_id].accepted_at <= window
        ]
        seqs = max((len(d.messages) for d in deliveries), default=0)
        has_media = {
            index + 1
            for delivery in deliveries
            for index, message in enumerate(delivery.messages)
            if message.get("type") in ("video", "audio")
        }

        def users(kind: str, **match: Any) -> set[str]:
            return {
                e.user_id
                for e in events
                if e.kind == kind
                and all(getattr(e, name) == value for name, value in match.items())
            }

        def times(kind: str, **match: Any) -> int:
            return sum(
                1
                for e in events
                if e.kind == kind
                and all(getattr(e, name) == value for name, value in match.items())
            )

        overview = {
            "uniqueImpression": self._private(len(users("impression"))),
            "uniqueClick": self._private(len(users("click"))),
            "uniqueMediaPlayed": self._private(len(users("media")))
            if has_media
            else None,
            "uniqueMediaPlayed100Percent": self._private(len(users("media_complete")))
            if has_media
            else None,
        }
        messages = []
        for seq in range(1, seqs + 1):
            entry: dict[str, Any] = {
                "seq": seq,
                "impression": self._private(times("impression", seq=seq)),
            }
            media = seq in has_media
            for suffix in ("", "25Percent", "50Percent", "75Percent", "100Percent"):
                kind = "media_complete" if suffix == "100Percent" else "media"
                entry[f"mediaPlayed{suffix}"] = (
                    self._private(times(kind, seq=seq)) if media else None
                )
                entry[f"uniqueMediaPlayed{suffix}"] = (
                    self._private(len(users(kind, seq=seq))) if media else None
                )
            messages.append(entry)
        clicks = []
        opened = sorted({(e.seq, e.url) for e in events if e.kind == "click"})
        for seq, url in opened:
            clicks.append(
                {
                    "seq": seq,
                    "url": url,
                    "click": self._private(times("click", seq=seq, url=url)),
                    "uniqueClick": self._private(len(users("click", seq=seq, url=url))),
                    "uniqueClickOfRequest": self._private(len(users("click", url=url))),
                }
            )
        return {"overview": overview, "messages": messages, "clicks": clicks}

    def _op_getMessageEvent(self, ctx: Context) -> Response:
        request_id = ctx.request.query.get("requestId", "")
        if not request_id:
            raise issues_error([Issue("requestId", "must be specified")])

        def produce() -> Response:
            found = [d for d in self.deliveries if d.request_id == request_id]
            # Broadcasts and narrowcasts only: push/multicast use aggregation units.
            if not found or found[0].endpoint not in ("broadcast", "narrowcast"):
                raise LineError(404, MSG_NOT_FOUND)
            delivery = found[0]
            data = self._event_statistics(found)
            data["overview"] = {
                "requestId": request_id,
                "timestamp": int(delivery.accepted_at),
                "delivered": len(delivery.recipients),
                **data["overview"],
            }
            return self._ok(data)

        return self.read_only(ctx, produce)

    def _op_getStatisticsPerUnit(self, ctx: Context) -> Response:
        query = ctx.request.query
        unit = query.get("customAggregationUnit")
        if unit is None or AGGREGATION_UNIT_RE.match(unit) is None:
            raise LineError(
                400,
                {
                    "message": "The value for the 'customAggregationUnit' parameter is invalid",
                    "details": [
                        {
                            "message": 'Must match "^[a-zA-Z0-9_]{1,30}$"',
                            "property": "customAggregationUnit",
                        }
                    ],
                },
            )
        first = self._jst_date("from", query.get("from"))
        last = self._jst_date("to", query.get("to"))
        if last < first or last > first + timedelta(days=30):
            raise LineError(
                400,
                {
                    "message": "The value for the 'to' parameter is invalid",
                    "details": [
                        {
                            "message": "must be on or after 'from' and at most 30 days after it",
                            "property": "to",
                        }
                    ],
                },
            )

        def produce() -> Response:
            deliveries = [
                d
                for d in self.deliveries
                if unit in d.custom_aggregation_units
                and first <= datetime.fromtimestamp(d.accepted_at, JST).date() <= last
            ]
            return self._ok(self._event_statistics(deliveries))

        return self.read_only(ctx, produce)

    def record_interaction(
        self,
        request_id: str,
        user_id: str,
        kind: str,
        *,
        seq: int = 1,
        url: str | None = None,
    ) -> None:
        """A recipient displayed, clicked or played a delivered message.

        Strict like the rest: the user must be a recipient of that request, the
        message ``seq`` must exist, and a click must name a URL.
        """
        if kind not in ("impression", "click", "media", "media_complete"):
            raise ValueError(f"unknown interaction: {kind!r}")
        with self.lock:
            delivery = next(
                (d for d in self.deliveries if d.request_id == request_id), None
            )
            if delivery is None or user_id not in delivery.recipients:
                raise ValueError(f"{user_id} did not receive request {request_id}")
            if not 1 <= seq <= len(delivery.messages):
                raise ValueError(f"request {request_id} has no message {seq}")
            if kind == "click" and not url:
                raise ValueError("a click needs the URL that was opened")
            self.interactions.append(
                Interaction(request_id, user_id, kind, seq, url, self.clock.now())
            )

    # --- users -------------------------------------------------------------

    def _op_getProfile(self, ctx: Context) -> Response:
        user_id = ctx.path_params["userId"]
        if USER_ID_RE.match(user_id) is None:
            raise LineError(
                400, {"message": "The value for the 'userId' parameter is invalid"}
            )

        def produce() -> Response:
            profile = self.users.get(user_id)
            if profile is None or not profile.follower or profile.blocked:
                raise LineError(404, MSG_NOT_FOUND)
            return self._ok(profile.to_api())

        return self.read_only(ctx, produce)

    def _op_getFollowers(self, ctx: Context) -> Response:
        if not self.config.followers_api_available:
            raise LineError(
                403, {"message": "Access to this API is not available for your account"}
            )
        query = ctx.request.query
        raw_limit = query.get("limit", "300")
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 1000:
            raise issues_error([Issue("limit", "Must be between 1 and 1000")])
        limit = int(raw_limit)
        start = 0
        if "start" in query:
            token = query["start"]
            try:
                start = int(base64.urlsafe_b64decode(token.encode() + b"==").decode())
            except (ValueError, UnicodeDecodeError):
                raise LineError(400, {"message": "Invalid start param"}) from None

        def produce() -> Response:
            followers = self._active_followers()
            if start > len(followers):
                raise LineError(400, {"message": "Invalid start param"})
            page = followers[start : start + limit]
            data: dict[str, Any] = {"userIds": page}
            if start + limit < len(followers):
                data["next"] = (
                    base64.urlsafe_b64encode(str(start + limit).encode())
                    .decode()
                    .rstrip("=")
                )
            return self._ok(data)

        return self.read_only(ctx, produce)

    def _op_getBotInfo(self, ctx: Context) -> Response:
        return self.read_only(ctx, lambda: self._ok(dict(self.bot_info)))

    def _op_showLoadingAnimation(self, ctx: Context) -> Response:
        body = ctx.body
        issues: list[Issue] = []
        if USER_ID_RE.match(body["chatId"]) is None:
            issues.append(Issue("chatId", "invalid user ID"))
        seconds = body.get("loadingSeconds")
        if isinstance(seconds, int) and seconds % 5:
            issues.append(Issue("loadingSeconds", "must be a multiple of five"))
        if issues:
            raise issues_error(issues)

        def apply() -> Response:
            self.loading_animations.append(dict(body))
            return self._ok(status=202)

        return self.commit(ctx, apply)

    def _op_markMessagesAsReadByToken(self, ctx: Context) -> Response:
        if ctx.body["markAsReadToken"] not in self.issued_mark_as_read_tokens:
            raise LineError(400, {"message": MSG_READ_RECEIPT_REFUSED})

        def apply() -> Response:
            self.mark_as_read_tokens.append(ctx.body["markAsReadToken"])
            return self._ok()

        return self.commit(ctx, apply)

    def _op_issueLinkToken(self, ctx: Context) -> Response:
        user_id = ctx.path_params["userId"]
        if USER_ID_RE.match(user_id) is None:
            raise LineError(
                400, {"message": "The value for the 'userId' parameter is invalid"}
            )
        return self.commit(
            ctx, lambda: self._ok({"linkToken": secrets.token_urlsafe(24)})
        )

    # --- webhook settings ------------------------------------------------------

    def _op_getWebhookEndpoint(self, ctx: Context) -> Response:
        def produce() -> Response:
            if self.webhook_endpoint is None:
                raise LineError(404, MSG_NOT_FOUND)
            return self._ok({"endpoint": self.webhook_endpoint, "active": True})

        return self.read_only(ctx, produce)

    def _op_setWebhookEndpoint(self, ctx: Context) -> Response:
        endpoint = ctx.body["endpoint"]
        if not endpoint.lower().startswith("https://"):
            raise issues_error([Issue("endpoint", "invalid uri")])

        def apply() -> Response:
            self.webhook_endpoint = endpoint
            return self._ok()

        return self.commit(ctx, apply)

    def _op_testWebhookEndpoint(self, ctx: Context) -> Response:
        data = {
            "success": True,
            "timestamp": _iso(self.clock.now()),
            "statusCode": 200,
            "reason": "OK",
            "detail": "200",
        }
        return self.read_only(ctx, lambda: self._ok(data))

    def _op_getMessageContent(self, ctx: Context) -> Response:
        message_id = ctx.path_params["messageId"]

        def produce() -> Response:
            if message_id in self.expired_contents:
                raise LineError(410, {"message": "The content is gone"})
            content = self.message_contents.get(message_id)
            if content is None:
                raise LineError(404, MSG_NOT_FOUND)
            data, content_type = content
            return Response(200, data, content_type=content_type)

        return self.read_only(ctx, produce)

    # --- rich menus --------------------------------------------------------------

    def _check_rich_menu(self, body: dict[str, Any]) -> None:
        issues: list[Issue] = []
        self._checker(issues).rich_menu(body)
        if issues:
            raise issues_error(issues)

    def _op_createRichMenu(self, ctx: Context) -> Response:
        self._check_rich_menu(ctx.body)

        def apply() -> Response:
            if len(self.rich_menus) >= self.config.rich_menu_max_count:
                raise LineError(
                    400,
                    {"message": "The maximum number of rich menus has been reached"},
                )
            rich_menu_id = f"richmenu-{uuid.uuid4().hex}"
            self.rich_menus[rich_menu_id] = RichMenu(
                rich_menu_id, ctx.body, self.clock.now()
            )
            return self._ok({"richMenuId": rich_menu_id})

        return self.commit(ctx, apply)

    def _op_validateRichMenuObject(self, ctx: Context) -> Response:
        self._check_rich_menu(ctx.body)
        return self.read_only(ctx, self._ok)

    def _menu(self, rich_menu_id: str, *, message: str = "Not found") -> RichMenu:
        menu = self.rich_menus.get(rich_menu_id)
        if menu is None:
            raise LineError(404, {"message": message})
        return menu

    def _op_getRichMenu(self, ctx: Context) -> Response:
        rich_menu_id = ctx.path_params["richMenuId"]
        return self.read_only(ctx, lambda: self._ok(self._menu(rich_menu_id).to_api()))

    def _op_deleteRichMenu(self, ctx: Context) -> Response:
        rich_menu_id = ctx.path_params["richMenuId"]

        def apply() -> Response:
            self._menu(rich_menu_id)
            del self.rich_menus[rich_menu_id]
            if self.default_rich_menu == rich_menu_id:
                self.default_rich_menu = None
            for user_id in [
                u for u, m in self.user_rich_menus.items() if m == rich_menu_id
            ]:
                del self.user_rich_menus[user_id]
            return self._ok()

        return self.commit(ctx, apply)

    def _op_getRichMenuList(self, ctx: Context) -> Response:
        return self.read_only(
            ctx,
            lambda: self._ok(
                {"richmenus": [m.to_api() for m in self.rich_menus.values()]}
            ),
        )

    def _op_setRichMenuImage(self, ctx: Context) -> Response:
        rich_menu_id = ctx.path_params["richMenuId"]
        content_type = ctx.request.headers.get("content-type", "")
        media = content_type.split(";", 1)[0].strip().lower()
        if media not in ("image/jpeg", "image/png"):
            raise LineError(
                415,
                {
                    "message": f"The content type, {content_type or 'none'}, is not supported"
                },
            )
        data = ctx.request.body
        ctx.record.body = {"contentType": media, "bytes": len(data)}
        if len(data) > self.config.rich_menu_image_max_bytes:
            raise LineError(
                413, {"message": "The image file size must be 1 MB or less"}
            )
        if sniff_type(data) != media:
            raise LineError(
                400, {"message": "The image is not a valid JPEG or PNG file"}
            )
        size = image_size(data)
        if size is None:
            raise LineError(
                400, {"message": "The image is not a valid JPEG or PNG file"}
            )
        width, height = size

        def apply() -> Response:
            menu = self._menu(rich_menu_id)
            if menu.image is not None:
                raise LineError(
                    400,
                    {"message": "An image has already been uploaded to the richmenu"},
                )
            declared = menu.body.get("size", {})
            bad = not (
                800 <= width <= 2500 and height >= 250 and width / height >= 1.45
            )
            if self.config.rich_menu_image_must_match_size and (
                width != declared.get("width") or height != declared.get("height")
            ):
                bad = True
            if bad:
                raise LineError(
                    400, {"message": "The image size is not allowed for richmenu"}
                )
            menu.image = data
            menu.image_content_type = media
            return self._ok()

        return self.commit(ctx, apply)

    def _op_getRichMenuImage(self, ctx: Context) -> Response:
        rich_menu_id = ctx.path_params["richMenuId"]

        def produce() -> Response:
            menu = self._menu(rich_menu_id)
            if menu.image is None:
                raise LineError(404, MSG_NOT_FOUND)
            return Response(200, menu.image, content_type=menu.image_content_type)

        return self.read_only(ctx, produce)

    def _menu_with_image(self, rich_menu_id: str) -> RichMenu:
        menu = self._menu(rich_menu_id, message="richmenu not found")
        if menu.image is None:
            raise LineError(400, MSG_NO_IMAGE)
        return menu

    def _op_setDefaultRichMenu(self, ctx: Context) -> Response:
        rich_menu_id = ctx.path_params["richMenuId"]

        def apply() -> Response:
            self._menu_with_image(rich_menu_id)
            self.default_rich_menu = rich_menu_id
            return self._ok()

        return self.commit(ctx, apply)

    def _op_getDefaultRichMenuId(self, ctx: Context) -> Response:
        def produce() -> Response:
            if self.default_rich_menu is None:
                raise LineError(404, {"message": "no default richmenu"})
            return self._ok({"richMenuId": self.default_rich_menu})

        return self.read_only(ctx, produce)

    def _op_cancelDefaultRichMenu(self, ctx: Context) -> Response:
        def apply() -> Response:
            self.default_rich_menu = None
            return self._ok()

        return self.commit(ctx, apply)

    def _user_param(self, ctx: Context) -> str:
        user_id = ctx.path_params["userId"]
        if USER_ID_RE.match(user_id) is None:
            raise LineError(
                400, {"message": "The value for the 'userId' parameter is invalid"}
            )
        return user_id

    def _op_linkRichMenuIdToUser(self, ctx: Context) -> Response:
        user_id = self._user_param(ctx)
        rich_menu_id = ctx.path_params["richMenuId"]

        def apply() -> Response:
            self._menu_with_image(rich_menu_id)
            self.user_rich_menus[user_id] = rich_menu_id
            return self._ok()

        return self.commit(ctx, apply)

    def _op_getRichMenuIdOfUser(self, ctx: Context) -> Response:
        user_id = self._user_param(ctx)

        def produce() -> Response:
            rich_menu_id = self.user_rich_menus.get(user_id)
            if rich_menu_id is None:
                raise LineError(404, {"message": "the user has no richmenu"})
            return self._ok({"richMenuId": rich_menu_id})

        return self.read_only(ctx, produce)

    def _op_unlinkRichMenuIdFromUser(self, ctx: Context) -> Response:
        user_id = self._user_param(ctx)

        def apply() -> Response:
            self.user_rich_menus.pop(user_id, None)
            return self._ok()

        return self.commit(ctx, apply)

    def _check_user_ids(self, user_ids: list[str], prop: str = "userIds") -> None:
        for index, user_id in enumerate(user_ids):
            if USER_ID_RE.match(user_id) is None:
                raise LineError(
                    400,
                    {
                        "message": f"The property, {prop}[{index}], in the request body is "
                        "invalid (line: -, column: -)",
                        "details": [
                            {
                                "message": "invalid user ID",
                                "property": f"{prop}[{index}]",
                            }
                        ],
                    },
                )

    def _op_linkRichMenuIdToUsers(self, ctx: Context) -> Response:
        body = ctx.body
        self._check_user_ids(body["userIds"])

        def apply() -> Response:
            self._menu_with_image(body["richMenuId"])
            for user_id in body["userIds"]:
                self.user_rich_menus[user_id] = body["richMenuId"]
            return self._ok(status=202)

        return self.commit(ctx, apply)

    def _op_unlinkRichMenuIdFromUsers(self, ctx: Context) -> Response:
        body = ctx.body
        self._check_user_ids(body["userIds"])

        def apply() -> Response:
            for user_id in body["userIds"]:
                self.user_rich_menus.pop(user_id, None)
            return self._ok(status=202)

        return self.commit(ctx, apply)

    def _op_createRichMenuAlias(self, ctx: Context) -> Response:
        body = ctx.body

        def apply() -> Response:
            alias_id = body["richMenuAliasId"]
            menu = self.rich_menus.get(body["richMenuId"])
            if menu is None or menu.image is None:
                raise LineError(400, {"message": "richmenu not found", "details": []})
            if alias_id in self.aliases:
                raise LineError(
                    400, {"message": "conflict richmenu alias id", "details": []}
                )
            if len(self.aliases) >= self.config.rich_menu_alias_max_count:
                raise LineError(
                    400,
                    {
                        "message": "The maximum number of rich menu aliases has been reached"
                    },
                )
            self.aliases[alias_id] = body["richMenuId"]
            return self._ok()

        return self.commit(ctx, apply)

    def _alias_param(self, ctx: Context) -> str:
        alias_id = ctx.path_params["richMenuAliasId"]
        if RICH_MENU_ALIAS_RE.match(alias_id) is None:
            raise LineError(
                400,
                {"message": "The value for the 'richMenuAliasId' parameter is invalid"},
            )
        return alias_id

    def _op_getRichMenuAlias(self, ctx: Context) -> Response:
        alias_id = self._alias_param(ctx)

        def produce() -> Response:
            if alias_id not in self.aliases:
                raise LineError(404, MSG_NOT_FOUND)
            return self._ok(
                {"richMenuAliasId": alias_id, "richMenuId": self.aliases[alias_id]}
            )

        return self.read_only(ctx, produce)

    def _op_updateRichMenuAlias(self, ctx: Context) -> Response:
        alias_id = self._alias_param(ctx)
        rich_menu_id = ctx.body["richMenuId"]

        def apply() -> Response:
            if alias_id not in self.aliases:
                raise LineError(404, MSG_NOT_FOUND)
            menu = self.rich_menus.get(rich_menu_id)
            if menu is None or menu.image is None:
                raise LineError(400, {"message": "richmenu not found", "details": []})
            self.aliases[alias_id] = rich_menu_id
            return self._ok()

        return self.commit(ctx, apply)

    def _op_deleteRichMenuAlias(self, ctx: Context) -> Response:
        alias_id = self._alias_param(ctx)

        def apply() -> Response:
            if alias_id not in self.aliases:
                raise LineError(404, MSG_NOT_FOUND)
            del self.aliases[alias_id]
            return self._ok()

        return self.commit(ctx, apply)

    def _op_getRichMenuAliasList(self, ctx: Context) -> Response:
        return self.read_only(
            ctx,
            lambda: self._ok(
                {
                    "aliases": [
                        {"richMenuAliasId": a, "richMenuId": m}
                        for a, m in self.aliases.items()
                    ]
                }
            ),
        )

    def _check_batch(self, body: dict[str, Any]) -> None:
        operations = body["operations"]
        issues: list[Issue] = []
        if not operations:
            issues.append(Issue("operations", "Size must be between 1 and 1000"))
        kinds = {op.get("type") for op in operations if isinstance(op, dict)}
        if "unlinkAll" in kinds and len(operations) > 1:
            issues.append(
                Issue(
                    "operations", "'unlinkAll' type can't be combined with other type"
                )
            )
        seen: set[str] = set()
        for index, op in enumerate(operations):
            source = op.get("from")
            if isinstance(source, str):
                if source in seen:
                    issues.append(
                        Issue(f"operations[{index}].from", "duplicate 'from'")
                    )
                seen.add(source)
        if issues:
            raise issues_error(issues)
        with self.lock:
            for index, op in enumerate(operations):
                for key in ("from", "to"):
                    rich_menu_id = op.get(key)
                    if rich_menu_id is None:
                        continue
                    menu = self.rich_menus.get(rich_menu_id)
                    if menu is None or (key == "to" and menu.image is None):
                        issues.append(
                            Issue(f"operations[{index}].{key}", "richmenu not found")
                        )
        if issues:
            raise issues_error(issues)

    def _op_richMenuBatch(self, ctx: Context) -> Response:
        body = ctx.body
        self._check_batch(body)

        def apply() -> Response:
            for op in body["operations"]:
                kind = op["type"]
                if kind == "unlinkAll":
                    self.user_rich_menus.clear()
                    continue
                users = [u for u, m in self.user_rich_menus.items() if m == op["from"]]
                for user_id in users:
                    if kind == "link":
                        self.user_rich_menus[user_id] = op["to"]
                    else:
                        del self.user_rich_menus[user_id]
            self.batches[ctx.request_id] = BatchJob(
                ctx.request_id, self.clock.now(), body["operations"]
            )
            return self._ok(status=202)

        return self.commit(ctx, apply)

    def _op_validateRichMenuBatchRequest(self, ctx: Context) -> Response:
        self._check_batch(ctx.body)
        return self.read_only(ctx, self._ok)

    def _op_getRichMenuBatchProgress(self, ctx: Context) -> Response:
        request_id = ctx.request.query.get("requestId")
        if not request_id:
            raise issues_error([Issue("requestId", "must be specified")])

        def produce() -> Response:
            job = self.batches.get(request_id)
            if job is None:
                raise LineError(404, MSG_NOT_FOUND)
            stamp = _iso(job.accepted_at)
            return self._ok(
                {"phase": job.phase, "acceptedTime": stamp, "completedTime": stamp}
            )

        return self.read_only(ctx, produce)

    # --- LINE Login (not in line-openapi) ------------------------------------

    def issue_id_token(
        self,
        user_id: str,
        *,
        client_id: str | None = None,
        name: str = "Test User",
        picture: str | None = None,
        email: str | None = None,
        nonce: str | None = None,
        expires_in: float = 3600.0,
        amr: tuple[str, ...] = ("linesso",),
        token: str | None = None,
    ) -> str:
        """An ID token, as LIFF's ``getIDToken()`` returns it, that verify accepts.

        JWT-shaped (header.payload.signature, ES256 like LIFF) so code that decodes
        it for display works, but only this emulator can verify it.
        """
        now = self.clock.now()
        payload: dict[str, Any] = {
            "iss": "https://access.line.me",
            "sub": user_id,
            "aud": client_id or self.login_channel_id,
            "exp": int(now + expires_in),
            "iat": int(now),
            "amr": list(amr),
            "name": name,
        }
        if picture:
            payload["picture"] = picture
        if email:
            payload["email"] = email
        if nonce:
            payload["nonce"] = nonce
        if token is None:
            header = {"typ": "JWT", "alg": "ES256", "kid": "fake-line"}
            token = ".".join(
                [
                    _b64url(json.dumps(header).encode()),
                    _b64url(json.dumps(payload).encode()),
                    _b64url(secrets.token_bytes(64)),
                ]
            )
        with self.lock:
            self.id_tokens[token] = IdToken(token, payload, now + expires_in)
        return token

    def _login_verify(self, request: Request, record: RequestRecord) -> Response:
        if request.path != "/oauth2/v2.1/verify":
            raise LineError(404, MSG_NOT_FOUND)
        if request.method == "GET":
            return self._verify_access_token(request)
        if request.method != "POST":
            raise LineError(405, {"message": "Method Not Allowed"})
        media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media != "application/x-www-form-urlencoded":
            raise LineError(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "unsupported content type",
                },
            )
        form = {
            k: v[0]
            for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()
        }
        record.body = {k: v for k, v in form.items() if k != "id_token"}

        def fail(description: str) -> LineError:
            return LineError(
                400, {"error": "invalid_request", "error_description": description}
            )

        if not form.get("id_token"):
            raise fail("id_token is required.")
        if not form.get("client_id"):
            raise fail("client_id is required.")
        decision = self.faults.decide(
            "verifyIdToken", "before_accept", record.request_id
        )
        if decision is not None and (decision.status or decision.disconnect):
            if decision.delay:
                time.sleep(decision.delay)
            record.fault = "before_accept"
            return self._fault_response(decision)
        with self.lock:
            token = self.id_tokens.get(form["id_token"])
        if token is None:
            raise fail("Invalid IdToken.")
        payload = token.payload
        if self.clock.now() >= token.expires_at:
            raise fail("IdToken expired.")
        if payload["aud"] != form["client_id"]:
            raise fail("Invalid IdToken Audience.")
        if "nonce" in form and payload.get("nonce") != form["nonce"]:
            raise fail("Invalid IdToken Nonce.")
        if "user_id" in form and payload["sub"] != form["user_id"]:
            raise fail("Invalid IdToken Subject Identifier.")
        record.accepted = True
        return self._ok(payload)

    def _verify_access_token(self, request: Request) -> Response:
        token = request.query.get("access_token")
        if not token:
            raise LineError(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "access_token is required.",
                },
            )
        now = self.clock.now()
        with self.lock:
            login = self.login_tokens.get(token)
        if login is not None and now < login.expires_at:
            return self._ok(
                {
                    "scope": login.scope,
                    "client_id": login.client_id,
                    "expires_in": int(login.expires_at - now),
                }
            )
        raise LineError(
            400 if login is None else 400,
            {
                "error": "invalid_request",
                "error_description": "access token expired"
                if login
                else "invalid access token",
            },
        )

    def _login_profile(self, request: Request) -> Response:
        if request.method != "GET":
            raise LineError(405, {"message": "Method Not Allowed"})
        header = request.headers.get("authorization", "")
        token = header[7:] if header.startswith("Bearer ") else ""
        with self.lock:
            login = self.login_tokens.get(token)
            profile = self.users.get(login.user_id) if login else None
        if login is None or self.clock.now() >= login.expires_at:
            raise LineError(401, {"message": "invalid token"})
        data = (
            profile.to_api()
            if profile
            else {"userId": login.user_id, "displayName": "Test User"}
        )
        data.pop("language", None)
        return self._ok(data)

    # ------------------------------------------------------- simulated taps

    def tap_rich_menu_switch(
        self, user_id: str, rich_menu_alias_id: str, data: str | None = None
    ) -> dict[str, Any]:
        """A resident taps a ``richmenuswitch`` area; returns the webhook ``postback``.

        On success the alias's menu becomes the user's per-user menu, as on LINE.
        """
        with self.lock:
            rich_menu_id = self.aliases.get(rich_menu_alias_id)
            if rich_menu_id is None:
                status = "RICHMENU_ALIAS_ID_NOTFOUND"
            elif rich_menu_id not in self.rich_menus:
                status = "RICHMENU_NOTFOUND"
            else:
                status = "SUCCESS"
                self.user_rich_menus[user_id] = rich_menu_id
            self.switches.append(
                RichMenuSwitch(
                    user_id,
                    rich_menu_alias_id,
                    rich_menu_id,
                    status,
                    data,
                    self.clock.now(),
                )
            )
        params: dict[str, Any] = {"status": status}
        if status == "SUCCESS":
            params["newRichMenuAliasId"] = rich_menu_alias_id
        return {"data": data or "", "params": params}

    def displayed_rich_menu(self, user_id: str) -> str | None:
        """What the user sees: the per-user menu first, then the API default."""
        with self.lock:
            linked = self.user_rich_menus.get(user_id)
            if linked in self.rich_menus:
                return linked
            return self.default_rich_menu

    # ------------------------------------------------------------ queries

    def received(self, user_id: str) -> list[ReceivedMessage]:
        """Messages accepted for ``user_id``, oldest first."""
        with self.lock:
            deliveries = list(self.inbox.get(user_id, ()))
        out: list[ReceivedMessage] = []
        for delivery in deliveries:
            for index, message in enumerate(delivery.messages):
                sent = delivery.sent_messages
                out.append(
                    ReceivedMessage(
                        user_id=user_id,
                        message=message,
                        endpoint=delivery.endpoint,
                        request_id=delivery.request_id,
                        retry_key=delivery.retry_key,
                        accepted_at=delivery.accepted_at,
                        index=index,
                        notification_disabled=delivery.notification_disabled,
                        message_id=sent[index]["id"] if sent else None,
                        custom_aggregation_units=delivery.custom_aggregation_units,
                    )
                )
        return out


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _iso(stamp: float) -> str:
    moment = datetime.fromtimestamp(stamp, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")

"""The one way this project talks to LINE: the real line-bot-sdk v3 client.

Hosts and token come from settings (``LINE_API_BASE_URL``, ``LINE_DATA_API_BASE_URL``,
``LINE_CHANNEL_ACCESS_TOKEN``). Without a token, or with ``LINE_SANDBOX`` on, the same
client runs against the sandbox channel (``sandbox.py``).
"""

from dataclasses import dataclass, field
from functools import cache, lru_cache
import json
import logging
from typing import Any
from urllib.parse import urlencode
import uuid

from django.conf import settings

from linebot.v3.insight import ApiClient as InsightApiClient
from linebot.v3.insight import ApiException as InsightApiException
from linebot.v3.insight import Configuration as InsightConfiguration
from linebot.v3.insight import Insight
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    BroadcastRequest,
    Configuration,
    CreateRichMenuAliasRequest,
    MarkMessagesAsReadByTokenRequest,
    MessagingApi,
    MessagingApiBlob,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    RichMenuBulkLinkRequest,
    RichMenuBulkUnlinkRequest,
    RichMenuRequest,
    ShowLoadingAnimationRequest,
    UpdateRichMenuAliasRequest,
    ValidateMessageRequest,
)
from pydantic.v1 import PrivateAttr
from pydantic.v1 import ValidationError as PydanticValidationError
import urllib3

from .sandbox import SANDBOX_ACCESS_TOKEN, SandboxTransport, sandbox_app


logger = logging.getLogger(__name__)


def is_sandbox() -> bool:
    return settings.LINE_SANDBOX or not settings.LINE_CHANNEL_ACCESS_TOKEN


@cache
def _api_client(
    api_base_url: str, data_api_base_url: str, token: str, sandbox: bool
) -> ApiClient:
    client = ApiClient(Configuration(host=api_base_url, access_token=token))
    if sandbox:
        client.rest_client.pool_manager = SandboxTransport(
            sandbox_app(), api_base_url, data_api_base_url
        )
    return client


def messaging_api() -> MessagingApi:
    """A MessagingApi on a client reused within the process (connection pooling)."""
    sandbox = is_sandbox()
    token = SANDBOX_ACCESS_TOKEN if sandbox else settings.LINE_CHANNEL_ACCESS_TOKEN
    return MessagingApi(
        _api_client(
            settings.LINE_API_BASE_URL, settings.LINE_DATA_API_BASE_URL, token, sandbox
        )
    )


def messaging_api_blob() -> MessagingApiBlob:
    """The api-data.line.me operations (rich-menu images) on their own host."""
    sandbox = is_sandbox()
    token = SANDBOX_ACCESS_TOKEN if sandbox else settings.LINE_CHANNEL_ACCESS_TOKEN
    host = settings.LINE_DATA_API_BASE_URL
    return MessagingApiBlob(_api_client(host, host, token, sandbox))


def reset_clients() -> None:
    """Drop pooled clients (tests switch between fake servers)."""
    _api_client.cache_clear()
    _insight_client.cache_clear()
    _login_pool.cache_clear()


@dataclass
class SendResult:
    """What LINE said about one send request, in the terms the delivery engine needs."""

    status: int | None
    request_id: str = ""
    accepted_request_id: str = ""
    message: str = ""
    details: list[dict[str, Any]] = field(default_factory=list)
    data: Any = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def accepted(self) -> bool:
        """2xx, or 409: a request with this retry key was already accepted."""
        return self.status is not None and (
            200 <= self.status < 300 or self.status == 409
        )

    @property
    def is_monthly_limit(self) -> bool:
        """LINE's 429 for an exhausted monthly quota: waiting does not help.

        Only the message tells it from a rate limit (line-platform.md §2.2).
        """
        return self.status == 429 and "monthly limit" in self.message

    @property
    def retryable(self) -> bool:
        """Timeouts, connection errors, 5xx and 429 are retried with the same key
        (not the monthly limit: nothing is sent until the city raises it)."""
        if self.is_monthly_limit:
            return False
        return self.status is None or self.status >= 500 or self.status == 429


def _error_result(error: ApiException) -> SendResult:
    headers = {k.lower(): v for k, v in (error.headers or {}).items()}
    message, details = str(error.reason or ""), []
    if error.body:
        try:
            payload = json.loads(error.body)
            message = payload.get("message", message)
            details = payload.get("details", []) or []
        except (ValueError, AttributeError):
            message = str(error.body)[:500]
    return SendResult(
        status=error.status,
        request_id=headers.get("x-line-request-id", ""),
        accepted_request_id=headers.get("x-line-accepted-request-id", ""),
        message=message,
        details=details,
    )


def _call(operation, *args: Any, **kwargs: Any) -> SendResult:
    try:
        response = operation(
            *args, _request_timeout=settings.LINE_REQUEST_TIMEOUT, **kwargs
        )
    except ApiException as error:
        return _error_result(error)
    except (urllib3.exceptions.HTTPError, OSError) as error:
        logger.warning("LINE request failed before an answer: %r", error)
        return SendResult(status=None, message=f"{type(error).__name__}: {error}")
    headers = {k.lower(): v for k, v in (response.headers or {}).items()}
    return SendResult(
        status=response.status_code,
        request_id=headers.get("x-line-request-id", ""),
        data=response.data,
    )


def _send(
    model, body: dict[str, Any], operation_name: str, *args: Any, **kwargs: Any
) -> SendResult:
    try:
        request = model.from_dict(body)
    except (PydanticValidationError, ValueError, TypeError) as error:
        # The SDK's own models refused it: LINE would have answered 400.
        return SendResult(
            status=400, message=f"line-bot-sdk refused the request: {error}"
        )
    api = messaging_api()
    return _call(getattr(api, operation_name), *args, request, **kwargs)


@lru_cache(maxsize=64)
def _serialized_messages(messages_json: str) -> list[dict[str, Any]]:
    """These messages as line-bot-sdk sends them, after its models validated them.

    Built once per process and message set: a delivery's 200 requests and a burst's
    welcome replies send the same messages, and building and serialising the SDK's
    pydantic models cost ~5–10 ms a request (docs/benchmarks.md).
    """
    request = ValidateMessageRequest.from_dict({"messages": json.loads(messages_json)})
    return request.to_dict()["messages"]


class _PreparedMulticast(MulticastRequest):
    """A ``MulticastRequest`` whose messages were validated and serialised once."""

    _messages: list = PrivateAttr(default_factory=list)
    _units: list = PrivateAttr(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"to": self.to, "messages": self._messages}
        if self._units:
            body["customAggregationUnits"] = self._units
        return body


class _PreparedReply(ReplyMessageRequest):
    """A ``ReplyMessageRequest`` whose messages were validated and serialised once."""

    _messages: list = PrivateAttr(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"replyToken": self.reply_token, "messages": self._messages}


def _prepared(model, messages: list[dict], **fields: Any):
    """``model`` with ``fields`` and the cached serialised ``messages`` (None if the
    SDK's models refuse the messages: the caller lets ``_send`` say why)."""
    try:
        serialized = _serialized_messages(
            json.dumps(messages, ensure_ascii=False, sort_keys=True)
        )
    except (PydanticValidationError, ValueError, TypeError):
        return None
    request = model.construct(**fields, messages=[])
    request._messages = serialized
    return request


def multicast(
    user_ids: list[str],
    messages: list[dict],
    retry_key: uuid.UUID,
    aggregation_unit: str | None = None,
) -> SendResult:
    """``aggregation_unit`` names the delivery for LINE's statistics per unit."""
    units = [aggregation_unit] if aggregation_unit else []
    request = None
    if 0 < len(user_ids) <= MULTICAST_MAX_TO and all(
        isinstance(user_id, str) for user_id in user_ids
    ):
        request = _prepared(_PreparedMulticast, messages, to=list(user_ids))
    if request is None:
        # Let the SDK refuse it in its own words.
        body: dict[str, Any] = {"to": user_ids, "messages": messages}
        if units:
            body["customAggregationUnits"] = units
        return _send(
            MulticastRequest,
            body,
            "multicast_with_http_info",
            x_line_retry_key=str(retry_key),
        )
    request._units = units
    return _call(
        messaging_api().multicast_with_http_info,
        request,
        x_line_retry_key=str(retry_key),
    )


MULTICAST_MAX_TO = 500


def broadcast(messages: list[dict], retry_key: uuid.UUID) -> SendResult:
    return _send(
        BroadcastRequest,
        {"messages": messages},
        "broadcast_with_http_info",
        x_line_retry_key=str(retry_key),
    )


def push(user_id: str, messages: list[dict], retry_key: uuid.UUID) -> SendResult:
    return _send(
        PushMessageRequest,
        {"to": user_id, "messages": messages},
        "push_message_with_http_info",
        x_line_retry_key=str(retry_key),
    )


def reply(reply_token: str, messages: list[dict]) -> SendResult:
    """Answer a webhook event (free of charge, single use, valid about a minute)."""
    request = (
        _prepared(_PreparedReply, messages, reply_token=reply_token)
        if isinstance(reply_token, str) and reply_token and messages
        else None
    )
    if request is not None:
        return _call(messaging_api().reply_message_with_http_info, request)
    return _send(
        ReplyMessageRequest,
        {"replyToken": reply_token, "messages": messages},
        "reply_message_with_http_info",
    )


def validate_multicast(messages: list[dict]) -> SendResult:
    """Ask LINE (or the sandbox) whether these messages would be accepted."""
    return _send(
        ValidateMessageRequest,
        {"messages": messages},
        "validate_multicast_with_http_info",
    )


# --- insight: LINE's own statistics (line-platform.md "Insight / unit statistics") --


@cache
def _insight_client(api_base_url: str, token: str, sandbox: bool) -> InsightApiClient:
    client = InsightApiClient(
        InsightConfiguration(host=api_base_url, access_token=token)
    )
    if sandbox:
        client.rest_client.pool_manager = SandboxTransport(
            sandbox_app(), api_base_url, settings.LINE_DATA_API_BASE_URL
        )
    return client


def insight_api() -> Insight:
    sandbox = is_sandbox()
    token = SANDBOX_ACCESS_TOKEN if sandbox else settings.LINE_CHANNEL_ACCESS_TOKEN
    return Insight(_insight_client(settings.LINE_API_BASE_URL, token, sandbox))


def _insight_call(operation, *args: Any) -> SendResult:
    try:
        response = operation(*args, _request_timeout=settings.LINE_REQUEST_TIMEOUT)
    except InsightApiException as error:
        return _error_result(error)
    except (urllib3.exceptions.HTTPError, OSError) as error:
        logger.warning("LINE insight request failed before an answer: %r", error)
        return SendResult(status=None, message=f"{type(error).__name__}: {error}")
    return SendResult(status=response.status_code, data=response.data)


def statistics_per_unit(unit: str, first: str, last: str) -> SendResult:
    """Multicast statistics of ``unit`` sent from ``first`` to ``last`` (yyyyMMdd JST)."""
    return _insight_call(
        insight_api().get_statistics_per_unit_with_http_info, unit, first, last
    )


def message_event(request_id: str) -> SendResult:
    """Statistics of one broadcast (or narrowcast) request."""
    return _insight_call(insight_api().get_message_event_with_http_info, request_id)


def number_of_followers(day: str) -> SendResult:
    """LINE's friend figures for one day (yyyyMMdd JST); ``status`` ready/unready."""
    return _insight_call(insight_api().get_number_of_followers_with_http_info, day)


# --- chat: read receipts, loading indicator, content (line-platform.md §1.2) --------


def mark_as_read(mark_as_read_token: str) -> SendResult:
    """Mark the resident's messages up to this one as read (token from the webhook)."""
    return _send(
        MarkMessagesAsReadByTokenRequest,
        {"markAsReadToken": mark_as_read_token},
        "mark_messages_as_read_by_token_with_http_info",
    )


def show_loading(user_id: str, seconds: int = 20) -> SendResult:
    """LINE's loading indicator in the resident's chat (5–60 s, a multiple of 5)."""
    return _send(
        ShowLoadingAnimationRequest,
        {"chatId": user_id, "loadingSeconds": seconds},
        "show_loading_animation_with_http_info",
    )


def get_message_content(message_id: str) -> tuple[SendResult, str]:
    """The bytes a resident sent (image, video, audio, file) from the api-data host.

    Returns the result (``data`` holds the bytes) and the content type LINE gave.
    """
    api = messaging_api_blob()
    try:
        response = api.get_message_content_with_http_info(
            message_id, _request_timeout=settings.LINE_REQUEST_TIMEOUT
        )
    except ApiException as error:
        return _error_result(error), ""
    except (urllib3.exceptions.HTTPError, OSError) as error:
        logger.warning("LINE content request failed before an answer: %r", error)
        return SendResult(status=None, message=f"{type(error).__name__}: {error}"), ""
    headers = {k.lower(): v for k, v in (response.headers or {}).items()}
    return (
        SendResult(
            status=response.status_code,
            request_id=headers.get("x-line-request-id", ""),
            data=bytes(response.data or b""),
        ),
        headers.get("content-type", "application/octet-stream"),
    )


# --- rich menus (line-platform.md §1.2) ---------------------------------------------


def create_rich_menu(body: dict[str, Any]) -> SendResult:
    """``data.rich_menu_id`` on success."""
    return _send(RichMenuRequest, body, "create_rich_menu_with_http_info")


def set_rich_menu_image(
    rich_menu_id: str, image: bytes, content_type: str
) -> SendResult:
    # The SDK JSON-encodes bytes unless the content type is given (line-platform.md §4.8).
    return _call(
        messaging_api_blob().set_rich_menu_image_with_http_info,
        rich_menu_id,
        body=image,
        _headers={"Content-Type": content_type},
    )


def set_rich_menu_alias(alias_id: str, rich_menu_id: str) -> SendResult:
    """Point ``alias_id`` at ``rich_menu_id``: update it, or create it if it is new."""
    result = _send(
        UpdateRichMenuAliasRequest,
        {"richMenuId": rich_menu_id},
        "update_rich_menu_alias_with_http_info",
        alias_id,
    )
    # LINE documents no answer for updating a missing alias (404 or 400): try creating.
    if result.status not in (400, 404):
        return result
    created = _send(
        CreateRichMenuAliasRequest,
        {"richMenuAliasId": alias_id, "richMenuId": rich_menu_id},
        "create_rich_menu_alias_with_http_info",
    )
    # "conflict": the alias exists, so the update's own error is the one to report.
    return result if "conflict" in created.message else created


def set_default_rich_menu(rich_menu_id: str) -> SendResult:
    return _call(messaging_api().set_default_rich_menu_with_http_info, rich_menu_id)


def delete_rich_menu(rich_menu_id: str) -> SendResult:
    return _call(messaging_api().delete_rich_menu_with_http_info, rich_menu_id)


def link_rich_menu_to_users(rich_menu_id: str, user_ids: list[str]) -> SendResult:
    """Per-user link (≤500 ids a request; LINE answers 202 and applies it in seconds)."""
    return _send(
        RichMenuBulkLinkRequest,
        {"richMenuId": rich_menu_id, "userIds": user_ids},
        "link_rich_menu_id_to_users_with_http_info",
    )


def unlink_rich_menu_from_users(user_ids: list[str]) -> SendResult:
    return _send(
        RichMenuBulkUnlinkRequest,
        {"userIds": user_ids},
        "unlink_rich_menu_id_from_users_with_http_info",
    )


# --- LINE Login: LIFF ID tokens ---------------------------------------------


@dataclass
class IdTokenVerdict:
    """What LINE Login's verify endpoint said about a LIFF ID token."""

    status: int | None
    user_id: str = ""
    message: str = ""

    @property
    def valid(self) -> bool:
        return self.status == 200 and bool(self.user_id)

    @property
    def unavailable(self) -> bool:
        """LINE could not answer (timeout, 5xx, 429): neither valid nor forged."""
        return self.status is None or self.status >= 500 or self.status == 429


def login_channel_id() -> str:
    """The LINE Login channel that owns the LIFF app (ID tokens' ``aud``).

    The sandbox issues its own tokens, for the configured channel or its default.
    """
    if is_sandbox():
        return settings.LINE_LOGIN_CHANNEL_ID or sandbox_app().login_channel_id
    return settings.LINE_LOGIN_CHANNEL_ID


@cache
def _login_pool(api_base_url: str, data_api_base_url: str, sandbox: bool):
    if sandbox:
        return SandboxTransport(sandbox_app(), api_base_url, data_api_base_url)
    return urllib3.PoolManager(retries=False)


def verify_id_token(id_token: str) -> IdTokenVerdict:
    """Ask LINE Login whether a LIFF ID token is genuine, unexpired and ours.

    ``POST {LINE_API_BASE_URL}/oauth2/v2.1/verify`` with our channel id as
    ``client_id``: LINE refuses tokens for another channel ("Invalid IdToken
    Audience."), expired ones and forgeries with 400 (line-platform.md §5).
    """
    channel_id = login_channel_id()
    if not channel_id or not id_token:
        return IdTokenVerdict(status=400, message="no channel id or no token")
    pool = _login_pool(
        settings.LINE_API_BASE_URL, settings.LINE_DATA_API_BASE_URL, is_sandbox()
    )
    try:
        response = pool.request(
            "POST",
            f"{settings.LINE_API_BASE_URL}/oauth2/v2.1/verify",
            body=urlencode({"id_token": id_token, "client_id": channel_id}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=urllib3.Timeout(
                connect=settings.LINE_REQUEST_TIMEOUT[0],
                read=settings.LINE_REQUEST_TIMEOUT[1],
            ),
        )
    except (urllib3.exceptions.HTTPError, OSError) as error:
        logger.warning("LINE Login verify failed before an answer: %r", error)
        return IdTokenVerdict(status=None, message=f"{type(error).__name__}: {error}")
    try:
        payload = json.loads(response.data or b"{}")
    except ValueError:
        payload = {}
    if response.status != 200:
        return IdTokenVerdict(
            status=response.status,
            message=str(payload.get("error_description") or payload.get("message")),
        )
    # LINE checked signature, expiry and audience; check the audience again anyway.
    if str(payload.get("aud")) != channel_id or not str(payload.get("sub", "")):
        return IdTokenVerdict(status=400, message="unexpected audience or subject")
    return IdTokenVerdict(status=200, user_id=str(payload["sub"]))


def issue_sandbox_id_token(user_id: str) -> str:
    """An ID token for a sandbox friend, as LIFF's ``getIDToken()`` would give.

    Only the sandbox channel can do this (the LIFF stand-in uses it); LINE's real
    tokens come from the LIFF SDK in the LINE app.
    """
    if not is_sandbox():
        raise RuntimeError("sandbox ID tokens exist only in the sandbox channel")
    return sandbox_app().issue_id_token(user_id, client_id=login_channel_id())

"""Data recorded by the fake LINE server (what tests and benchmarks assert on)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Delivery:
    """One accepted send request (reply/push/multicast/broadcast/narrowcast).

    Shared by all its recipients: per-user inboxes hold references to it, so a
    500-recipient multicast costs 500 list appends, not 2,500 objects.
    """

    endpoint: str  # "reply" | "push" | "multicast" | "broadcast" | "narrowcast"
    request_id: str
    retry_key: str | None
    accepted_at: float
    messages: list[dict[str, Any]]
    recipients: list[str]
    notification_disabled: bool
    sent_messages: list[dict[str, str]] | None = None
    custom_aggregation_units: tuple[str, ...] = ()
    destination: str | None = None  # push "to" / reply source, also for groups/rooms


@dataclass(frozen=True, slots=True)
class ReceivedMessage:
    """One message as received by one user, with delivery metadata."""

    user_id: str
    message: dict[str, Any]
    endpoint: str
    request_id: str
    retry_key: str | None
    accepted_at: float
    index: int  # position in the request's ``messages`` array
    notification_disabled: bool
    message_id: str | None  # ``sentMessages[i].id`` for reply/push
    custom_aggregation_units: tuple[str, ...]

    @property
    def type(self) -> str:
        """The message ``type`` (``"text"``, ``"flex"``...)."""
        return str(self.message.get("type"))

    @property
    def text(self) -> str | None:
        """The ``text`` of text messages, ``altText`` of flex/template/imagemap."""
        value = self.message.get("text", self.message.get("altText"))
        return value if isinstance(value, str) else None


@dataclass(slots=True)
class RequestRecord:
    """One HTTP request as the fake saw it, accepted or rejected."""

    request_id: str
    at: float
    method: str
    host: str  # "api" | "data"
    path: str
    query: dict[str, str]
    operation_id: str | None
    status: int = 0
    retry_key: str | None = None
    body: Any = field(default=None, repr=False)
    error: dict[str, Any] | None = None
    accepted: bool = False
    fault: str | None = None
    accepted_request_id: str | None = None  # on 409
    duration: float = 0.0


@dataclass(slots=True)
class RetryKeyEntry:
    """An accepted ``X-Line-Retry-Key`` (kept 24 h)."""

    key: str
    request_id: str
    accepted_at: float
    operation_id: str
    body_digest: str
    sent_messages: list[dict[str, str]] | None


@dataclass(slots=True)
class UserProfile:
    """A LINE user known to the fake; followers receive broadcasts."""

    user_id: str
    display_name: str = "Test User"
    picture_url: str | None = None
    status_message: str | None = None
    language: str | None = "ja"
    follower: bool = True
    blocked: bool = False
    #: Narrowcast attributes: {"age": 34, "gender": "female", "appType": "ios",
    #: "area": "jp_08", "subscriptionPeriod": 40 (days)}.
    demographics: dict[str, Any] = field(default_factory=dict)
    #: Fake-clock times of the (first) follow and of the block, for the followers
    #: insight (``GET /v2/bot/insight/followers?date=``).
    followed_at: float | None = None
    blocked_at: float | None = None

    def to_api(self) -> dict[str, Any]:
        """Shape of ``GET /v2/bot/profile/{userId}``."""
        data: dict[str, Any] = {
            "displayName": self.display_name,
            "userId": self.user_id,
        }
        if self.picture_url:
            data["pictureUrl"] = self.picture_url
        if self.status_message:
            data["statusMessage"] = self.status_message
        if self.language:
            data["language"] = self.language
        return data


@dataclass(slots=True)
class RichMenu:
    """A created rich menu and its (at most one) image."""

    rich_menu_id: str
    body: dict[str, Any]
    created_at: float
    image: bytes | None = None
    image_content_type: str | None = None

    def to_api(self) -> dict[str, Any]:
        """Shape of ``RichMenuResponse``."""
        return {"richMenuId": self.rich_menu_id, **self.body}


@dataclass(frozen=True, slots=True)
class RichMenuSwitch:
    """A simulated tap on a ``richmenuswitch`` area."""

    user_id: str
    rich_menu_alias_id: str
    rich_menu_id: str | None
    status: str  # SUCCESS | RICHMENU_ALIAS_ID_NOTFOUND | RICHMENU_NOTFOUND | FAILED
    data: str | None
    at: float


@dataclass(slots=True)
class ReplyToken:
    """A reply token handed to the product in a (simulated) webhook event."""

    token: str
    source: str  # user/group/room id the reply goes to
    issued_at: float
    used: bool = False


@dataclass(slots=True)
class IdToken:
    """A LIFF / LINE Login ID token that ``POST /oauth2/v2.1/verify`` accepts."""

    token: str
    payload: dict[str, Any]
    expires_at: float


@dataclass(slots=True)
class LoginAccessToken:
    """A LINE Login / LIFF user access token (``GET /oauth2/v2.1/verify``)."""

    token: str
    client_id: str
    user_id: str
    scope: str
    expires_at: float


@dataclass(slots=True)
class NarrowcastJob:
    """Progress of an accepted narrowcast (kept for the progress endpoint)."""

    request_id: str
    accepted_at: float
    recipients: list[str]
    body: dict[str, Any]
    phase: str = "succeeded"
    error_code: int | None = None
    failed_description: str | None = None


@dataclass(slots=True)
class BatchJob:
    """Progress of an accepted rich menu batch request."""

    request_id: str
    accepted_at: float
    operations: list[dict[str, Any]]
    phase: str = "succeeded"


@dataclass(frozen=True, slots=True)
class Interaction:
    """What a recipient did with a delivered message (the insight APIs count these).

    ``kind`` is ``impression`` (a bubble was displayed), ``click`` (a URL was opened),
    ``media`` (a video or audio started) or ``media_complete`` (played to the end).
    """

    request_id: str
    user_id: str
    kind: str
    seq: int = 1
    url: str | None = None
    at: float = 0.0

"""Tunable limits of the fake LINE server.

Every number defaults to what line-platform.md (LINE's docs, 2026-08) says, so
the fake rejects exactly what LINE rejects. Where the notes say "decision
needed" (URI length: docs 1000, SDK 3.27.0 allows 10000) the strict value is
the default and the field lets a test or benchmark relax it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class RateLimit:
    """A token bucket: ``requests`` per ``per_seconds``, bursting up to ``requests``.

    LINE documents its limits as token buckets per channel and per endpoint
    (URL + method), so a burst of ``requests`` is allowed after idling.
    """

    requests: int
    per_seconds: float

    @property
    def rate(self) -> float:
        """Tokens added per second."""
        return self.requests / self.per_seconds


HOUR = 3600.0
MINUTE = 60.0

#: LINE's documented rate limits (line-platform.md §2.2), keyed by operationId.
DEFAULT_RATE_LIMITS: dict[str, RateLimit] = {
    # 60 requests per hour
    "narrowcast": RateLimit(60, HOUR),
    "broadcast": RateLimit(60, HOUR),
    "getNumberOfSentReplyMessages": RateLimit(60, HOUR),
    "getNumberOfSentPushMessages": RateLimit(60, HOUR),
    "getNumberOfSentMulticastMessages": RateLimit(60, HOUR),
    "getNumberOfSentBroadcastMessages": RateLimit(60, HOUR),
    "testWebhookEndpoint": RateLimit(60, HOUR),
    # The insight endpoints share the 60-an-hour limit (each its own bucket).
    "getNumberOfMessageDeliveries": RateLimit(60, HOUR),
    "getNumberOfFollowers": RateLimit(60, HOUR),
    "getFriendsDemographics": RateLimit(60, HOUR),
    "getMessageEvent": RateLimit(60, HOUR),
    "getStatisticsPerUnit": RateLimit(60, HOUR),
    "getRichMenuInsightSummary": RateLimit(60, HOUR),
    "getRichMenuInsightDaily": RateLimit(60, HOUR),
    # 1,000 requests per minute
    "setWebhookEndpoint": RateLimit(1000, MINUTE),
    "getWebhookEndpoint": RateLimit(1000, MINUTE),
    # 100 requests per hour
    "createRichMenu": RateLimit(100, HOUR),
    "deleteRichMenu": RateLimit(100, HOUR),
    "deleteRichMenuAlias": RateLimit(100, HOUR),
    "getRichMenuBatchProgress": RateLimit(100, HOUR),
    # 3 requests per hour
    "richMenuBatch": RateLimit(3, HOUR),
    # 10 requests per second (changed 2026-05-26)
    "getRichMenuList": RateLimit(10, 1.0),
    # 200 requests per second
    "multicast": RateLimit(200, 1.0),
    "getMembershipSubscription": RateLimit(200, 1.0),
    "getMembershipList": RateLimit(200, 1.0),
    "getJoinedMembershipUsers": RateLimit(200, 1.0),
    "createCoupon": RateLimit(200, 1.0),
    "closeCoupon": RateLimit(200, 1.0),
    "listCoupon": RateLimit(200, 1.0),
    "getCouponDetail": RateLimit(200, 1.0),
    # 100 requests per second
    "showLoadingAnimation": RateLimit(100, 1.0),
}

#: "Other API endpoints": 2,000 requests per second.
DEFAULT_OTHER_RATE_LIMIT = RateLimit(2000, 1.0)


@dataclass(slots=True)
class FakeLineConfig:
    """All knobs of the fake; ``FakeLineServer.reset()`` restores the initial copy."""

    # --- message limits (line-platform.md §2.1) ---
    max_messages: int = 5
    max_multicast_recipients: int = 500
    text_max_length: int = 5000  # UTF-16 code units
    text_max_emojis: int = 20
    alt_text_max_length: int = 1500
    uri_max_length: int = 1000  # "decision needed": docs 1000 (strict), SDK 10000
    media_url_max_length: int = 2000
    flex_bubble_max_bytes: int = 30_000  # "30 KB"; strict reading of KB
    flex_carousel_max_bytes: int = 50_000  # "50 KB"
    flex_carousel_max_bubbles: int = 12
    flex_max_animated_images: int = 10
    quick_reply_max_items: int = 13
    postback_data_max_length: int = 300
    allowed_uri_schemes: tuple[str, ...] = ("http", "https", "line", "tel")
    #: Reject JSON properties the spec doesn't define (Jackson's "The property,
    #: X, in the request body is invalid"). The SDK never sends unknown keys.
    reject_unknown_properties: bool = True
    #: Reject reply tokens that were not issued with ``issue_reply_token``.
    strict_reply_tokens: bool = True
    reply_token_ttl_seconds: float = 60.0

    # --- transport ---
    max_body_bytes: int = 2_000_000  # "2 MB" -> 413
    retry_key_ttl_seconds: float = 24 * HOUR

    # --- rich menus (line-platform.md §1.2) ---
    rich_menu_max_count: int = 1000
    rich_menu_alias_max_count: int = 1000
    rich_menu_image_max_bytes: int = 1_000_000  # "1 MB"
    #: The uploaded image must have exactly the size declared in the rich menu.
    rich_menu_image_must_match_size: bool = True

    # --- account ---
    #: Only verified/premium accounts may call GET /v2/bot/followers/ids (else 403).
    followers_api_available: bool = True
    #: Monthly message quota; None means ``{"type": "none"}`` (unlimited).
    monthly_quota: int | None = None
    #: Distinct ``customAggregationUnits`` names per calendar month (JST). A send
    #: naming a new unit above this is still delivered; the name is silently
    #: not assigned (LINE's unit-based statistics docs).
    aggregation_units_per_month: int = 1000
    #: Insight counts below this come back as null (LINE's privacy threshold).
    insight_privacy_threshold: int = 20
    #: Interactions are counted for this long after the send (LINE: 14 days).
    insight_window_seconds: float = 14 * 24 * HOUR

    # --- rate limits (line-platform.md §2.2) ---
    rate_limits_enabled: bool = True
    rate_limits: dict[str, RateLimit | None] = field(
        default_factory=lambda: dict(DEFAULT_RATE_LIMITS)
    )
    default_rate_limit: RateLimit | None = DEFAULT_OTHER_RATE_LIMIT

    # --- recording ---
    #: Keep parsed request bodies in ``fake.requests`` (turn off for long soaks).
    record_request_bodies: bool = True
    #: Keep at most this many entries in ``fake.requests`` (None: unbounded).
    max_request_log: int | None = None

    def copy(self) -> FakeLineConfig:
        """Deep-enough copy so that ``reset()`` can restore the initial config."""
        return replace(self, rate_limits=dict(self.rate_limits))

    def rate_limit_for(self, operation_id: str) -> RateLimit | None:
        """The bucket that applies to an operation (None: unlimited)."""
        if operation_id in self.rate_limits:
            return self.rate_limits[operation_id]
        return self.default_rate_limit

"""LINE's statistics of each delivery, read on a schedule within LINE's limits.

Multicasts are counted per aggregation unit (``units``), broadcasts per request id.
LINE updates a message's figures for 14 days after it was sent; every insight
endpoint allows 60 calls an hour, so a run reads at most what our own hourly budget
(``LINE_INSIGHT_REQUESTS_PER_HOUR``) still allows, oldest-read first.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .. import client, ratelimit
from ..models import Delivery, DeliveryRequest
from .models import DeliveryStatistics, LineFollowerCount
from .units import JST


logger = logging.getLogger(__name__)

UPDATED_FOR = datetime.timedelta(days=14)
"""LINE keeps counting for 14 days after the send; a day more catches late figures."""
REFRESH_EVERY = datetime.timedelta(hours=1)


def _insight_allowed(endpoint: str) -> bool:
    return ratelimit.allow(
        "line-insight", endpoint, settings.LINE_INSIGHT_REQUESTS_PER_HOUR, 3600.0
    )


def _yyyymmdd(moment: datetime.datetime | datetime.date) -> str:
    if isinstance(moment, datetime.datetime):
        moment = moment.astimezone(JST).date()
    return moment.strftime("%Y%m%d")


def broadcast_request_id(delivery: Delivery) -> str:
    request = delivery.requests.filter(status=DeliveryRequest.Status.ACCEPTED).first()
    if request is None:
        return ""
    # A 409 names the request LINE accepted first; that one carries the statistics.
    return request.accepted_request_id or request.line_request_id


def _value(data: Any, name: str) -> Any:
    return getattr(data, name, None) if data is not None else None


def _store(delivery: Delivery, data: Any) -> DeliveryStatistics:
    overview = data.overview
    messages = [
        {
            "seq": m.seq,
            "impression": m.impression,
            "media_played": m.media_played,
            "unique_media_played": m.unique_media_played,
            "media_played_100": m.media_played100_percent,
        }
        for m in (data.messages or [])
    ]
    impressions = [m["impression"] for m in messages]
    stats, _ = DeliveryStatistics.objects.update_or_create(
        delivery=delivery,
        defaults={
            "fetched_at": timezone.now(),
            "delivered": _value(overview, "delivered"),
            "unique_impressions": _value(overview, "unique_impression"),
            "impressions": sum(impressions)
            if impressions and None not in impressions
            else None,
            "unique_clicks": _value(overview, "unique_click"),
            "unique_media_played": _value(overview, "unique_media_played"),
            "unique_media_played_complete": _value(
                overview, "unique_media_played100_percent"
            ),
            "clicks": [
                {
                    "seq": c.seq,
                    "url": c.url,
                    "click": c.click,
                    "unique_click": c.unique_click,
                }
                for c in (data.clicks or [])
            ],
            "messages": messages,
            "error_message": "",
        },
    )
    return stats


def _note_error(delivery: Delivery, result: client.SendResult) -> None:
    if result.status == 429:
        reason = "LINEの統計の取得回数の上限に達したため、次の回に取得します。"
    elif result.status is None:
        reason = "LINEから応答がなかったため、次の回に取得します。"
    else:
        reason = f"LINEが統計を返しませんでした（{result.status} {result.message}）。"
    DeliveryStatistics.objects.update_or_create(
        delivery=delivery,
        defaults={"fetched_at": timezone.now(), "error_message": reason},
    )


def refresh(delivery: Delivery) -> DeliveryStatistics | None:
    """Read LINE's figures for one delivery now (one insight call); None if it has none."""
    if delivery.is_broadcast:
        request_id = broadcast_request_id(delivery)
        if not request_id:
            return None
        result = client.message_event(request_id)
    elif delivery.aggregation_unit:
        first = delivery.created_at.astimezone(JST).date()
        today = timezone.now().astimezone(JST).date()
        last = min(first + datetime.timedelta(days=30), max(today, first))
        result = client.statistics_per_unit(
            delivery.aggregation_unit, _yyyymmdd(first), _yyyymmdd(last)
        )
    else:
        return None
    if not result.ok:
        _note_error(delivery, result)
        return None
    return _store(delivery, result.data)


def due_deliveries(now: datetime.datetime | None = None) -> list[Delivery]:
    """Sends still being counted by LINE, those read longest ago first."""
    now = now or timezone.now()
    candidates = (
        Delivery.objects.filter(
            resend_of=None,
            status__in=[Delivery.Status.COMPLETED, Delivery.Status.PARTIAL],
            accepted_recipients__gt=0,
            created_at__gte=now - UPDATED_FOR - datetime.timedelta(days=1),
        )
        .exclude(is_broadcast=False, aggregation_unit="")
        .select_related("statistics")
        .order_by(F("statistics__fetched_at").asc(nulls_first=True), "created_at")
    )
    return [
        d
        for d in candidates
        if not hasattr(d, "statistics")
        or d.statistics.fetched_at is None
        or now - d.statistics.fetched_at >= REFRESH_EVERY
    ]


def refresh_due(now: datetime.datetime | None = None) -> int:
    """One scheduled run: read as many due deliveries as the hourly budget allows."""
    done = 0
    for delivery in due_deliveries(now):
        endpoint = "event" if delivery.is_broadcast else "unit"
        if not _insight_allowed(endpoint):
            break
        refresh(delivery)
        done += 1
    return done


def refresh_follower_counts(days: int = 7) -> int:
    """LINE's friend figures for the last ``days`` days we do not have yet."""
    today = timezone.now().astimezone(JST).date()
    have = set(
        LineFollowerCount.objects.filter(
            date__gte=today - datetime.timedelta(days=days)
        ).values_list("date", flat=True)
    )
    stored = 0
    for back in range(1, days + 1):
        day = today - datetime.timedelta(days=back)
        if day in have:
            continue
        if not _insight_allowed("followers"):
            break
        result = client.number_of_followers(_yyyymmdd(day))
        if not result.ok or result.data.status != "ready":
            continue
        LineFollowerCount.objects.update_or_create(
            date=day,
            defaults={
                "followers": result.data.followers or 0,
                "targeted_reaches": result.data.targeted_reaches or 0,
                "blocks": result.data.blocks or 0,
            },
        )
        stored += 1
    return stored

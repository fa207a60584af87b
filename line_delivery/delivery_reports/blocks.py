"""Blocks after a send: recipients who blocked within 24 hours / 7 days of it.

Counted from the follow/block log (``FriendEvent``), with the 受信設定 the friend had
when blocking, so a report can say which topics and 地区 the blockers had chosen.
A broadcast reached every friend who followed before it; a multicast, the friends
of its accepted requests. A block is counted only to the most recent send the friend
received before blocking (a later send, to them or to everyone, takes it over), so one
block is never counted to several sends.
"""

from dataclasses import dataclass, field
import datetime

from django.db.models import Min

from home.models import Area, Topic

from ..models import Delivery, DeliveryRequest
from .models import FriendEvent


DAY = datetime.timedelta(hours=24)
WEEK = datetime.timedelta(days=7)


@dataclass
class BlockRow:
    axis: str  # 「トピック」 or 「地区」
    name: str
    within_day: int = 0
    within_week: int = 0


@dataclass
class BlockCounts:
    sent_at: datetime.datetime | None
    within_day: int = 0
    within_week: int = 0
    rows: list[BlockRow] = field(default_factory=list)

    @property
    def week_complete(self) -> bool:
        from django.utils import timezone

        return self.sent_at is not None and timezone.now() >= self.sent_at + WEEK


def sent_at(delivery: Delivery) -> datetime.datetime | None:
    return delivery.requests.filter(status=DeliveryRequest.Status.ACCEPTED).aggregate(
        first=Min("accepted_at")
    )["first"]


def accepted_at_by_friend(delivery: Delivery) -> dict[int, datetime.datetime]:
    received: dict[int, datetime.datetime] = {}
    for friend_ids, accepted_at in delivery.requests.filter(
        status=DeliveryRequest.Status.ACCEPTED
    ).values_list("friend_ids", "accepted_at"):
        for friend_id in friend_ids:
            received[friend_id] = accepted_at
    return received


def _later_sends(delivery: Delivery, start: datetime.datetime):
    """Sends of other deliveries accepted in the week after ``start``: (friend ids or
    None for a broadcast, accepted at). Test sends reach staff phones only."""
    return list(
        DeliveryRequest.objects.filter(
            status=DeliveryRequest.Status.ACCEPTED,
            accepted_at__gt=start,
            accepted_at__lte=start + WEEK,
        )
        .exclude(delivery=delivery)
        .exclude(delivery__kind=Delivery.Kind.TEST)
        .values_list("friend_ids", "delivery__is_broadcast", "accepted_at")
    )


def _received_later(event, since, later_sends) -> bool:
    for friend_ids, is_broadcast, accepted_at in later_sends:
        if not since < accepted_at < event.at:
            continue
        if is_broadcast:
            if event.friend is None or event.friend.followed_at < accepted_at:
                return True
        elif event.friend_id in friend_ids:
            return True
    return False


def blocks_after(delivery: Delivery) -> BlockCounts:
    start = sent_at(delivery)
    counts = BlockCounts(sent_at=start)
    if start is None:
        return counts
    events = FriendEvent.objects.filter(
        kind=FriendEvent.Kind.BLOCK, at__gt=start, at__lte=start + WEEK
    ).order_by("at")
    if delivery.is_broadcast:
        chosen = [e for e in events if e.friend is None or e.friend.followed_at < start]
        received = {}
    else:
        received = accepted_at_by_friend(delivery)
        chosen = [e for e in events if e.friend_id in received]
    later_sends = _later_sends(delivery, start) if chosen else []
    chosen = [
        e
        for e in chosen
        if not _received_later(e, received.get(e.friend_id, start), later_sends)
    ]
    topics = dict(Topic.objects.values_list("pk", "name"))
    areas = dict(Area.objects.values_list("pk", "name"))
    rows: dict[tuple[str, str], BlockRow] = {}
    for event in chosen:
        in_day = event.at <= start + DAY
        counts.within_week += 1
        counts.within_day += in_day
        names = [("トピック", topics.get(pk, "")) for pk in event.topic_ids] or [
            ("トピック", "指定なし（すべて受信）")
        ]
        names += [("地区", areas.get(pk, "")) for pk in event.area_ids] or [
            ("地区", "指定なし（市内全域）")
        ]
        for axis, name in names:
            row = rows.setdefault((axis, name), BlockRow(axis, name))
            row.within_week += 1
            row.within_day += in_day
    counts.rows = sorted(
        rows.values(), key=lambda r: (r.axis != "トピック", -r.within_week, r.name)
    )
    return counts

"""The follow/block log (``FriendEvent``): written as LINE's webhook events arrive."""

import datetime

from ..models import Friend
from .models import FriendEvent


def _record(kind: str, friend: Friend, at: datetime.datetime) -> None:
    FriendEvent.objects.create(
        kind=kind,
        at=at,
        friend=friend,
        topic_ids=sorted(friend.topics.values_list("pk", flat=True)),
        area_ids=sorted(friend.areas.values_list("pk", flat=True)),
    )


def record_follow(friend: Friend, at: datetime.datetime) -> None:
    _record(FriendEvent.Kind.FOLLOW, friend, at)


def record_block(line_user_id: str, at: datetime.datetime) -> None:
    """A block, with the 受信設定 the friend had (for blocks per topic and 地区)."""
    friend = Friend.objects.by_line_user_id(line_user_id).first()
    if friend is not None and friend.status == Friend.Status.FOLLOWING:
        _record(FriendEvent.Kind.BLOCK, friend, at)

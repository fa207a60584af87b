"""The follow/block log (``FriendEvent``): written as LINE's webhook events arrive."""

import datetime

from ..models import Friend
from .models import FriendEvent


def _record(
    kind: str, friend: Friend, at: datetime.datetime, has_settings: bool = True
) -> None:
    FriendEvent.objects.create(
        kind=kind,
        at=at,
        friend=friend,
        topic_ids=sorted(friend.topics.values_list("pk", flat=True))
        if has_settings
        else [],
        area_ids=sorted(friend.areas.values_list("pk", flat=True))
        if has_settings
        else [],
    )


def record_follow(
    friend: Friend, at: datetime.datetime, new_friend: bool = False
) -> None:
    """``new_friend``: the row was just created, so it has no 受信設定 to read (a
    burst of first follows is the busiest thing the webhook worker does)."""
    _record(FriendEvent.Kind.FOLLOW, friend, at, has_settings=not new_friend)


def record_block(line_user_id: str, at: datetime.datetime) -> None:
    """A block, with the 受信設定 the friend had (for blocks per topic and 地区)."""
    friend = Friend.objects.by_line_user_id(line_user_id).first()
    if friend is not None and friend.status == Friend.Status.FOLLOWING:
        _record(FriendEvent.Kind.BLOCK, friend, at)

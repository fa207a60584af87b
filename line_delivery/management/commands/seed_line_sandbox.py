"""``manage.py seed_line_sandbox``: sandbox friends with varied 受信設定 (idempotent).

Called by ``seed_demo`` so ``make run`` shows real targeting: each published page
reaches only the friends whose topics and 地区 match.
"""

import datetime
import hashlib
import random

from django.core.management.base import BaseCommand
from django.db import transaction

from home.models import Area, Topic
from line_delivery.crypto import lookup_hash
from line_delivery.models import Friend, GarbageReminder, TestMember


def sandbox_user_id(number: int) -> str:
    """A well-formed LINE user id (U + 32 hex) that no real user has."""
    return (
        "U" + hashlib.sha256(f"otake-sandbox-friend-{number}".encode()).hexdigest()[:32]
    )


def _seed_reminders(friend_ids: set[int]) -> None:
    """About a third of the friends with a 地区 asked for ごみの日のお知らせ."""
    chooser = random.Random(34211 + 8)  # noqa: S311 - not security-relevant
    times = [datetime.time(19, 0), datetime.time(20, 0), datetime.time(21, 0)]
    GarbageReminder.objects.bulk_create(
        [
            GarbageReminder(
                friend_id=friend_id,
                enabled=True,
                timing=GarbageReminder.Timing.MORNING_OF
                if chooser.random() < 0.25
                else GarbageReminder.Timing.EVENING_BEFORE,
                evening_time=chooser.choice(times),
            )
            for friend_id in sorted(friend_ids)
            if chooser.random() < 0.35
        ],
        batch_size=500,
    )


class Command(BaseCommand):
    help = "デモ用のサンドボックスの友だちとテストメンバーを作成します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--count", type=int, default=1000)

    def handle(self, *args, count: int, **options) -> None:
        existing = Friend.objects.filter(is_sandbox=True).count()
        if existing >= count:
            return
        topics = list(Topic.objects.all())
        areas = list(Area.objects.all())
        # Seeded with Otake's local-government code: the same demo every time.
        chooser = random.Random(34211)  # noqa: S311 - not security-relevant
        with transaction.atomic():
            friends = []
            for number in range(existing, count):
                user_id = sandbox_user_id(number)
                blocked = chooser.random() < 0.05
                friends.append(
                    Friend(
                        line_user_id=user_id,
                        line_user_id_hash=lookup_hash(user_id),
                        is_sandbox=True,
                        status=Friend.Status.BLOCKED
                        if blocked
                        else Friend.Status.FOLLOWING,
                    )
                )
            created = Friend.objects.bulk_create(friends, batch_size=500)
            topic_links, area_links = [], []
            for friend in created:
                if (
                    topics and chooser.random() > 0.3
                ):  # 30% chose nothing: they get everything
                    for topic in chooser.sample(
                        topics, chooser.randint(1, min(4, len(topics)))
                    ):
                        topic_links.append(
                            Friend.topics.through(
                                friend_id=friend.pk, topic_id=topic.pk
                            )
                        )
                if areas and chooser.random() > 0.2:
                    area_links.append(
                        Friend.areas.through(
                            friend_id=friend.pk, area_id=chooser.choice(areas).pk
                        )
                    )
            Friend.topics.through.objects.bulk_create(topic_links, batch_size=1000)
            Friend.areas.through.objects.bulk_create(area_links, batch_size=1000)
            _seed_reminders({link.friend_id for link in area_links})
            if not TestMember.objects.exists():
                for name, friend in zip(
                    ["広報 テスト端末", "危機管理 テスト端末"],
                    Friend.objects.filter(
                        is_sandbox=True, status=Friend.Status.FOLLOWING
                    ).order_by("pk")[:2],
                    strict=False,
                ):
                    TestMember.objects.create(name=name, friend=friend)
        self.stdout.write(f"  サンドボックスの友だち: {len(created)}人作成")

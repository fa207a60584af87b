"""A dashboard with something on it: friends over a month, blocks, sends, taps."""

import datetime

from django.utils import timezone

from home.models.shelters import ShelterStatus
from line_delivery.delivery_reports.models import FriendEvent, LineFollowerCount
from line_delivery.models import Delivery, RichMenuTap, UnansweredQuery
from tests.factories import ShelterFactory

from .conftest import make_friend
from .rich_menu_helpers import make_menu


def fill_dashboard() -> dict:
    now = timezone.now()
    friends = [make_friend() for _ in range(40)]
    for n, _friend in enumerate(friends):
        FriendEvent.objects.create(
            kind=FriendEvent.Kind.FOLLOW, at=now - datetime.timedelta(days=n % 28)
        )
    for n in range(6):
        FriendEvent.objects.create(
            kind=FriendEvent.Kind.BLOCK, at=now - datetime.timedelta(days=n * 4)
        )
    for back in range(1, 11):  # LINE's own daily figures (insight followers)
        LineFollowerCount.objects.create(
            date=timezone.localdate() - datetime.timedelta(days=back),
            followers=46 - back,
            targeted_reaches=30,
            blocks=6,
        )
    Delivery.objects.create(
        title="年末年始のごみ収集",
        kind=Delivery.Kind.PUBLISH,
        status=Delivery.Status.COMPLETED,
        total_recipients=40,
        accepted_recipients=40,
    )
    Delivery.objects.create(
        title="大雨への備え",
        kind=Delivery.Kind.PUBLISH,
        status=Delivery.Status.PARTIAL,
        total_recipients=40,
        accepted_recipients=30,
        failed_recipients=10,
    )
    UnansweredQuery.objects.create(
        normalized_text="すいはんき", example_text="炊飯器", count=12
    )
    ShelterFactory(name="大竹市総合市民会館", status=ShelterStatus.OPEN)
    menu = make_menu()
    for label, count in (("避難所", 31), ("ごみ", 54), ("防災情報", 12)):
        RichMenuTap.objects.create(
            menu=menu,
            area_key=label,
            label=label,
            date=timezone.localdate(),
            count=count,
        )
    return {"friends": friends}

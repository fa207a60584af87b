"""Garbage reminders: due each minute, grouped by content, exactly once per collection."""

import datetime

import pytest

from line_delivery.models import Delivery, GarbageReminder
from line_delivery.tasks import send_due_reminders

from .conftest import make_friend


pytestmark = pytest.mark.django_db

# Wednesday 2 December 2026, 20:00 in Japan: tomorrow (Thursday) is 燃やせるごみ.
WEDNESDAY_8PM = "2026-12-02T20:00:04+09:00"


def resident(areas, *, enabled=True, timing="evening", at="20:00", categories=()):
    friend = make_friend(areas=areas)
    reminder = GarbageReminder.objects.create(
        friend=friend,
        enabled=enabled,
        timing=timing,
        evening_time=datetime.time.fromisoformat(at),
    )
    reminder.categories.set(categories)
    return friend


def texts(fake, friend):
    return fake.received_texts(friend.line_user_id)


def test_reminders_reach_who_chose_them_grouped_by_content(line_channel, town):
    everything = [resident([town["ogata"]]) for _ in range(3)]
    burnable_only = resident([town["ogata"]], categories=[town["burnable"]])
    cans_only = resident([town["ogata"]], categories=[town["cans"]])  # Friday
    switched_off = resident([town["ogata"]], enabled=False)
    at_seven = resident([town["ogata"]], at="19:00")
    morning = resident([town["ogata"]], timing="morning")
    west = resident([town["kuba"]])  # 西部: nothing on Thursday
    no_area = resident([])

    send_due_reminders(now=WEDNESDAY_8PM)

    for friend in everything:
        assert texts(line_channel, friend) == [
            "【ごみ出し】明日 12月3日(木) は 燃やせるごみ・ペットボトル の日です。"
        ]
    assert texts(line_channel, burnable_only) == [
        "【ごみ出し】明日 12月3日(木) は 燃やせるごみ の日です。"
    ]
    for friend in (cans_only, switched_off, at_seven, morning, west, no_area):
        assert texts(line_channel, friend) == []
    # Residents with the same content share one multicast request.
    multicasts = line_channel.requests_for("multicast")
    assert sorted(len(r.body["to"]) for r in multicasts) == [1, 3]
    assert all(r.retry_key for r in multicasts)
    bubble = line_channel.received(burnable_only.line_user_id)[0].message["contents"]
    assert bubble["footer"]["contents"][0]["action"]["uri"].endswith("/liff/calendar/")


def test_each_collection_is_reminded_once_whatever_beat_does(line_channel, town):
    friend = resident([town["ogata"]])
    send_due_reminders(now=WEDNESDAY_8PM)
    send_due_reminders(now="2026-12-02T20:00:40+09:00")  # beat fired twice
    send_due_reminders(now="2026-12-02T20:01:00+09:00")
    # The resident moves their reminder to 20:30 after being told: not told again.
    GarbageReminder.objects.filter(friend=friend).update(
        evening_time=datetime.time(20, 30)
    )
    send_due_reminders(now="2026-12-02T20:30:00+09:00")
    assert len(texts(line_channel, friend)) == 1
    assert Delivery.objects.filter(kind=Delivery.Kind.REMINDER).count() == 1


def test_a_retry_after_line_accepted_is_not_delivered_twice(line_channel, town):
    friend = resident([town["ogata"]])
    # LINE accepts, then the answer is lost (500): the retry carries the same key.
    line_channel.faults.next_n(
        1, status=500, after_accept=True, endpoints=["multicast"]
    )
    send_due_reminders(now=WEDNESDAY_8PM)
    attempts = line_channel.requests_for("multicast")
    assert [r.status for r in attempts] == [500, 409]
    assert len({r.retry_key for r in attempts}) == 1
    assert line_channel.delivery_counts()[friend.line_user_id] == 1
    delivery = Delivery.objects.get(kind=Delivery.Kind.REMINDER)
    assert delivery.status == Delivery.Status.COMPLETED


def test_morning_reminders_and_missed_minutes(line_channel, town, settings):
    settings.GARBAGE_REMINDER_MORNING_TIME = datetime.time(6, 30)
    morning = resident([town["ogata"]], timing="morning")
    evening = resident([town["ogata"]], at="20:00")
    send_due_reminders(now="2026-12-02T19:59:00+09:00")
    # Beat (or every worker) was down from 19:59:30 to 20:03: 20:00 is still sent.
    send_due_reminders(now="2026-12-02T20:03:10+09:00")
    assert len(texts(line_channel, evening)) == 1
    send_due_reminders(now="2026-12-03T06:30:00+09:00")
    assert texts(line_channel, morning) == [
        "【ごみ出し】今日 12月3日(木) は 燃やせるごみ・ペットボトル の日です。"
    ]


def test_more_than_500_residents_are_split_into_multicasts(line_channel, town):
    for _ in range(501):
        resident([town["ogata"]])
    send_due_reminders(now=WEDNESDAY_8PM)
    sizes = sorted(len(r.body["to"]) for r in line_channel.requests_for("multicast"))
    assert sizes == [1, 500]


def test_staff_see_reminders_in_the_delivery_record(line_channel, town, admin_client):
    for _ in range(2):
        resident([town["ogata"]])
    send_due_reminders(now=WEDNESDAY_8PM)
    delivery = Delivery.objects.get(kind=Delivery.Kind.REMINDER)
    listing = admin_client.get("/admin/delivery/?kind=reminder").content.decode()
    assert "ごみ出しリマインダー" in listing and "2 / 2" in listing
    detail = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/")
    assert detail.status_code == 200
    assert "燃やせるごみ・ペットボトル" in detail.content.decode()

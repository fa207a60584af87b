"""A warning lowered within its own kind (特別警報 → 警報), and routes nobody listed
(issue 14): which notices the top page and the API show as in force after each mail,
and who on the fake LINE got which follow-up, exactly once."""

import pytest

from home.models import NoticeEnding, NoticeEvent
from line_delivery.tasks import send_follow_ups

from .conftest import make_friend
from .lifecycle_helpers import feed, follow_ups, fresh, home_alerts, mail_bytes, texts


pytestmark = pytest.mark.django_db

CITY = "こちらは防災大竹市役所です。\n"


def state(client, notice) -> str:
    return client.get(f"/api/v1/disaster-notices/{notice.pk}/").json()["state"]


def in_force_titles(client) -> list[str]:
    listing = client.get("/api/v1/disaster-notices/?state=in_force").json()
    return [item["title"] for item in listing["items"]]


@pytest.mark.parametrize(
    "lowering",
    [
        "大竹市の大雨特別警報を解除し、大雨警報に切り替えました。",
        "大竹市に発表されていた大雨特別警報は、大雨警報に切り替えられました。",
        "大竹市の大雨特別警報は、警報に切り替えました。",
        "大竹市に発表中の特別警報は、警報に切り替えました。",
        "大竹市の大雨特別警報は、大雨警報へ移行しました。",
    ],
    ids=["kaijo-kirikae", "kirikaerare", "keihou-only", "grade-words-only", "ikou"],
)
def test_a_special_warning_lowered_to_a_warning_keeps_the_warning_in_force(
    lowering, city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    someone = make_friend()
    special = feed(
        mail_bytes(
            CITY
            + "大竹市に大雨特別警報が発表されました。命を守る行動をとってください。",
            "【防災情報】大雨特別警報の発表",
        ),
        capture,
    )
    assert "発表中: 大雨特別警報" in home_alerts(client)

    lowered = feed(
        mail_bytes(CITY + lowering, "【防災情報】特別警報の切り替え"), capture
    )
    special = fresh(special)
    # The special warning ended, lowered; the warning is what is in force now.
    assert not special.in_force and special.end_label == "解除"
    assert lowered.in_force and lowered.in_force_what == "大雨警報"
    alerts = home_alerts(client)
    assert "特別警報の切り替え" in alerts and "発表中: 大雨警報" in alerts
    assert "大雨特別警報の発表" not in alerts
    assert in_force_titles(client) == ["特別警報の切り替え"]
    assert state(client, special) == "lifted"
    assert "解除（大雨警報に切り替え）" in client.get(special.url).content.decode()
    page = client.get(lowered.url).content.decode()
    assert "大雨特別警報 — 解除（大雨警報に切り替え）" in page
    assert "大雨警報 — 発表中" in page
    # Those who got the special warning are told once, and what goes on.
    [follow_up] = follow_ups(line_channel, someone)
    assert follow_up.startswith("【解除】") and "大雨警報に切り替え" in follow_up
    assert not any("特別警報の切り替え" in t for t in texts(line_channel, someone))

    # Lowered once more, to the advisory: the warning ends, the advisory goes on.
    advisory = feed(
        mail_bytes(
            CITY + "大竹市の大雨警報を解除し、大雨注意報に切り替えました。",
            "【防災情報】警報の切り替え",
        ),
        capture,
    )
    assert not fresh(lowered).in_force
    assert advisory.in_force and advisory.in_force_what == "大雨注意報"
    assert in_force_titles(client) == ["警報の切り替え"]
    assert len(follow_ups(line_channel, someone)) == 1  # the warning was web-only

    # Exactly once: the follow-up task run again sends nothing more.
    sent = len(line_channel.deliveries)
    for ending in NoticeEnding.objects.all():
        with capture(execute=True):
            send_follow_ups(ending.pk)
    assert len(line_channel.deliveries) == sent


def test_a_special_warning_lowered_supersedes_the_warning_issued_before_it(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    someone = make_friend()
    warning = feed(
        mail_bytes(CITY + "大竹市に大雨警報が発表されました。", "【防災情報】大雨警報"),
        capture,
    )
    special = feed(
        mail_bytes(
            CITY + "大竹市に大雨特別警報が発表されました。", "【防災情報】大雨特別警報"
        ),
        capture,
    )
    assert sorted(in_force_titles(client)) == ["大雨特別警報", "大雨警報"]

    lowered = feed(
        mail_bytes(
            CITY + "大雨特別警報を解除し、大雨警報に切り替えました。",
            "【防災情報】大雨警報に切り替え",
        ),
        capture,
    )
    # One notice says what is in force: the older 大雨警報 steps aside (updated).
    assert in_force_titles(client) == ["大雨警報に切り替え"]
    assert fresh(warning).lifecycle.state == "superseded"
    assert fresh(special).lifecycle.state == "ended"
    assert lowered.in_force_what == "大雨警報"
    # Only the special warning ended: its readers are told once; nothing else is.
    [follow_up] = follow_ups(line_channel, someone)
    assert follow_up.startswith("【解除】大雨特別警報")


@pytest.mark.parametrize(
    "raising",
    [
        "大竹市の大雨警報は、大雨特別警報に切り替えました。命を守る行動をとってください。",
        "大竹市に発表中の大雨警報を大雨特別警報に切り替えました。",
        "大竹市の大雨警報は、特別警報に切り替えました。",
    ],
    ids=["keihou-wa", "wo-kirikae", "grade-word-only"],
)
def test_a_warning_raised_to_a_special_warning_goes_to_line_and_the_warning_steps_aside(
    raising, city, line_channel, client, django_capture_on_commit_callbacks
):
    """A raise written as a switch is a raise, not a lift (「…を解除」 is not said)."""
    capture = django_capture_on_commit_callbacks
    make_friend()  # a friend, so that notices go out on LINE
    warning = feed(
        mail_bytes(CITY + "大竹市に大雨警報が発表されました。", "【防災情報】大雨警報"),
        capture,
    )
    raised = feed(
        mail_bytes(CITY + raising, "【防災情報】大雨特別警報に切り替え"), capture
    )

    assert raised.in_force and raised.in_force_what == "大雨特別警報"
    assert in_force_titles(client) == ["大雨特別警報に切り替え"]
    assert fresh(warning).lifecycle.state == "superseded"
    assert "発表中: 大雨特別警報" in home_alerts(client)
    # The raise reaches residents as a notice; nobody is told the warning was lifted.
    sent = [
        message.get("altText") or message.get("text", "")
        for delivery in line_channel.deliveries
        for message in delivery.messages
    ]
    assert any("大雨特別警報に切り替え" in text for text in sent[1:]), sent
    assert not any(text.startswith("【解除】") for text in sent), sent


def test_two_special_warnings_lowered_together_each_point_at_their_own_warning(
    city, client, django_capture_on_commit_callbacks
):
    """Each ended event points at its own lower grade, by name (大雨 → 大雨)."""
    capture = django_capture_on_commit_callbacks
    feed(
        mail_bytes(CITY + "大竹市に大雨特別警報と暴風特別警報が発表されました。"),
        capture,
    )
    feed(
        mail_bytes(
            CITY
            + "大雨特別警報と暴風特別警報を解除し、大雨警報と暴風警報に切り替えました。"
        ),
        capture,
    )
    lowered = {
        event.subject: event.lowered_to.subject
        for event in NoticeEvent.objects.exclude(lowered_to=None)
    }
    assert lowered == {"大雨特別警報": "大雨警報", "暴風特別警報": "暴風警報"}


def test_a_route_nobody_listed_is_not_ended_by_another_routes_resumption(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    """宮島航路 is not in the staff's list: it is still its own suspension."""
    capture = django_capture_on_commit_callbacks
    islander = make_friend(areas=[city["阿多田"]])
    miyajima = feed(
        mail_bytes(
            CITY + "宮島航路は、強風のため、本日は全便欠航となります。",
            "【交通情報】宮島航路の欠航",
        ),
        capture,
    )
    atata = feed(
        mail_bytes(
            CITY
            + "阿多田島航路（小方港–阿多田港）は、強風のため始発便から欠航しています。",
            "【交通情報】阿多田島航路の欠航",
        ),
        capture,
    )
    assert "発表中: 宮島航路" in home_alerts(client)

    feed(
        mail_bytes(
            CITY + "阿多田島航路は、１４時発の便から運航を再開しました。",
            "【交通情報】運航再開",
        ),
        capture,
    )
    assert not fresh(atata).in_force and fresh(atata).end_label == "運航再開"
    assert fresh(miyajima).in_force
    assert in_force_titles(client) == ["宮島航路の欠航"]
    [follow_up] = follow_ups(line_channel, islander)
    assert follow_up.startswith("【運航再開】") and "宮島" not in follow_up

    # The same route written with another ending (便) still ends its suspension.
    feed(mail_bytes(CITY + "宮島便は、運航を再開しました。"), capture)
    assert not fresh(miyajima).in_force
    assert "宮島航路 — 運航再開" in client.get(miyajima.url).content.decode()
    assert in_force_titles(client) == []
    assert len(follow_ups(line_channel, islander)) == 2


def test_one_mail_resumes_one_route_and_keeps_the_other_suspended(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    islander = make_friend(areas=[city["阿多田"]])
    both = feed(
        mail_bytes(
            CITY + "阿多田島航路と宮島航路は、強風のため全便欠航しています。",
            "【交通情報】フェリーの欠航",
        ),
        capture,
    )
    assert both.in_force and sorted(both.in_force_what.split("、")) == [
        "宮島航路",
        "阿多田航路",
    ]

    update = feed(
        mail_bytes(
            CITY
            + "阿多田島航路は運航を再開しました。宮島航路は引き続き欠航しています。",
            "【交通情報】運航状況",
        ),
        capture,
    )
    # 阿多田 ended; 宮島 goes on, now on the newer notice (the older is updated).
    assert update.in_force and update.in_force_what == "宮島航路"
    assert fresh(both).lifecycle.state == "superseded"
    assert in_force_titles(client) == ["運航状況"]
    [follow_up] = follow_ups(line_channel, islander)
    assert follow_up.startswith("【運航再開】") and "阿多田航路" in follow_up
    assert "宮島" not in follow_up

    # No route named: everything of the kind ends.
    feed(
        mail_bytes(CITY + "フェリーは全便通常どおり運航しています。", "【交通情報】"),
        capture,
    )
    assert in_force_titles(client) == [] and home_alerts(client) == ""
    second = follow_ups(line_channel, islander)[1:]
    assert len(second) == 1 and "宮島航路" in second[0]


@pytest.mark.parametrize(
    "update",
    [
        "ＪＲ岩徳線は運転を再開、錦川清流線は運休しています。",
        "ＪＲ岩徳線は１５時に運転を再開しましたが、錦川清流線は終日運休です。",
    ],
    ids=["one-sentence", "shita-ga"],
)
def test_a_rail_line_resumed_in_the_same_sentence_as_another_stays_suspended(
    update, city, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    feed(
        mail_bytes(
            CITY + "大雨のため、ＪＲ岩徳線と錦川清流線は運転を見合わせています。",
            "【交通情報】運転見合わせ",
        ),
        capture,
    )
    notice = feed(mail_bytes(CITY + update, "【交通情報】運転状況"), capture)
    assert notice.in_force and notice.in_force_what == "錦川清流線"
    ended = NoticeEvent.objects.get(status="ended")
    assert (ended.subject, ended.end_label) == ("岩徳線", "運転再開")
    assert in_force_titles(client) == ["運転状況"]


def test_a_route_restated_with_another_ending_updates_its_own_suspension(
    city, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first = feed(
        mail_bytes(
            CITY + "宮島航路は、強風のため欠航しています。", "【交通情報】第1報"
        ),
        capture,
    )
    atata = feed(
        mail_bytes(
            CITY + "阿多田島航路は、強風のため欠航しています。", "【交通情報】阿多田"
        ),
        capture,
    )
    feed(
        mail_bytes(
            CITY + "宮島便は、引き続き終日欠航となります。", "【交通情報】第2報"
        ),
        capture,
    )
    assert fresh(first).lifecycle.state == "superseded"
    assert fresh(atata).in_force  # another route: not updated by the 宮島 news
    assert sorted(in_force_titles(client)) == ["第2報", "阿多田"]

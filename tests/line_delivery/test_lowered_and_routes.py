"""A warning lowered to an advisory, a level lowered, and routes as part of an event
(issue 14): what the top page, the LIFF banner, the notice pages and the API show
after each mail, and who on the fake LINE got which follow-up."""

import pytest

from home.models import EventKind, EventKindSubject

from .conftest import make_friend
from .lifecycle_helpers import (
    banner_titles,
    enter_disaster_mode,
    feed,
    follow_ups,
    fresh,
    home_alerts,
    mail_bytes,
    texts,
)
from .liff_helpers import liff_login


pytestmark = pytest.mark.django_db

CITY = "こちらは防災大竹市役所です。\n"


def page_text(client, notice) -> str:
    return client.get(notice.url).content.decode()


@pytest.mark.parametrize(
    "issued,lowering,advisory",
    [
        (
            "広島地方気象台から、大竹市に大雨警報（土砂災害）が発表されました。",
            "大竹市の大雨警報を解除し、大雨注意報に切り替えました。",
            "大雨注意報",
        ),
        (
            "大竹市に洪水警報が発表されています。",
            "大竹市に発表されていた洪水警報は解除され、洪水注意報に切り替わりました。",
            "洪水注意報",
        ),
        (
            "大竹市に暴風警報と波浪警報が発表されました。",
            "暴風警報と波浪警報を解除し、強風注意報と波浪注意報に切り替えました。",
            "強風注意報",
        ),
        (
            "大竹市に大雨・洪水警報が発表されました。",
            "大竹市に発表されていた警報は、すべて注意報に切り替えられました。",
            "大雨・洪水・強風などの注意報",
        ),
    ],
    ids=["heavy-rain", "flood-kirikawari", "storm-and-waves", "keihou-kara-chuuihou"],
)
def test_a_warning_lowered_to_an_advisory_ends_the_warning_and_keeps_the_advisory(
    issued,
    lowering,
    advisory,
    city,
    line_channel,
    liff_channel,
    client,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    someone = make_friend()
    viewer = make_friend()
    enter_disaster_mode()
    liff = client.__class__()
    liff_login(liff, liff_channel, viewer)

    warning = feed(mail_bytes(CITY + issued, "【防災情報】警報の発表"), capture)
    assert warning.in_force
    assert "警報の発表" in home_alerts(client)

    lowered = feed(mail_bytes(CITY + lowering, "【防災情報】警報の切り替え"), capture)
    warning = fresh(warning)
    # The warning ended; the advisory is in force, on its own notice.
    assert not warning.in_force and warning.end_label == "解除"
    assert lowered.in_force and lowered.lifted_at is None
    assert advisory in lowered.in_force_what
    for shown in (home_alerts(client), banner_titles(liff, "/liff/calendar/")):
        assert "警報の切り替え" in shown and f"発表中: {advisory}" in shown
        assert "警報の発表" not in shown
    # The warning's page says what it was lowered to; the new page says both.
    assert f"解除（{advisory}に切り替え）" in page_text(client, warning)
    lowered_page = page_text(client, lowered)
    assert f"解除（{advisory}に切り替え）" in lowered_page
    assert f"{advisory} — 発表中" in lowered_page
    api = client.get(f"/api/v1/disaster-notices/{warning.pk}/").json()
    assert api["state"] == "lifted"
    assert client.get(f"/api/v1/disaster-notices/{lowered.pk}/").json()["state"] == (
        "in_force"
    )
    # Those who got the warning are told once, in one message that says both.
    [follow_up] = follow_ups(line_channel, someone)
    assert follow_up.startswith("【解除】") and f"{advisory}に切り替え" in follow_up
    assert not any("警報の切り替え" in text for text in texts(line_channel, someone))

    # The advisory's own 解除 ends it: nothing is in force any more.
    ended = feed(
        mail_bytes(CITY + "大竹市に発表されていた注意報は、すべて解除されました。"),
        capture,
    )
    assert not fresh(lowered).in_force and fresh(lowered).end_label == "解除"
    assert not ended.in_force
    assert home_alerts(client) == ""
    assert "いま発表中の防災情報はありません" in banner_titles(liff, "/liff/calendar/")
    assert len(follow_ups(line_channel, someone)) == 1  # the advisory was web-only


def test_one_warning_lowered_leaves_another_warning_in_force(
    city, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    storm = feed(mail_bytes(CITY + "大竹市に暴風警報が発表されました。"), capture)
    rain = feed(mail_bytes(CITY + "大竹市に大雨警報が発表されました。"), capture)
    feed(
        mail_bytes(
            CITY + "大竹市の暴風警報を解除し、強風注意報に切り替えました。",
            "【防災情報】暴風警報の解除",
        ),
        capture,
    )
    assert not fresh(storm).in_force
    assert fresh(rain).in_force  # a 大雨警報 is another event
    alerts = home_alerts(client)
    assert "発表中: 大雨警報" in alerts and "発表中: 強風注意報" in alerts
    assert "発表中: 暴風警報" not in alerts


@pytest.mark.parametrize(
    "lowering",
    [
        "木野地区に発令していた「警戒レベル４　避難指示」は、９時をもって"
        "「警戒レベル３　高齢者等避難」に引き下げました。",
        "木野地区の避難指示を解除し、高齢者等避難に切り替えました。",
        "木野地区の警戒レベルを４から３に引き下げました。",
    ],
    ids=["hikisage", "kaijo-kirikae", "digits-only"],
)
def test_a_level_lowered_from_4_to_3_keeps_the_lower_level_in_force(
    lowering, city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    in_kino = make_friend(areas=[city["木野"]])
    order = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "木野地区に「警戒レベル４　避難指示」を発令しました。",
            "【防災情報】木野 避難指示",
        ),
        capture,
    )
    lowered = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n" + lowering, "【防災情報】木野 引き下げ"
        ),
        capture,
    )
    order = fresh(order)
    assert not order.in_force and order.end_label == "新しい情報に更新"
    assert lowered.in_force and lowered.level == 3
    assert lowered.area_names() == ["木野"]
    alerts = home_alerts(client)
    assert "木野 引き下げ" in alerts and "木野 避難指示" not in alerts
    # The lowered level reaches them as the new notice (no "lifted" follow-up).
    assert follow_ups(line_channel, in_kino) == []
    lowered_sent = line_channel.deliveries[-1]
    assert lowered_sent.messages[0]["altText"].startswith("【警戒レベル3")
    assert lowered_sent.endpoint == "broadcast"  # everyone (木野 is all friends here)


def add_second_ferry_route() -> None:
    """Staff add a route in the admin; the city's own is seeded (阿多田航路)."""
    ferry = EventKind.objects.get(name="欠航（船）")
    EventKindSubject.objects.create(
        kind=ferry, name="宮島航路", aliases="宮島フェリー\n宮島行き", sort_order=9
    )


def test_a_resumption_ends_only_the_suspension_of_its_own_route(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    add_second_ferry_route()
    islander = make_friend(areas=[city["阿多田"]])
    atata = feed(
        mail_bytes(
            CITY + "阿多田島汽船のフェリーは、強風のため、始発便から欠航しています。",
            "【交通情報】阿多田航路の欠航",
        ),
        capture,
    )
    miyajima = feed(
        mail_bytes(
            CITY + "宮島フェリーは、強風のため、本日は全便欠航となります。",
            "【交通情報】宮島航路の欠航",
        ),
        capture,
    )
    # Two routes, two events: the second suspension does not replace the first.
    assert fresh(atata).in_force and miyajima.in_force
    alerts = home_alerts(client)
    assert "阿多田航路の欠航" in alerts and "宮島航路の欠航" in alerts
    assert "発表中: 阿多田航路" in alerts and "発表中: 宮島航路" in alerts

    feed(
        mail_bytes(
            "風がおさまったため、阿多田島汽船は１４時発の便から運航を再開します。",
            "【交通情報】阿多田島汽船の運航再開",
        ),
        capture,
    )
    assert not fresh(atata).in_force and fresh(atata).end_label == "運航再開"
    assert fresh(miyajima).in_force
    alerts = home_alerts(client)
    assert "宮島航路の欠航" in alerts and "阿多田航路の欠航" not in alerts
    [follow_up] = follow_ups(line_channel, islander)
    assert follow_up.startswith("【運航再開】") and "阿多田航路" in follow_up
    assert "宮島" not in follow_up

    # No route named, all sailings: every ferry suspension still in force ends.
    feed(
        mail_bytes(
            CITY + "本日午後から、フェリーは全便通常どおり運航しています。",
            "【交通情報】運航再開",
        ),
        capture,
    )
    assert not fresh(miyajima).in_force
    assert fresh(miyajima).end_label == "運航再開"
    assert home_alerts(client) == ""


def test_bus_and_rail_lines_are_separate_events(
    city, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    bus = feed(
        mail_bytes(
            CITY + "倒木のため、大竹・栗谷線バスは全線で運行を見合わせています。",
            "【交通情報】大竹・栗谷線バスの運休",
        ),
        capture,
    )
    rail = feed(
        mail_bytes(
            CITY
            + "大雨のため、ＪＲ山陽本線は大竹駅と岩国駅の間で運転を見合わせています。",
            "【交通情報】ＪＲ山陽本線の運転見合わせ",
        ),
        capture,
    )
    feed(
        mail_bytes(
            "ＪＲ山陽本線は、１５時から運転を再開しました。", "【交通情報】ＪＲ運転再開"
        ),
        capture,
    )
    assert not fresh(rail).in_force and fresh(rail).end_label == "運転再開"
    assert fresh(bus).in_force
    alerts = home_alerts(client)
    assert "大竹・栗谷線バスの運休" in alerts and "運転見合わせ" not in alerts
    page = client.get(fresh(rail).url).content.decode()
    assert "JR山陽本線 — 運転再開" in page

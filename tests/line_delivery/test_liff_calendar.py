"""The LIFF garbage calendar: a friend's 地区, next collections, month view, search."""

import datetime

from django.utils import timezone

import pytest

from home.collection_calendar import format_day
from tests.factories import GarbageItemFactory

from .liff_helpers import logged_in_friend


pytestmark = pytest.mark.django_db


def next_weekday(weekday: int) -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7)


def test_calendar_shows_the_friends_area(client, liff_channel, town):
    logged_in_friend(client, liff_channel, areas=[town["ogata"]])
    response = client.get("/liff/calendar/?month=2026-12")
    html = response.text
    assert "東部の次の収集日" in html and "西部" not in html.split("<main")[1]
    # Next collections: 燃やせるごみ Mon/Thu, ペットボトル Thu, 缶 Fri.
    next_days = {
        n.category.name: n.date for n in response.context["sections"][0]["next"]
    }
    assert next_days["缶"] == next_weekday(4)
    assert next_days["ペットボトル"] == next_weekday(3)
    assert format_day(next_weekday(4)) in html
    # Month view of December 2026: Thursday the 3rd has two categories, Friday one.
    days = {
        day.date: [c.name for c in day.categories]
        for week in response.context["sections"][0]["weeks"]
        for day in week
        if day.in_month
    }
    assert days[datetime.date(2026, 12, 3)] == ["燃やせるごみ", "ペットボトル"]
    assert days[datetime.date(2026, 12, 4)] == ["缶"]
    assert days[datetime.date(2026, 12, 5)] == []
    assert "2026年12月" in html


def test_calendar_of_another_area_and_without_an_area(client, liff_channel, town):
    logged_in_friend(client, liff_channel)
    html = client.get("/liff/calendar/").text
    assert "受信設定で地区を選ぶ" in html
    html = client.get(f"/liff/calendar/?area={town['kuba'].pk}").text
    assert "西部の次の収集日" in html


def test_item_search_uses_the_chat_search(client, liff_channel, town):
    GarbageItemFactory(
        name="ペットボトル", reading="ぺっとぼとる", category=town["bottles"]
    )
    GarbageItemFactory(name="空き缶", reading="あきかん", category=town["cans"])
    logged_in_friend(client, liff_channel, areas=[town["ogata"]])
    # Hiragana with a typo and a question, as in the chat.
    html = client.get("/liff/calendar/?q=ぺっとぼとう").text
    assert "ペットボトル" in html and "次の収集日（東部）" in html
    assert format_day(next_weekday(3)) in html
    assert "見つかりませんでした" in client.get("/liff/calendar/?q=宇宙船").text


def test_calendar_needs_a_liff_login(client, town):
    assert "LINEで確認しています" in client.get("/liff/calendar/").text


def test_in_disaster_mode_liff_pages_lead_with_the_active_notices(
    client, liff_channel, town
):
    from home import disaster_mode

    logged_in_friend(client, liff_channel, areas=[town["ogata"]])
    assert "災害対応中" not in client.get("/liff/calendar/").text
    disaster_mode.enter(reason="テスト")
    html = client.get("/liff/calendar/").text
    banner = html.index("災害対応中")
    assert banner < html.index('id="main"')
    assert "避難所の一覧" in html

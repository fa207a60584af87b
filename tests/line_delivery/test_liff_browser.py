"""LIFF pages on a phone (375×812) as a sandbox friend, in headless Chromium."""

import pytest

from line_delivery.models import GarbageReminder
from tests.factories import (
    AreaFactory,
    GarbageCategoryFactory,
    GarbageItemFactory,
    TopicFactory,
)

from .conftest import make_friend


# live_server needs committed data; serialized_rollback restores the migrations' pages.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sandbox_friend(**kwargs):
    friend = make_friend(**kwargs)
    friend.is_sandbox = True
    friend.save()
    return friend


def test_resident_changes_settings_and_sees_them_saved(live_server, phone, shoot):
    bousai = TopicFactory(name="防災", slug="bousai")
    TopicFactory(name="イベント", slug="event")
    AreaFactory(name="大竹地区")
    ogata = AreaFactory(name="小方地区")
    moyasu = GarbageCategoryFactory(name="燃やせるごみ", slug="moyasu")
    GarbageCategoryFactory(name="資源ごみ", slug="shigen")
    friend = sandbox_friend()

    phone.goto(f"{live_server.url}/liff/settings/?sandbox_friend={friend.pk}")
    phone.get_by_role("heading", name="受信設定").wait_for()
    shoot(phone, "settings-empty")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    phone.get_by_label("防災").check()
    phone.get_by_role("status").get_by_text("保存しました").wait_for()
    phone.get_by_label("小方地区").check()
    phone.get_by_label("ごみの日をお知らせ").check()
    phone.get_by_label("燃やせるごみ").check()
    phone.get_by_label("前日の何時に").select_option("19:30")
    # 「保存中…」 until the last change is saved, then the time it was saved.
    phone.locator("[data-saved-at]").get_by_text("保存しました").wait_for()
    shoot(phone, "settings-saved")

    friend.refresh_from_db()
    assert list(friend.topics.all()) == [bousai]
    assert list(friend.areas.all()) == [ogata]
    reminder = GarbageReminder.objects.get(friend=friend)
    assert reminder.enabled and list(reminder.categories.all()) == [moyasu]
    assert reminder.evening_time.strftime("%H:%M") == "19:30"

    # Opening the page again shows what was saved.
    phone.reload()
    assert phone.get_by_label("防災").is_checked()
    assert phone.get_by_label("小方地区").is_checked()
    assert not phone.get_by_label("イベント").is_checked()
    assert phone.get_by_label("前日の何時に").input_value() == "19:30"

    # 当日の朝 needs no time: the time picker goes away.
    phone.get_by_label("当日の朝").check()
    assert phone.get_by_label("前日の何時に").is_hidden()
    phone.locator("[data-saved-at]").get_by_text("保存しました").wait_for()
    reminder.refresh_from_db()
    assert reminder.timing == "morning"


def test_resident_sees_the_calendar_and_searches_an_item(
    live_server, phone, shoot, town
):
    GarbageItemFactory(
        name="ペットボトル", reading="ぺっとぼとる", category=town["bottles"]
    )
    friend = sandbox_friend(areas=[town["ogata"]])

    phone.goto(f"{live_server.url}/liff/calendar/?sandbox_friend={friend.pk}")
    phone.get_by_role("heading", name="東部の次の収集日").wait_for()
    assert phone.locator(".next-list li").count() == 3
    table = phone.locator("table.month").first
    assert table.locator(".dot").count() > 0
    # Every category name of the month is readable: ≥ 16 px, never broken over lines.
    names = phone.locator(".month-list").first.locator(".chip")
    assert names.count() > 0
    layout = names.evaluate_all(
        """chips => chips.map(c => {
             const style = getComputedStyle(c);
             return [parseFloat(style.fontSize), c.getBoundingClientRect().height,
                     parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6];
           })"""
    )
    assert all(size >= 16 and height < 1.5 * line for size, height, line in layout)
    day_size = table.locator(".day-number").first.evaluate(
        "n => parseFloat(getComputedStyle(n).fontSize)"
    )
    assert day_size >= 16
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "calendar")

    phone.get_by_label("ごみの出し方を調べる").fill("ぺっとぼとる")
    phone.get_by_role("button", name="検索").click()
    result = phone.locator(".search-result")
    result.get_by_role("heading", name="ペットボトル").wait_for()
    assert "次の収集日（東部）" in result.inner_text()
    shoot(phone, "search")

    # Another 地区's calendar, picked on the page.
    phone.get_by_label("地区", exact=True).select_option(label="玖波地区")
    phone.get_by_role("heading", name="西部の次の収集日").wait_for()
    shoot(phone, "other-area")


def test_a_delivered_page_opens_in_the_liff_layout(live_server, phone, shoot):
    from home.models import HomePage
    from tests.factories import NewsIndexPageFactory, NewsPageFactory

    index = NewsIndexPageFactory(parent=HomePage.objects.get())
    page = NewsPageFactory(parent=index, title="市民まつりを開催します")
    phone.goto(f"{live_server.url}/liff/pages/{page.pk}/")
    phone.get_by_role("heading", name="市民まつりを開催します").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "page")


def test_sandbox_login_page_lets_staff_pick_a_friend(live_server, phone, shoot):
    friend = sandbox_friend()
    make_friend()  # a real friend is never offered
    phone.goto(f"{live_server.url}/liff/settings/")
    picker = phone.locator(".sandbox-picker")
    picker.wait_for()
    assert picker.get_by_role("link").count() == 1
    shoot(phone, "sandbox-login")
    picker.get_by_role("link", name=f"友だち #{friend.pk}").click()
    phone.get_by_role("heading", name="受信設定").wait_for()


def test_a_failed_save_puts_the_choice_back_and_offers_retry(live_server, phone, shoot):
    bousai = TopicFactory(name="防災", slug="bousai")
    event = TopicFactory(name="イベント", slug="event")
    otake = AreaFactory(name="大竹地区")
    ogata = AreaFactory(name="小方地区")
    friend = sandbox_friend()

    phone.goto(f"{live_server.url}/liff/settings/?sandbox_friend={friend.pk}")
    phone.get_by_label("防災").check()
    phone.locator("[data-saved-at]").get_by_text("保存しました").wait_for()

    # 地区 is one choice: picking another replaces the first.
    phone.get_by_label("小方地区").check()
    phone.locator("[data-saved-at]").get_by_text("保存しました").wait_for()
    phone.get_by_label("大竹地区").check()
    phone.locator("[data-saved-at]").get_by_text("保存しました").wait_for()
    assert not phone.get_by_label("小方地区").is_checked()
    friend.refresh_from_db()
    assert list(friend.areas.all()) == [otake]

    # The network fails: the box does not stay ticked as if it had been saved.
    phone.route(
        "**/liff/api/settings/",
        lambda route: route.fulfill(
            status=500, content_type="application/json", body="{}"
        ),
    )
    phone.get_by_label("イベント").check()
    problem = phone.locator("fieldset .save-problem")
    problem.wait_for()
    assert "保存できませんでした" in problem.inner_text()
    assert not phone.get_by_label("イベント").is_checked()
    assert phone.get_by_label("防災").is_checked()
    shoot(phone, "save-failed")
    friend.refresh_from_db()
    assert list(friend.topics.all()) == [bousai]

    # Back online: 再試行 applies the change the resident wanted.
    phone.unroute("**/liff/api/settings/")
    problem.get_by_role("button", name="再試行").click()
    phone.locator("[data-saved-at]").get_by_text("保存しました").wait_for()
    assert phone.get_by_label("イベント").is_checked()
    assert phone.locator(".save-problem").count() == 0
    friend.refresh_from_db()
    assert set(friend.topics.all()) == {bousai, event}
    assert list(friend.areas.all()) == [otake] and ogata not in friend.areas.all()
    shoot(phone, "save-retried")

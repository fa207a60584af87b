"""A first-day 広報 staff member in Chromium: what the editor shows while typing."""

import pytest

from home.models import NewsPage
from tests.browser import sign_in_browser
from tests.factories import NewsIndexPageFactory


# live_server needs committed data; serialized_rollback restores the migrations' pages.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LONG_SUMMARY = "大雨により土砂災害の危険が高まっています。" * 7  # 147 characters


def test_a_too_long_summary_is_counted_and_refused_never_cut(
    live_server, desktop, shoot, django_user_model, home_page
):
    assert len(LONG_SUMMARY) == 147
    news_index = NewsIndexPageFactory(parent=home_page)
    user = django_user_model.objects.create_superuser(
        "koho-first-day", "k@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)

    desktop.goto(f"{live_server.url}/admin/pages/add/home/newspage/{news_index.pk}/")
    desktop.fill("#id_title", "大雨への備えについて")
    summary = desktop.locator("#id_summary")
    summary.fill("大雨により土砂災害の危険が高まっています。")
    counter = desktop.locator("#id_summary-char-counter")
    assert counter.inner_text() == "21 / 100文字"

    summary.fill(LONG_SUMMARY)
    # Nothing is cut: the whole text stays in the field, and the counter says why not.
    assert summary.input_value() == LONG_SUMMARY
    assert "47文字多すぎます" in counter.inner_text()
    shoot(desktop, "summary-over-limit")

    desktop.get_by_role("button", name="下書きを保存").first.click()
    desktop.wait_for_load_state()
    page_text = desktop.locator("body").inner_text()
    assert "100文字までです（いま147文字）" in page_text
    assert desktop.locator("#id_summary").input_value() == LONG_SUMMARY
    assert not NewsPage.objects.filter(summary=LONG_SUMMARY[:100]).exists()
    shoot(desktop, "summary-refused-with-message")


def test_test_send_is_a_visible_button_and_names_the_test_members(
    live_server, desktop, shoot, django_user_model, home_page
):
    from line_delivery.models import Friend, TestMember
    from tests.factories import NewsPageFactory
    from tests.fake_line.server import new_user_id

    news_index = NewsIndexPageFactory(parent=home_page)
    page = NewsPageFactory(parent=news_index, title="テスト配信の確認")
    page.save_revision()
    for name in ("広報 山田", "危機管理 佐藤"):
        friend = Friend.objects.create(line_user_id=new_user_id())
        TestMember.objects.create(name=name, friend=friend)
    user = django_user_model.objects.create_superuser(
        "koho-test-send", "t@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)

    desktop.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    button = desktop.locator("a.line-test-send-button")
    assert button.is_visible()  # not hidden in the header's "…" menu
    shoot(desktop, "editor-with-test-send")
    button.click()
    desktop.wait_for_load_state("load")
    members = desktop.locator(".test-member-list").inner_text()
    assert "広報 山田" in members and "危機管理 佐藤" in members
    assert "送り先のテストメンバー（2人）" in desktop.locator("body").inner_text()
    shoot(desktop, "test-send-confirmation")

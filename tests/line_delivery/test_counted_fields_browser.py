"""Text staff send to residents from the inbox and the 通報 screen is counted, never cut.

The browser's maxlength used to drop whatever went past 5000 (a reply), 4000 (a
report's お知らせ) or 200 (the 対応できません reason) without a word. Now the field
keeps everything typed, the counter turns red, and sending is refused with a
Japanese message naming the field and its limit; nothing reaches the resident.
"""

from django.urls import reverse

import pytest

from line_delivery.inbox.models import Conversation, Department, Message
from line_delivery.reports.models import Report
from tests.browser import sign_in_browser

from .conftest import make_friend
from .inbox_helpers import departments_always_open, staff
from .report_helpers import report_at, road_category


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OVER_REPLY = "道路の補修は来週の月曜日に行います。" * 280  # 18 × 280 = 5040
OVER_REASON = "市の管理する道路ではないため、県の土木事務所にご連絡ください。" * 7


def over(counter) -> bool:
    return counter.evaluate(
        "el => el.classList.contains('char-counter--over')"
        " && getComputedStyle(el).color === 'rgb(176, 0, 32)'"
    )


def test_a_long_reply_and_report_reason_are_counted_and_refused_never_cut(
    live_server, line_channel, desktop, shoot
):
    assert len(OVER_REPLY) == 5040 and len(OVER_REASON) == 217
    departments_always_open()
    resident = make_friend()
    conversation = Conversation.objects.create(
        friend=resident,
        department=Department.objects.get(name="環境整備"),
        state=Conversation.State.ACTIVE,
    )
    Message.objects.create(
        conversation=conversation,
        direction=Message.Direction.RESIDENT,
        text="道路に穴が開いています",
    )
    report = report_at(road_category(), 34.2305, 132.2187, friend=make_friend())
    member = staff("環境整備", "kankyo")
    sign_in_browser(desktop.context, live_server, member)

    # 有人チャット: the reply.
    desktop.goto(
        f"{live_server.url}{reverse('inbox:conversation', args=[conversation.pk])}"
    )
    reply = desktop.get_by_label("住民への返信（LINEに届きます）")
    counter = desktop.locator("#inbox-reply-char-counter")
    reply.fill("来週伺います。")
    assert counter.inner_text() == "7 / 5000文字"
    reply.fill(OVER_REPLY)
    assert reply.input_value() == OVER_REPLY  # nothing cut
    assert "40文字多すぎます" in counter.inner_text() and over(counter)
    shoot(desktop, "reply-over-limit")
    desktop.get_by_role("button", name="送信", exact=True).click()
    desktop.wait_for_load_state("load")
    assert (
        "「返信」は5000文字までです（いま5040文字"
        in desktop.locator("body").inner_text()
    )
    assert desktop.locator("#inbox-reply").input_value() == OVER_REPLY
    shoot(desktop, "reply-refused-with-message")
    assert line_channel.received_texts(resident.line_user_id) == []

    # 通報: 対応できません with a 217-character reason, and a too-long お知らせ.
    desktop.goto(
        f"{live_server.url}{reverse('reports_admin:detail', args=[report.pk])}"
    )
    desktop.get_by_label("新しい状態").select_option(label="対応できません")
    reason = desktop.locator("#report-reason")
    reason.fill(OVER_REASON)
    assert reason.input_value() == OVER_REASON
    reason_counter = desktop.locator("#report-reason-char-counter")
    assert "17文字多すぎます" in reason_counter.inner_text() and over(reason_counter)
    message = desktop.locator("#report-message")
    message.fill("あ" * 4001)
    assert message.input_value() == "あ" * 4001
    message_counter = desktop.locator("#report-message-char-counter")
    assert "1文字多すぎます" in message_counter.inner_text() and over(message_counter)
    shoot(desktop, "report-fields-over-limit")
    desktop.get_by_role("button", name="状態を変える").click()
    desktop.wait_for_load_state("load")
    assert (
        "「対応できない理由」は200文字までです（いま217文字）"
        in desktop.locator("body").inner_text()
    )
    assert desktop.locator("#report-reason").input_value() == OVER_REASON
    shoot(desktop, "report-refused-with-message")
    report.refresh_from_db()
    assert report.state == Report.State.RECEIVED and report.state_reason == ""
    assert line_channel.received_texts(report.friend.line_user_id) == []

    # The reason shortened, the お知らせ still too long: refused, naming that field.
    desktop.locator("#report-reason").fill(OVER_REASON[:200])
    desktop.locator("#report-message").fill("あ" * 4001)
    desktop.get_by_role("button", name="状態を変える").click()
    desktop.wait_for_load_state("load")
    assert (
        "「住民へのお知らせ」は4000文字までです（いま4001文字）"
        in desktop.locator("body").inner_text()
    )
    report.refresh_from_db()
    assert report.state == Report.State.RECEIVED


def test_the_rich_menu_bar_text_is_counted_as_line_counts_it(
    live_server, desktop, shoot, django_user_model
):
    user = django_user_model.objects.create_superuser(
        "menu-staff", "m@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(
        f"{live_server.url}{reverse('wagtailsnippets_line_delivery_richmenu:add')}"
    )
    bar = desktop.locator("#id_chat_bar_text")
    counter = desktop.locator("#id_chat_bar_text-char-counter")
    bar.fill("👨‍👩‍👧メニュー")  # a family emoji is one character for LINE
    assert counter.inner_text() == "5 / 14文字" and not over(counter)
    long_text = "大竹市のくらしと防災のメニューです"
    bar.fill(long_text)
    assert bar.input_value() == long_text
    assert "3文字多すぎます" in counter.inner_text() and over(counter)
    shoot(desktop, "chat-bar-over-limit")

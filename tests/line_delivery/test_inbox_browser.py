"""Two residents write; a 環境整備 staff member answers theirs in the browser and closes it."""

import io

from django.urls import reverse

import pytest

from line_delivery.inbox.models import Conversation, Message
from tests.browser import sign_in_browser
from tests.factories import AreaFactory, TopicFactory

from .conftest import make_friend
from .inbox_helpers import departments_always_open, image, staff, tap, text
from .webhook_helpers import body_for, post_webhook


# live_server needs committed data; serialized_rollback restores the migrations' rows.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SECRET = "fake-channel-secret"


def photo_of_a_pothole() -> bytes:
    """A real PNG big enough to see in the screenshots."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (240, 160), "#8a8a8a")
    ImageDraw.Draw(picture).ellipse((70, 50, 170, 110), fill="#3b2f2f")
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def test_environment_staff_answer_their_resident_with_a_canned_reply_note_and_close(
    live_server, line_channel, client, desktop, shoot
):
    departments = departments_always_open()
    road = make_friend(
        areas=[AreaFactory(name="小方地区")], topics=[TopicFactory(name="ごみ")]
    )
    other = make_friend(areas=[AreaFactory(name="玖波地区")])

    def say(*events):
        # Transactional test: on-commit work and the eager tasks run at once.
        assert post_webhook(client, body_for(*events), SECRET).status_code == 200

    # Naming the matter (道路) opens 環境整備 at once; the other resident picks 広報.
    pothole = "道路に穴が開いています。担当者と話したい"
    say(text(line_channel, road.line_user_id, pothole))
    say(text(line_channel, road.line_user_id, "小方二丁目の交差点の近くです"))
    say(image(line_channel, road.line_user_id, photo_of_a_pothole()))
    say(text(line_channel, other.line_user_id, "母の介護のことで相談したい"))
    say(
        tap(
            line_channel,
            other.line_user_id,
            f"action=staff&dept={departments['広報'].pk}",
        )
    )
    mine = Conversation.objects.get(friend=road)
    theirs = Conversation.objects.get(friend=other)

    member = staff("環境整備", "kankyo")
    sign_in_browser(desktop.context, live_server, member)
    desktop.goto(f"{live_server.url}{reverse('inbox:list')}")
    desktop.get_by_role("link", name=f"相談 #{mine.pk}").wait_for()
    assert desktop.get_by_role("link", name=f"相談 #{theirs.pk}").count() == 0
    assert desktop.get_by_text("未対応（1）").is_visible()
    shoot(desktop, "list-only-own-department")

    desktop.get_by_role("link", name=f"相談 #{mine.pk}").click()
    desktop.get_by_text("小方二丁目の交差点の近くです").wait_for()
    side = desktop.get_by_role("complementary", name="住民の受信設定")
    assert "小方地区" in side.inner_text() and "ごみ" in side.inner_text()
    assert "玖波地区" not in desktop.content()
    photo = desktop.get_by_alt_text("住民が送った画像")
    photo.wait_for()
    assert photo.evaluate("img => img.naturalWidth") == 240
    assert (
        "道路に穴が開いています"
        in desktop.get_by_text("相談前のチャットボットとのやりとり")
        .locator("..")
        .inner_text()
    )
    shoot(desktop, "conversation")

    desktop.get_by_role("button", name="現地を確認します").click()
    reply_box = desktop.get_by_label("住民への返信（LINEに届きます）")
    canned = "ご連絡ありがとうございます。担当者が現地を確認し、対応します。"
    assert reply_box.input_value() == canned
    desktop.get_by_role("button", name="送信", exact=True).click()
    desktop.get_by_text("返信を送りました。").wait_for()
    assert desktop.locator(".inbox-row.staff").get_by_text("送信済み").count() == 1
    shoot(desktop, "replied-with-canned-reply")
    assert [m.text for m in line_channel.received(road.line_user_id)][-1] == canned
    assert canned not in [m.text for m in line_channel.received(other.line_user_id)]

    desktop.get_by_label("内部メモ（職員だけが見ます）").fill(
        "道路維持係に写真を共有済み"
    )
    desktop.get_by_role("button", name="メモを残す").click()
    desktop.get_by_text("内部メモを残しました").wait_for()
    assert (
        desktop.locator(".inbox-row.note")
        .get_by_text("道路維持係に写真を共有済み")
        .is_visible()
    )
    shoot(desktop, "internal-note")
    assert "道路維持係" not in " ".join(
        m.text or "" for m in line_channel.received(road.line_user_id)
    )

    desktop.get_by_role("button", name="完了（チャットボットに戻す）").click()
    desktop.get_by_text("相談を完了しました").wait_for()
    desktop.get_by_role("link", name="完了（1）").click()
    desktop.get_by_role("link", name=f"相談 #{mine.pk}").wait_for()
    shoot(desktop, "closed")

    mine.refresh_from_db()
    assert mine.state == Conversation.State.CLOSED
    assert "チャットボットがお答えします" in (
        line_channel.received(road.line_user_id)[-1].text
    )
    assert mine.messages.filter(direction=Message.Direction.NOTE).count() == 1
    theirs.refresh_from_db()
    assert theirs.state == Conversation.State.NEW

"""Rich menus against the strict fake LINE API: publish, default, test members, taps."""

import io

from django.core.files.base import ContentFile

from PIL import Image
import pytest

from home.signals import disaster_mode_changed
from line_delivery.rich_menus import publish as service
from line_delivery.rich_menus.models import LineRichMenu, RichMenu, RichMenuDefault
from tests.line_delivery.conftest import make_friend, make_test_member
from tests.line_delivery.rich_menu_helpers import make_menu, png, publish


pytestmark = pytest.mark.django_db


def line_calls(fake, *operations):
    return [r for r in fake.requests if r.operation_id in operations]


def test_publish_creates_a_valid_menu_with_image_and_alias_on_line(
    line_channel, django_capture_on_commit_callbacks
):
    menu = make_menu()
    publish(menu, django_capture_on_commit_callbacks)

    line_menu = menu.live_line_object()
    assert line_menu is not None, LineRichMenu.objects.values("status", "error_message")
    held = line_channel.rich_menus[line_menu.line_rich_menu_id]
    assert held.image is not None and held.image_content_type == "image/png"
    assert held.body["chatBarText"] == "メニュー"
    assert held.body["size"] == {"width": 2500, "height": 1686}
    assert len(held.body["areas"]) == 4
    # The cells tile the image exactly.
    assert (
        sum(a["bounds"]["width"] * a["bounds"]["height"] for a in held.body["areas"])
        == 2500 * 1686
    )
    assert line_channel.rich_menu_aliases[menu.alias_id] == line_menu.line_rich_menu_id
    kinds = [a["action"]["type"] for a in held.body["areas"]]
    assert kinds == ["postback", "postback", "uri", "postback"]
    # Links go through our counting redirect.
    assert held.body["areas"][2]["action"]["uri"].startswith(
        "http://testserver/line/rm/"
    )


def test_republishing_replaces_the_menu_and_deletes_the_old_one(
    line_channel, django_capture_on_commit_callbacks
):
    menu = make_menu()
    publish(menu, django_capture_on_commit_callbacks)
    first = menu.live_line_object().line_rich_menu_id
    menu.chat_bar_text = "くらしの情報"
    publish(menu, django_capture_on_commit_callbacks)
    second = menu.live_line_object().line_rich_menu_id

    assert second != first
    assert set(line_channel.rich_menus) == {second}  # the old one was deleted
    assert line_channel.rich_menu_aliases[menu.alias_id] == second


def test_deletions_wait_for_the_hourly_budget(
    line_channel, django_capture_on_commit_callbacks
):
    menu = make_menu()
    publish(menu, django_capture_on_commit_callbacks)
    old = menu.live_line_object()
    # The budget is used up: the replaced menu stays queued instead of hitting 429.
    LineRichMenu.objects.filter(pk=old.pk).update()
    menu.chat_bar_text = "新メニュー"
    with django_capture_on_commit_callbacks(execute=False):
        menu.save_revision().publish()
    service.publish(menu.pk, menu.latest_revision.pk)
    assert service.delete_replaced(budget=0) == 1
    assert old.line_rich_menu_id in line_channel.rich_menus
    assert service.delete_replaced() == 0
    assert old.line_rich_menu_id not in line_channel.rich_menus


def test_set_default_changes_the_default_and_disaster_switch_takes_one_call(
    line_channel, django_capture_on_commit_callbacks
):
    normal = make_menu()
    disaster = make_menu(name="災害時メニュー", purpose=RichMenu.Purpose.DISASTER)
    publish(normal, django_capture_on_commit_callbacks)
    publish(disaster, django_capture_on_commit_callbacks)

    assert service.set_default(RichMenu.Purpose.NORMAL).ok
    assert (
        line_channel.default_rich_menu_id == normal.live_line_object().line_rich_menu_id
    )

    before = len(line_channel.requests)
    with django_capture_on_commit_callbacks(execute=True):
        disaster_mode_changed.send(sender=None, active=True, user=None, reason="test")
    calls = line_channel.requests[before:]
    assert [c.operation_id for c in calls] == ["setDefaultRichMenu"]
    assert (
        line_channel.default_rich_menu_id
        == disaster.live_line_object().line_rich_menu_id
    )
    assert RichMenuDefault.load().menu == disaster

    with django_capture_on_commit_callbacks(execute=True):
        disaster_mode_changed.send(sender=None, active=False, user=None, reason="test")
    assert (
        line_channel.default_rich_menu_id == normal.live_line_object().line_rich_menu_id
    )


def test_republishing_the_default_menu_keeps_it_the_default(
    line_channel, django_capture_on_commit_callbacks
):
    normal = make_menu()
    publish(normal, django_capture_on_commit_callbacks)
    service.set_default(RichMenu.Purpose.NORMAL)
    normal.chat_bar_text = "メニュー2"
    publish(normal, django_capture_on_commit_callbacks)
    new_id = normal.live_line_object().line_rich_menu_id
    assert line_channel.default_rich_menu_id == new_id
    assert list(line_channel.rich_menus) == [new_id]


def test_test_members_only_see_the_draft_until_the_check_ends(
    line_channel, django_capture_on_commit_callbacks
):
    members = [make_test_member("広報 A"), make_test_member("危機管理 B")]
    resident = make_friend()
    menu = make_menu(purpose=RichMenu.Purpose.TAB, name="試作メニュー")

    with django_capture_on_commit_callbacks(execute=True):
        outcome = service.start_test(menu.pk)
    assert outcome.ok, outcome.message
    test_id = outcome.line_menu.line_rich_menu_id
    for member in members:
        assert line_channel.linked_rich_menu(member.friend.line_user_id) == test_id
    assert line_channel.linked_rich_menu(resident.line_user_id) is None
    assert line_channel.default_rich_menu_id is None  # residents are untouched

    with django_capture_on_commit_callbacks(execute=True):
        assert service.end_test(menu.pk).ok
    for member in members:
        assert line_channel.linked_rich_menu(member.friend.line_user_id) is None
    assert test_id not in line_channel.rich_menus


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (lambda: png(2000, 2000), "縦横の比率"),
        (lambda: png(2500, 843), "縦横の比率"),  # a 小 image for a 大 menu
        (lambda: png(1250, 843), "2500×1686 ピクセルちょうど"),
        (lambda: png(2500, 1686, noise=True), "1MB"),
    ],
)
def test_bad_images_are_refused_before_any_line_call(
    line_channel, django_capture_on_commit_callbacks, image, expected
):
    menu = make_menu()
    menu.image.save("bad.png", ContentFile(image()), save=True)
    publish(menu, django_capture_on_commit_callbacks)
    failed = menu.line_objects.get()
    assert failed.status == LineRichMenu.Status.FAILED
    assert expected in failed.error_message
    assert line_channel.requests == []


def test_gif_and_long_chat_bar_text_are_refused_before_any_line_call(
    line_channel, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    Image.new("RGB", (2500, 1686)).save(buffer, "GIF")
    menu = make_menu(
        image=buffer.getvalue(), chat_bar_text="大竹市のくらしと防災のメニュー"
    )
    publish(menu, django_capture_on_commit_callbacks)
    error = menu.line_objects.get().error_message
    assert "GIF" in error and "14文字" in error
    assert line_channel.requests == []


def test_postback_taps_are_counted_on_receipt_and_answered(
    client, line_channel, django_capture_on_commit_callbacks
):
    from line_delivery.rich_menus.models import RichMenuTap
    from tests.line_delivery.webhook_helpers import base_event, body_for, post_webhook

    tab = make_menu(purpose=RichMenu.Purpose.TAB, name="タブ")
    publish(tab, django_capture_on_commit_callbacks)
    menu = make_menu(
        layout="full-2",
        actions=[
            {"label": "ごみ", "action": "text", "text": "ペットボトルは？"},
            {"label": "タブへ", "action": "switch", "menu": tab.pk},
        ],
    )
    publish(menu, django_capture_on_commit_callbacks)
    service.set_default(RichMenu.Purpose.NORMAL)
    resident = make_friend()
    user_id = resident.line_user_id

    def deliver(action, **extra):
        token = line_channel.issue_reply_token(user_id)
        event = base_event(
            "postback",
            user_id,
            reply_token=token,
            postback={"data": action["data"], **extra},
        )
        with django_capture_on_commit_callbacks(execute=True):
            post_webhook(client, body_for(event), "fake-channel-secret")

    # 「ごみ」 (top half): counted, and answered as if the resident had typed the text.
    text_action = line_channel.tap_rich_menu_area(user_id, 100, 100)
    assert text_action["displayText"] == "ペットボトルは？"
    deliver(text_action)
    assert RichMenuTap.objects.get(label="ごみ").count == 1
    assert len(line_channel.received(user_id)) == 1

    # 「タブへ」 (bottom half): LINE switches the menu; we count and stay silent.
    switch = line_channel.tap_rich_menu_area(user_id, 100, 1500)
    assert (
        line_channel.displayed_rich_menu(user_id)
        == tab.live_line_object().line_rich_menu_id
    )
    deliver(switch, params={"newRichMenuAliasId": tab.alias_id, "status": "SUCCESS"})
    assert RichMenuTap.objects.get(label="タブへ").count == 1
    assert len(line_channel.received(user_id)) == 1


def test_unpublished_or_deleted_menus_leave_line_but_the_default_stays(
    line_channel, django_capture_on_commit_callbacks
):
    normal = make_menu()
    tab = make_menu(purpose=RichMenu.Purpose.TAB, name="タブ")
    publish(normal, django_capture_on_commit_callbacks)
    publish(tab, django_capture_on_commit_callbacks)
    service.set_default(RichMenu.Purpose.NORMAL)
    default_id = normal.live_line_object().line_rich_menu_id
    tab_id = tab.live_line_object().line_rich_menu_id

    tab.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        tab.unpublish()
    assert tab_id not in line_channel.rich_menus
    with django_capture_on_commit_callbacks(execute=True):
        normal.delete()
    assert line_channel.default_rich_menu_id == default_id  # residents keep a menu


def test_entering_and_leaving_disaster_mode_switches_the_default_menu_on_line(
    line_channel, django_capture_on_commit_callbacks, admin_user
):
    # The whole path: the admin's switch (home.disaster_mode) → the signal → the
    # rich-menu receiver → LINE's default, and back when a person leaves the mode.
    from home import disaster_mode

    normal = make_menu()
    disaster = make_menu(name="災害時メニュー", purpose=RichMenu.Purpose.DISASTER)
    publish(normal, django_capture_on_commit_callbacks)
    publish(disaster, django_capture_on_commit_callbacks)
    assert service.set_default(RichMenu.Purpose.NORMAL).ok

    with django_capture_on_commit_callbacks(execute=True):
        disaster_mode.enter(user=admin_user, reason="大雨")
    assert (
        line_channel.default_rich_menu_id
        == disaster.live_line_object().line_rich_menu_id
    )
    with django_capture_on_commit_callbacks(execute=True):
        disaster_mode.leave(user=admin_user, reason="解除")
    assert (
        line_channel.default_rich_menu_id == normal.live_line_object().line_rich_menu_id
    )


def test_ending_one_check_leaves_test_members_on_the_other_running_check(
    line_channel, django_capture_on_commit_callbacks
):
    member = make_test_member("広報 A")
    first = make_menu(purpose=RichMenu.Purpose.TAB, name="試作A")
    second = make_menu(purpose=RichMenu.Purpose.TAB, name="試作B")
    with django_capture_on_commit_callbacks(execute=True):
        first_id = service.start_test(first.pk).line_menu.line_rich_menu_id
        second_id = service.start_test(second.pk).line_menu.line_rich_menu_id
    assert line_channel.linked_rich_menu(member.friend.line_user_id) == second_id

    with django_capture_on_commit_callbacks(execute=True):
        assert service.end_test(second.pk).ok
    # Still checking 試作A: the member is back on it, not on the residents' menu.
    assert line_channel.linked_rich_menu(member.friend.line_user_id) == first_id
    with django_capture_on_commit_callbacks(execute=True):
        assert service.end_test(first.pk).ok
    assert line_channel.linked_rich_menu(member.friend.line_user_id) is None

"""The rich-menu admin: form checks in Japanese, automatic image fixing, permissions, taps."""

import io
import json
import re

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from PIL import Image
import pytest

from line_delivery.rich_menus import publish as service
from line_delivery.rich_menus.models import RichMenu, RichMenuTap
from tests.auth import sign_in_verified
from tests.line_delivery.rich_menu_helpers import areas_for, make_menu, png, publish


pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_line_delivery_richmenu:add"


def form_data(image: bytes, name="menu.png", **extra):
    areas = areas_for(
        "full-2",
        [
            {"label": "避難所", "action": "postback", "postback": "shelters"},
            {"label": "ごみ", "action": "text", "text": "ペットボトルは？"},
        ],
    )
    return {
        "name": "通常メニュー",
        "purpose": "normal",
        "chat_bar_text": "メニュー",
        "size": "full",
        "image": SimpleUploadedFile(name, image),
        "areas": json.dumps(areas, ensure_ascii=False),
        **extra,
    }


def test_staff_save_a_draft_menu_with_the_editor(admin_client):
    page = admin_client.get(reverse(ADD_URL))
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-rich-menu-editor" in html and "rich_menu_editor.js" in html
    assert "full-6" in html and "half-3" in html  # layouts reach the editor

    response = admin_client.post(reverse(ADD_URL), form_data(png(2500, 1686)))
    assert response.status_code == 302, response.context["form"].errors
    menu = RichMenu.objects.get()
    assert not menu.live and menu.latest_revision is not None
    assert [a["label"] for a in menu.areas] == ["避難所", "ごみ"]


@pytest.mark.parametrize(
    ("image", "name", "message"),
    [
        (lambda: png(2500, 1686, fmt="GIF"), "menu.gif", "JPEGかPNG"),
        (lambda: png(1000, 1000), "menu.png", "縦横の比率"),
        (lambda: png(1250, 843), "menu.png", "自動で直す"),
        (lambda: png(2500, 1686, noise=True), "menu.png", "1MB"),
    ],
)
def test_bad_images_get_a_clear_japanese_message(admin_client, image, name, message):
    response = admin_client.post(reverse(ADD_URL), form_data(image(), name))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("image", []))
    assert message in errors
    assert not RichMenu.objects.exists()


@pytest.mark.parametrize(
    "image", [lambda: png(1250, 843), lambda: png(2500, 1686, noise=True)]
)
def test_auto_fix_resizes_and_compresses(admin_client, image):
    response = admin_client.post(
        reverse(ADD_URL), form_data(image(), auto_fix_image="on")
    )
    assert response.status_code == 302, response.context["form"].errors
    menu = RichMenu.objects.get()
    data = menu.image.read()
    assert len(data) <= 1_000_000
    assert Image.open(io.BytesIO(data)).size == (2500, 1686)


def test_too_long_chat_bar_text_and_incomplete_areas_are_refused(admin_client):
    data = form_data(png(2500, 1686), chat_bar_text="大竹市のくらしと防災のメニュー")
    data["areas"] = json.dumps([{"key": "a", "x": 0, "y": 0, "w": 1, "h": 1}])
    response = admin_client.post(reverse(ADD_URL), data)
    errors = response.context["form"].errors
    assert "「メニューバーの文字」は14文字まで" in " ".join(errors["chat_bar_text"])
    # Kept as typed with a live counter of LINE's limit, not cut by a maxlength.
    bar = re.search(
        r"<input[^>]*name=\"chat_bar_text\"[^>]*>", response.content.decode()
    )
    assert 'data-char-limit="14"' in bar.group(0) and "maxlength" not in bar.group(0)
    assert "大竹市のくらしと防災のメニュー" in bar.group(0)
    assert "ボタンの名前" in " ".join(errors["areas"])


def test_preview_shows_the_menu_and_what_each_area_does(admin_client):
    menu = make_menu()
    html = admin_client.get(
        reverse("wagtailsnippets_line_delivery_richmenu:edit", args=[menu.pk])
    ).content.decode()
    assert "テストメンバーで確認" in html and "タップ数を見る" in html
    preview = menu.make_preview_request(None, "").content.decode()
    assert "開設中の避難所" in preview and "「ペットボトルは？」と送る" in preview


def test_only_city_administrators_may_set_the_default(
    client, django_user_model, line_channel, django_capture_on_commit_callbacks
):
    menu = make_menu()
    publish(menu, django_capture_on_commit_callbacks)
    editors = Group.objects.create(name="編集者")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(codename__endswith="_richmenu"),
    )
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(editors)
    editor.user_permissions.remove(
        Permission.objects.get(codename="set_default_richmenu")
    )
    editors.permissions.remove(Permission.objects.get(codename="set_default_richmenu"))
    sign_in_verified(client, editor)
    url = reverse("line_delivery:rich_menu_default", args=[menu.pk])
    refused = client.post(url)
    assert refused.status_code == 403  # the admin's Japanese 403 page
    assert line_channel.default_rich_menu_id is None

    editors.permissions.add(Permission.objects.get(codename="set_default_richmenu"))
    editor = django_user_model.objects.get(pk=editor.pk)  # drop the permission cache
    sign_in_verified(client, editor)
    assert client.post(url).status_code == 302
    assert (
        line_channel.default_rich_menu_id == menu.live_line_object().line_rich_menu_id
    )


def test_test_member_buttons_link_and_unlink(
    admin_client, line_channel, django_capture_on_commit_callbacks
):
    from tests.line_delivery.conftest import make_test_member

    member = make_test_member()
    menu = make_menu(purpose="tab", name="試作")
    admin_client.post(reverse("line_delivery:rich_menu_test", args=[menu.pk]))
    assert line_channel.linked_rich_menu(member.friend.line_user_id)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("line_delivery:rich_menu_test_end", args=[menu.pk]))
    assert line_channel.linked_rich_menu(member.friend.line_user_id) is None


def test_link_taps_are_counted_through_our_redirect_and_shown(
    admin_client, client, line_channel, django_capture_on_commit_callbacks
):
    menu = make_menu()
    publish(menu, django_capture_on_commit_callbacks)
    held = line_channel.rich_menus[menu.live_line_object().line_rich_menu_id]
    link = held.body["areas"][2]["action"]["uri"].removeprefix("http://testserver")
    for _ in range(3):
        response = client.get(link)
        assert response.status_code == 302
        assert response["Location"] == "https://www.city.otake.hiroshima.jp/"
    assert RichMenuTap.objects.get().count == 3
    page = admin_client.get(reverse("line_delivery:rich_menu_taps", args=[menu.pk]))
    assert "市のサイト" in page.content.decode()
    assert page.context["table"]["all_time"] == 3
    assert client.get("/line/rm/999/zz/").status_code == 404


def test_nothing_reaches_line_when_the_menu_is_invalid(admin_client, line_channel):
    menu = make_menu()
    RichMenu.objects.filter(pk=menu.pk).update(chat_bar_text="x" * 20)
    menu.refresh_from_db()
    assert any("14文字" in p for p in service.menu_problems(menu))


def test_publishing_a_tab_that_switches_to_an_unpublished_menu_is_refused(
    admin_client, line_channel, django_capture_on_commit_callbacks
):
    other = make_menu(name="子育てタブ", purpose=RichMenu.Purpose.TAB)
    data = form_data(png(2500, 1686))
    data["areas"] = json.dumps(
        areas_for(
            "full-2",
            [
                {"label": "避難所", "action": "postback", "postback": "shelters"},
                {"label": "子育て", "action": "switch", "menu": other.pk},
            ],
        ),
        ensure_ascii=False,
    )
    # A draft may point at it; publishing may not, until the target is on LINE.
    refused = admin_client.post(reverse(ADD_URL), {**data, "action-publish": "1"})
    assert refused.status_code == 200
    assert "子育てタブ」はまだLINEに公開されていません" in refused.content.decode()
    assert not RichMenu.objects.filter(name="通常メニュー").exists()

    publish(other, django_capture_on_commit_callbacks)
    data["image"] = SimpleUploadedFile("menu.png", png(2500, 1686))
    with django_capture_on_commit_callbacks(execute=True):
        accepted = admin_client.post(reverse(ADD_URL), {**data, "action-publish": "1"})
    assert accepted.status_code == 302
    assert RichMenu.objects.get(name="通常メニュー").live


def test_a_new_menu_starts_as_the_menu_residents_see_not_a_tab(admin_client):
    def chosen_purpose() -> str:
        html = admin_client.get(reverse(ADD_URL)).content.decode()
        assert "ほかのメニューの「タブ切り替え」の領域をタップした人に" in html
        return re.search(r'<option value="(\w+)"[^>]*selected', html).group(1)

    assert chosen_purpose() == "normal"  # the city's first menu
    make_menu(purpose=RichMenu.Purpose.NORMAL)
    assert chosen_purpose() == "disaster"
    make_menu(name="災害時メニュー", purpose=RichMenu.Purpose.DISASTER)
    assert chosen_purpose() == "tab"  # only one 通常 and one 災害時 may exist


def test_a_menu_edit_shows_before_and_after_and_links_to_the_comparison(admin_client):
    from cms.models import AuditEntry

    admin_client.post(reverse(ADD_URL), form_data(png(2500, 1686)))
    menu = RichMenu.objects.get()
    data = form_data(png(2500, 1686), chat_bar_text="くらしのメニュー")
    response = admin_client.post(
        reverse("wagtailsnippets_line_delivery_richmenu:edit", args=[menu.pk]), data
    )
    assert response.status_code == 302, response.context["form"].errors
    edit = AuditEntry.objects.filter(action="wagtail.edit").latest("pk")
    assert "メニューバーの文字: メニュー → くらしのメニュー" in edit.change_summary
    listing = admin_client.get("/admin/audit_log/").content.decode()
    link = re.search(
        rf'href="(/admin/snippets/line_delivery/richmenu/history/{menu.pk}/'
        rf'revisions/compare/\d+\.\.\.\d+/)"',
        listing,
    )
    assert link, "no link to the comparison in the audit list"
    comparison = admin_client.get(link.group(1)).content.decode()
    assert "くらしのメニュー" in comparison

"""Headless Chromium drives the rich-menu editor: upload, layout, actions, save, preview."""

import base64
import io
import json

from PIL import Image
import pytest

from line_delivery.rich_menus.artwork import draw_menu
from line_delivery.rich_menus.layouts import LAYOUTS_BY_KEY
from line_delivery.rich_menus.models import RichMenu
from tests.browser import serve_media, sign_in_browser


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_build_a_menu_in_the_visual_editor(
    live_server, desktop, shoot, django_user_model, tmp_path
):
    user = django_user_model.objects.create_superuser(
        "rm-admin", "rm@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    serve_media(desktop)
    image = tmp_path / "menu.png"
    # Drawn at half resolution: the editor warns, and the server fixes it on save.
    labels = ["避難所", "防災情報", "市のサイト", "ごみ"]
    full = draw_menu(
        "full",
        list(LAYOUTS_BY_KEY["full-4"].cells),
        labels,
        ["#C62828", "#B71C1C", "#1D4E89", "#2E7D32"],
    )
    Image.open(io.BytesIO(full)).resize((1250, 843)).save(image)

    desktop.goto(live_server.url + "/admin/snippets/line_delivery/richmenu/add/")
    desktop.fill("#id_name", "通常メニュー（ブラウザ）")
    desktop.select_option("#id_purpose", "normal")
    desktop.fill("#id_chat_bar_text", "くらしのメニュー")
    desktop.set_input_files("input[name=image]", str(image))
    canvas = desktop.locator(".rm-canvas")
    desktop.wait_for_function(
        "getComputedStyle(document.querySelector('.rm-canvas')).backgroundImage.includes('blob:')"
    )
    assert "自動で直せます" in desktop.locator(".rm-image-note").inner_text(
        timeout=5000
    )

    desktop.click("[data-layout='full-4']")
    assert canvas.locator(".rm-area").count() == 4

    actions = [
        ("postback", "shelters"),
        ("postback", "disaster_latest"),
        ("url", "https://www.city.otake.hiroshima.jp/"),
        ("text", "ペットボトルは？"),
    ]
    forms = desktop.locator(".rm-area-form")
    for index, (label, (kind, detail)) in enumerate(zip(labels, actions, strict=True)):
        form = forms.nth(index)
        form.locator("[data-field=label]").fill(label)
        form.locator("[data-field=action]").select_option(kind)
        field = form.locator("[data-field=detail]")
        if kind == "postback":
            field.select_option(detail)
        else:
            field.fill(detail)

    # Staff adjust an area by dragging its corner: no coordinates to type.
    handle = canvas.locator(".rm-area").nth(3).locator(".rm-handle")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    desktop.mouse.move(box["x"] + 5, box["y"] + 5)
    desktop.mouse.down()
    desktop.mouse.move(box["x"] - 80, box["y"] - 40, steps=5)
    desktop.mouse.up()
    areas = json.loads(desktop.input_value("#id_areas"))
    assert areas[3]["w"] < 0.5 and areas[3]["h"] < 0.5, (areas[3], box)
    desktop.check("#id_auto_fix_image")
    shoot(desktop, "editor")

    desktop.get_by_role("button", name="下書きを保存").first.click()
    desktop.wait_for_url("**/richmenu/**")
    menu = RichMenu.objects.get()
    assert [a["label"] for a in menu.areas] == labels
    assert Image.open(menu.image.path).size == (2500, 1686)  # fixed on save
    assert not menu.live

    desktop.goto(
        live_server.url + f"/admin/snippets/line_delivery/richmenu/edit/{menu.pk}/"
    )
    assert desktop.locator(".rm-area").count() == 4  # the saved areas come back
    shoot(desktop, "saved")
    desktop.click("[data-side-panel-toggle='preview']")
    preview = desktop.frame_locator("#w-preview-iframe")
    preview.locator("[data-testid=rich-menu-preview]").wait_for()
    legend = preview.locator(".legend").inner_text()
    assert "開設中の避難所" in legend and "「ペットボトルは？」と送る" in legend
    shoot(desktop, "preview")


def test_sandbox_phone_shows_the_menu_and_a_tap_gets_an_answer(
    live_server,
    desktop,
    shoot,
    django_user_model,
    sandbox,
    django_capture_on_commit_callbacks,
):
    from line_delivery.models import Friend
    from line_delivery.rich_menus import publish as service
    from tests.fake_line.server import new_user_id
    from tests.line_delivery.rich_menu_helpers import make_menu, publish

    user = django_user_model.objects.create_superuser(
        "rm-sandbox", "rs@example.jp", "x-Unused-Password-1"
    )
    menu = make_menu()
    publish(menu, django_capture_on_commit_callbacks)
    assert service.set_default(RichMenu.Purpose.NORMAL).ok
    friend = Friend.objects.create(line_user_id=new_user_id(), is_sandbox=True)

    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(live_server.url + f"/admin/line/sandbox/{friend.pk}/")
    phone_menu = desktop.locator("[data-testid=sandbox-rich-menu]")
    assert "メニュー" in phone_menu.inner_text()
    desktop.locator(".line-rich-menu-area[title='避難所']").click()
    desktop.wait_for_url(f"**/sandbox/{friend.pk}/")
    chat = desktop.locator(".line-chat").inner_text()
    assert "避難所" in chat
    shoot(desktop, "sandbox-phone")


def test_sandbox_chat_keeps_the_newest_message_in_view_after_sending(
    live_server, desktop, shoot, django_user_model, sandbox
):
    from django.test import Client

    from line_delivery.models import Friend
    from tests.auth import sign_in_verified
    from tests.fake_line.server import new_user_id

    user = django_user_model.objects.create_superuser(
        "sandbox-history", "sh@example.jp", "x-Unused-Password-1"
    )
    friend = Friend.objects.create(line_user_id=new_user_id(), is_sandbox=True)
    staff = Client()
    sign_in_verified(staff, user)
    for n in range(12):  # a long history, longer than the phone
        staff.post(f"/admin/line/sandbox/{friend.pk}/say/", {"text": f"質問{n}"})

    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(live_server.url + f"/admin/line/sandbox/{friend.pk}/")
    desktop.fill("#say-text", "いちばん新しい質問")
    desktop.get_by_role("button", name="送信").click()
    desktop.wait_for_url(f"**/sandbox/{friend.pk}/")
    desktop.wait_for_load_state("load")

    newest = desktop.locator(".chat-resident", has_text="いちばん新しい質問")
    newest.wait_for()
    assert newest.is_visible()
    in_view = desktop.evaluate(
        """() => {
          const chat = document.querySelector('[data-sandbox-chat]');
          const box = [...chat.querySelectorAll('.chat-resident')].pop().getBoundingClientRect();
          const area = chat.getBoundingClientRect();
          return chat.scrollHeight > chat.clientHeight        // the history does scroll
            && box.top >= area.top && box.top < area.bottom   // newest inside the phone
            && area.bottom <= window.innerHeight + 1;         // the phone on screen
        }"""
    )
    assert in_view
    shoot(desktop, "sandbox-newest-in-view")


def test_the_page_to_open_is_picked_from_sections_with_a_search(
    live_server, desktop, shoot, django_user_model, home_page
):
    from tests.factories import (
        DisasterIndexPageFactory,
        DisasterNoticePageFactory,
        NewsIndexPageFactory,
        NewsPageFactory,
    )

    news = NewsIndexPageFactory(parent=home_page, title="お知らせ")
    for n in range(30):
        NewsPageFactory(parent=news, title=f"お知らせ その{n}")
    festival = NewsPageFactory(parent=news, title="市民まつりのご案内")
    DisasterNoticePageFactory(
        parent=DisasterIndexPageFactory(parent=home_page, title="防災情報"),
        title="大雨への備え",
    )
    user = django_user_model.objects.create_superuser(
        "rm-pages", "rp@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(live_server.url + "/admin/snippets/line_delivery/richmenu/add/")
    desktop.click("[data-layout='full-2']")
    form = desktop.locator(".rm-area-form").first
    form.locator("[data-field=action]").select_option("page")

    picker = form.locator("select[data-field=page]")
    groups = picker.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert {"サイトの主なページ", "お知らせ", "防災情報"} <= set(groups)
    first_news = picker.locator("optgroup[label='お知らせ'] option").first.inner_text()
    assert first_news == "市民まつりのご案内"  # the newest first

    form.locator("[data-field=page-search]").fill("まつり")
    assert picker.locator("option[value]:not([value=''])").all_inner_texts() == [
        "市民まつりのご案内"
    ]
    picker.select_option(label="市民まつりのご案内")
    shoot(desktop, "page-picker")
    areas = json.loads(desktop.input_value("#id_areas"))
    assert areas[0]["page"] == festival.pk


def test_staff_make_the_menu_image_without_a_designer(
    live_server, desktop, shoot, django_user_model
):
    from tests.line_delivery.rich_menu_helpers import make_menu

    user = django_user_model.objects.create_superuser(
        "rm-artwork", "ra@example.jp", "x-Unused-Password-1"
    )
    menu = make_menu()  # 避難所 / 防災情報 / 市のサイト / ごみ, with a plain picture
    uploaded = menu.image.name
    sign_in_browser(desktop.context, live_server, user)
    serve_media(desktop)
    desktop.goto(
        live_server.url + f"/admin/snippets/line_delivery/richmenu/edit/{menu.pk}/"
    )
    desktop.get_by_role("link", name="画像を自動で作る").click()
    desktop.wait_for_url("**/image/")
    preview = desktop.locator("[data-testid=artwork-preview]")
    first = preview.get_attribute("src")
    assert first.startswith("data:image/png;base64,")
    # The icons were guessed from the names.
    assert desktop.input_value("select[name=icon_1]") == "home-shield"
    assert desktop.input_value("select[name=icon_4]") == "trash"

    desktop.get_by_label("白黒反転（いちばん見やすい）").check()
    desktop.get_by_label("領域3「市のサイト」のアイコン").select_option(
        label="地図・場所"
    )
    with desktop.expect_navigation():
        desktop.get_by_role("button", name="プレビュー").click()
    assert preview.get_attribute("src") != first
    assert desktop.get_by_label("白黒反転（いちばん見やすい）").is_checked()
    assert desktop.input_value("select[name=icon_3]") == "map-pin"
    shown = Image.open(
        io.BytesIO(base64.b64decode(preview.get_attribute("src").split(",")[1]))
    ).convert("RGB")
    assert shown.size == (2500, 1686)
    assert shown.getpixel((625, 20)) == (0, 0, 0)  # the black tiles of the theme
    shoot(desktop, "artwork-preview")

    desktop.get_by_role("button", name="この画像を使う").click()
    desktop.wait_for_url(f"**/richmenu/edit/{menu.pk}/")
    assert (
        "画像を作って下書きに保存しました" in desktop.locator(".messages").inner_text()
    )
    desktop.wait_for_function(
        "getComputedStyle(document.querySelector('.rm-canvas')).backgroundImage.includes('auto')"
    )
    shoot(desktop, "artwork-saved")
    menu.refresh_from_db()
    assert menu.image.name != uploaded
    assert [a["icon"] for a in menu.areas][2] == "map-pin"
    with Image.open(menu.image.path) as saved:
        assert saved.size == (2500, 1686)
        assert saved.convert("RGB").getpixel((625, 20)) == (0, 0, 0)


def test_a_new_menu_starts_as_the_menu_everyone_sees_and_says_how_tabs_are_reached(
    live_server, desktop, shoot, django_user_model
):
    user = django_user_model.objects.create_superuser(
        "rm-purpose", "rpu@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(live_server.url + "/admin/snippets/line_delivery/richmenu/add/")
    purpose = desktop.locator("#id_purpose")
    assert purpose.input_value() == "normal"
    assert purpose.locator("option:checked").inner_text() == "通常"
    help_text = desktop.locator("[data-field-wrapper]:has(#id_purpose)").inner_text()
    assert "タブ: それだけでは表示されません" in help_text
    assert "「タブ切り替え」の領域をタップした人" in help_text
    shoot(desktop, "new-menu-purpose")

    # Once the city has its 通常 menu, the next new one is the 災害時 menu.
    from tests.line_delivery.rich_menu_helpers import make_menu

    make_menu()
    desktop.reload()
    assert desktop.locator("#id_purpose").input_value() == "disaster"

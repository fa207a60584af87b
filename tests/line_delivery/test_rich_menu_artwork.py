"""Rich-menu images drawn from the menu (「画像を自動で作る」): LINE's rules, contrast,
labels that wrap or warn, the admin screen, and the upload to the strict fake LINE."""

import io
import json
import re

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from PIL import Image, ImageChops
import pytest

from line_delivery.rich_menus import artwork
from line_delivery.rich_menus.artwork import THEMES, draw_areas
from line_delivery.rich_menus.images import check_image
from line_delivery.rich_menus.layouts import LAYOUTS, LAYOUTS_BY_KEY, cells_to_bounds
from line_delivery.rich_menus.models import RichMenu
from tests.auth import sign_in_verified
from tests.line_delivery.rich_menu_helpers import make_menu, png, publish


pytestmark = pytest.mark.django_db

LABELS = ["ごみの日", "防災情報", "避難所", "お知らせ", "受信設定", "問い合わせ"]


def wcag_contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG 2.x contrast ratio, written out here so the test does not trust the code."""

    def luminance(rgb):
        values = []
        for channel in rgb:
            c = channel / 255
            values.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def layout_areas(layout_key: str, labels: list[str], **extra) -> list[dict]:
    layout = LAYOUTS_BY_KEY[layout_key]
    return [
        {"key": f"k{n}", "x": x, "y": y, "w": w, "h": h, "label": label, **extra}
        for n, ((x, y, w, h), label) in enumerate(
            zip(layout.cells, labels, strict=False)
        )
    ]


def tile_crop(image: Image.Image, layout_key: str, index: int) -> Image.Image:
    layout = LAYOUTS_BY_KEY[layout_key]
    b = cells_to_bounds(layout.cells, layout.size)[index]
    return image.crop((b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]))


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


@pytest.mark.parametrize("layout", [layout.key for layout in LAYOUTS])
def test_every_layout_gives_an_image_line_accepts(layout):
    cells = LAYOUTS_BY_KEY[layout].cells
    areas = layout_areas(layout, (LABELS * 2)[: len(cells)])
    icons = [artwork.suggest_icon(a["label"]) for a in areas]
    result = draw_areas(LAYOUTS_BY_KEY[layout].size, areas, "city", icons)

    size = LAYOUTS_BY_KEY[layout].size
    check = check_image(result.data, size)
    assert check.ok, check.errors + check.fixable  # exact size, JPEG/PNG, ≤ 1 MB
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.format == "PNG"
        assert image.size == ((2500, 1686) if size == "full" else (2500, 843))
    assert len(result.data) <= 1_000_000
    assert result.warnings == []


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.key)
def test_text_on_every_tile_has_at_least_4_5_to_1_contrast(theme):
    areas = layout_areas("full-6", LABELS)
    image = opened(draw_areas("full", areas, theme.key, [""] * 6).data)
    for index in range(6):
        tile = tile_crop(image, "full-6", index)
        # The tile's own colour: just inside its rounded corner's straight edge.
        background = tile.getpixel((tile.width // 2, 10))
        colours = {colour for _, colour in tile.getcolors(maxcolors=1_000_000)}
        # The text colour: the colour in the tile farthest from the background.
        ink = max(
            colours,
            key=lambda c: sum(abs(a - b) for a, b in zip(c, background, strict=True)),
        )
        ratio = wcag_contrast(background, ink)
        assert ratio >= 4.5, (theme.key, index, background, ink, ratio)
    for fill, ink in theme.tiles:  # every colour pair, not only the ones drawn
        rgb = [
            tuple(int(c.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
            for c in (fill, ink)
        ]
        assert wcag_contrast(*rgb) >= 4.5, (theme.key, fill, ink)


def test_each_label_is_drawn_in_its_own_tile():
    first = opened(draw_areas("full", layout_areas("full-4", LABELS[:4])).data)
    renamed = LABELS[:4]
    renamed[1] = "災害情報"
    second = opened(draw_areas("full", layout_areas("full-4", renamed)).data)

    assert ImageChops.difference(
        tile_crop(first, "full-4", 1), tile_crop(second, "full-4", 1)
    ).getbbox()
    for unchanged in (0, 2, 3):
        assert not ImageChops.difference(
            tile_crop(first, "full-4", unchanged),
            tile_crop(second, "full-4", unchanged),
        ).getbbox()
    # A tile with a name has text in it; one without is a plain colour.
    blank = opened(draw_areas("full", layout_areas("full-4", ["", *LABELS[1:4]])).data)
    assert len(tile_crop(blank, "full-4", 0).getcolors(maxcolors=1_000_000)) <= 3
    assert len(tile_crop(first, "full-4", 0).getcolors(maxcolors=1_000_000)) > 10


def test_icons_are_drawn_and_can_be_left_out():
    areas = layout_areas("full-4", LABELS[:4])
    plain = opened(draw_areas("full", areas, "city", [""] * 4).data)
    with_icon = opened(draw_areas("full", areas, "city", ["trash", "", "", ""]).data)
    assert ImageChops.difference(
        tile_crop(plain, "full-4", 0), tile_crop(with_icon, "full-4", 0)
    ).getbbox()
    assert not ImageChops.difference(
        tile_crop(plain, "full-4", 1), tile_crop(with_icon, "full-4", 1)
    ).getbbox()


def test_a_long_label_wraps_onto_lines_instead_of_being_cut():
    label = "開設中の避難所の一覧"
    areas = layout_areas("full-6", [label, *LABELS[1:]])
    result = draw_areas("full", areas, "city", [""] * 6)
    tile = tile_crop(opened(result.data), "full-6", 0)
    # Inside the rounded corners the tile is one colour except for its text.
    inside = tile.crop((48, 48, tile.width - 48, tile.height - 48))
    fill = inside.getpixel((0, 0))
    text = ImageChops.difference(inside, Image.new("RGB", inside.size, fill))
    mask = text.convert("L").point(lambda v: 255 if v > 40 else 0)
    left, top, right, bottom = mask.getbbox()
    # Every character is inside the tile, clear of its edges: nothing was cut.
    assert left > 0 and top > 0 and right < inside.width and bottom < inside.height
    # Two or more bands of text rows: it was wrapped.
    rows = [
        mask.crop((0, y, mask.width, y + 1)).getbbox() is not None
        for y in range(mask.height)
    ]
    bands = sum(
        1 for above, row in zip(rows, rows[1:], strict=False) if row and not above
    )
    assert bands >= 2
    assert result.warnings == []


def test_a_label_too_long_to_read_gets_a_japanese_warning():
    too_long = "大竹市役所からの大切なお知らせの一覧です"  # 20 characters, the most LINE allows
    areas = layout_areas("half-3", [too_long, "ごみ", "防災"])
    result = draw_areas("half", areas, "city", ["speakerphone", "trash", ""])
    assert check_image(result.data, "half").ok
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert "領域1" in warning and too_long in warning and "読みにくく" in warning


def test_an_area_too_small_for_its_name_is_drawn_and_warned_not_an_error():
    areas = [
        {"x": 0, "y": 0, "w": 0.02, "h": 0.02, "label": "ごみ"},  # staff-resized
        {"x": 0.5, "y": 0, "w": 0.5, "h": 1, "label": "防災情報"},
    ]
    result = draw_areas("full", areas, "city", ["trash", "alert-triangle"])
    assert check_image(result.data, "full").ok
    assert result.warnings == [
        "領域1「ごみ」: 領域が小さすぎて名前が収まりません。"
        "名前を短くするか、領域を大きくしてください。"
    ]


def test_an_emoji_the_font_cannot_draw_is_named_in_a_warning():
    areas = layout_areas("full-2", ["ごみ🗑️の日", "防災"])
    result = draw_areas("full", areas, "city", ["", ""])
    assert len(result.warnings) == 1
    assert "「🗑️」は画像に描けない文字" in result.warnings[0]
    assert (
        draw_areas("full", layout_areas("full-2", ["ごみ①の日★", "防災"])).warnings
        == []
    )


def test_the_missing_font_is_a_clear_japanese_error(monkeypatch, tmp_path):
    monkeypatch.setattr(artwork, "FONT_CANDIDATES", (tmp_path / "none.ttc",))
    monkeypatch.setattr(artwork, "FONT_SEARCH_ROOT", tmp_path)
    artwork.font_path.cache_clear()
    artwork._font.cache_clear()
    try:
        with pytest.raises(artwork.ArtworkUnavailable, match="fonts-noto-cjk"):
            draw_areas("full", layout_areas("full-4", LABELS[:4]))
    finally:
        artwork.font_path.cache_clear()
        artwork._font.cache_clear()


def test_without_libcairo2_the_image_is_made_without_icons_and_says_so(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "cairosvg", None)  # import fails as without cairo
    artwork._icon_image.cache_clear()
    try:
        result = draw_areas(
            "full", layout_areas("full-2", ["ごみ", "防災"]), "city", ["trash", ""]
        )
    finally:
        artwork._icon_image.cache_clear()
    assert check_image(result.data, "full").ok
    assert result.warnings == [
        "領域1「ごみ」: サーバーにアイコンを描く部品（libcairo2）がないため、"
        "アイコンなしで作りました。IT担当者にご連絡ください。"
    ]


def test_the_demo_menus_are_seeded_even_without_the_font(
    monkeypatch, tmp_path, home_page
):
    from django.core.management import call_command

    monkeypatch.setattr(artwork, "FONT_CANDIDATES", (tmp_path / "none.ttc",))
    monkeypatch.setattr(artwork, "FONT_SEARCH_ROOT", tmp_path)
    artwork.font_path.cache_clear()
    artwork._font.cache_clear()
    errors = io.StringIO()
    try:
        call_command("seed_rich_menus", stdout=io.StringIO(), stderr=errors)
    finally:
        artwork.font_path.cache_clear()
        artwork._font.cache_clear()
    assert "fonts-noto-cjk" in errors.getvalue()
    normal = RichMenu.objects.get(purpose=RichMenu.Purpose.NORMAL)
    assert check_image(normal.image.read(), normal.size).ok


def test_icons_are_suggested_from_names_and_fixed_replies():
    assert artwork.suggest_icon("ごみの日") == "trash"
    assert artwork.suggest_icon("避難所") == "home-shield"
    assert artwork.suggest_icon("開設中", "shelters") == "home-shield"
    assert artwork.suggest_icon("アンケート") == "clipboard-list"
    assert artwork.suggest_icon("通報") == "camera"
    assert artwork.suggest_icon("市長室") == ""
    for icon in artwork.ICONS:
        assert icon.path.is_file(), icon.key


# --- the admin screen ---------------------------------------------------------


def artwork_url(menu: RichMenu) -> str:
    return reverse("line_delivery:rich_menu_artwork", args=[menu.pk])


def save_generated_image(admin_client, menu: RichMenu) -> None:
    """Open 「画像を自動で作る」 and save what its first preview shows."""
    page = admin_client.get(artwork_url(menu))
    response = admin_client.post(
        artwork_url(menu),
        {**page.context["form"].initial, "shown": page.context["shown"], "save": ""},
    )
    assert response.status_code == 302
    menu.refresh_from_db()


def test_the_edit_screen_offers_to_make_the_image(admin_client):
    menu = make_menu()
    edit = admin_client.get(
        reverse("wagtailsnippets_line_delivery_richmenu:edit", args=[menu.pk])
    )
    assert "画像を自動で作る" in edit.content.decode()
    assert artwork_url(menu) in edit.content.decode()


def test_staff_preview_then_save_a_generated_image(admin_client):
    menu = (
        make_menu()
    )  # 避難所 / 防災情報 / 市のサイト / ごみ, with an uploaded picture
    before = menu.image.name

    page = admin_client.get(artwork_url(menu))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="artwork-preview"' in html and "data:image/png;base64," in html
    form = page.context["form"]
    assert form.initial["icon_1"] == "home-shield"  # 避難所
    assert form.initial["icon_4"] == "trash"  # ごみ
    shown = page.context["shown"]

    choices = {
        "theme": "colourful",
        "icon_1": "home-shield",
        "icon_2": "alert-triangle",
        "icon_3": "world",
        "icon_4": "trash",
    }
    # Saving other choices than the preview showed gives a fresh preview, not a save.
    response = admin_client.post(
        artwork_url(menu), {**choices, "shown": shown, "save": ""}
    )
    assert response.status_code == 200
    assert "プレビューを作り直しました" in response.content.decode()
    menu.refresh_from_db()
    assert menu.image.name == before

    response = admin_client.post(
        artwork_url(menu), {**choices, "shown": response.context["shown"], "save": ""}
    )
    assert response.status_code == 302
    menu.refresh_from_db()
    assert menu.image.name != before and menu.image.name.endswith(".png")
    saved = menu.image.read()
    assert check_image(saved, "full").ok
    assert [a["icon"] for a in menu.areas] == [
        "home-shield",
        "alert-triangle",
        "world",
        "trash",
    ]
    assert menu.artwork["theme"] == "colourful"
    assert menu.latest_revision.content["image"] == menu.image.name
    # The screen starts from the same choices next time.
    again = admin_client.get(artwork_url(menu))
    assert again.context["form"].initial["theme"] == "colourful"
    assert again.context["form"].initial["icon_3"] == "world"


def test_an_over_long_label_is_warned_about_on_the_screen(admin_client):
    menu = make_menu(
        layout="half-3",
        actions=[
            {
                "label": "大竹市役所からの大切なお知らせの一覧です",
                "action": "postback",
                "postback": "help",
            },
            {"label": "ごみ", "action": "text", "text": "ペットボトルは？"},
            {"label": "避難所", "action": "postback", "postback": "shelters"},
        ],
    )
    html = admin_client.get(artwork_url(menu)).content.decode()
    assert 'data-testid="artwork-warnings"' in html
    assert "読みにくくなります" in html


def test_a_menu_without_areas_is_told_what_to_do_first(admin_client):
    menu = RichMenu.objects.create(name="作りかけ", purpose="tab", areas=[])
    response = admin_client.get(artwork_url(menu))
    assert response.status_code == 200
    assert "区切り方（レイアウト）を選び" in response.content.decode()


def test_a_missing_font_is_shown_to_staff_not_a_500(
    admin_client, monkeypatch, tmp_path
):
    menu = make_menu()
    monkeypatch.setattr(artwork, "FONT_CANDIDATES", (tmp_path / "none.ttc",))
    monkeypatch.setattr(artwork, "FONT_SEARCH_ROOT", tmp_path)
    artwork.font_path.cache_clear()
    artwork._font.cache_clear()
    try:
        response = admin_client.get(artwork_url(menu))
    finally:
        artwork.font_path.cache_clear()
        artwork._font.cache_clear()
    assert response.status_code == 200
    assert "fonts-noto-cjk" in response.content.decode()


def test_staff_can_still_replace_the_generated_image_with_their_own(admin_client):
    menu = make_menu()
    save_generated_image(admin_client, menu)
    generated = menu.image.name
    own = png(2500, 1686)
    edit_url = reverse("wagtailsnippets_line_delivery_richmenu:edit", args=[menu.pk])
    response = admin_client.post(
        edit_url,
        {
            "name": menu.name,
            "purpose": menu.purpose,
            "chat_bar_text": menu.chat_bar_text,
            "size": "full",
            "image": SimpleUploadedFile("own.png", own),
            "areas": json.dumps(menu.areas, ensure_ascii=False),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    menu.refresh_from_db()
    assert menu.image.name != generated and "own" in menu.image.name
    assert menu.image.read() == own
    assert not menu.artwork_is_stale()  # their own picture: nothing to redo


def test_renamed_buttons_after_generating_ask_for_a_new_image(admin_client):
    menu = make_menu()
    save_generated_image(admin_client, menu)
    menu.areas[0]["label"] = "開設中の避難所"
    menu.save()
    menu.save_revision()
    edit = admin_client.get(
        reverse("wagtailsnippets_line_delivery_richmenu:edit", args=[menu.pk])
    )
    assert "自動で作った画像と違っています" in edit.content.decode()


def test_the_generated_image_is_what_reaches_line_on_publish(
    admin_client, line_channel, django_capture_on_commit_callbacks
):
    menu = make_menu()
    save_generated_image(admin_client, menu)
    generated = menu.image.read()
    publish(menu, django_capture_on_commit_callbacks)

    line_menu = menu.live_line_object()
    assert line_menu is not None, (
        menu.last_failure() and menu.last_failure().error_message
    )
    held = line_channel.rich_menus[line_menu.line_rich_menu_id]
    assert held.image == generated
    assert held.image_content_type == "image/png"
    assert held.body["size"] == {"width": 2500, "height": 1686}


def test_someone_without_edit_permission_cannot_open_the_screen(
    client, django_user_model
):
    menu = make_menu()
    user = django_user_model.objects.create_user(
        "viewer", password="x-Unused-Password-1"
    )
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in_verified(client, user)
    response = client.get(artwork_url(menu))
    assert response.status_code in (302, 403)
    assert not re.search(r"data:image/png;base64", response.content.decode())

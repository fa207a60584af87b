"""Building rich menus for tests: a real Pillow image and areas from a layout."""

import io
import os

from django.core.files.base import ContentFile

from PIL import Image

from line_delivery.rich_menus.artwork import draw_menu
from line_delivery.rich_menus.layouts import LAYOUTS_BY_KEY
from line_delivery.rich_menus.models import RichMenu


COLOURS = ["#2E7D32", "#1D4E89", "#C62828", "#EF6C00", "#6A1B9A", "#455A64"]


def areas_for(layout_key: str, actions: list[dict]) -> list[dict]:
    layout = LAYOUTS_BY_KEY[layout_key]
    return [
        {"key": f"k{index}", "x": x, "y": y, "w": w, "h": h, **action}
        for index, ((x, y, w, h), action) in enumerate(
            zip(layout.cells, actions, strict=True)
        )
    ]


def make_menu(
    *,
    name: str = "通常メニュー",
    purpose: str = RichMenu.Purpose.NORMAL,
    layout: str = "full-4",
    actions: list[dict] | None = None,
    image: bytes | None = None,
    chat_bar_text: str = "メニュー",
) -> RichMenu:
    actions = actions or [
        {"label": "避難所", "action": "postback", "postback": "shelters"},
        {"label": "防災情報", "action": "postback", "postback": "disaster_latest"},
        {
            "label": "市のサイト",
            "action": "url",
            "url": "https://www.city.otake.hiroshima.jp/",
        },
        {"label": "ごみ", "action": "text", "text": "ペットボトルは？"},
    ]
    cells = list(LAYOUTS_BY_KEY[layout].cells)
    size = LAYOUTS_BY_KEY[layout].size
    data = image or draw_menu(
        size, cells, [a["label"] for a in actions], COLOURS[: len(cells)]
    )
    menu = RichMenu(
        name=name,
        purpose=purpose,
        chat_bar_text=chat_bar_text,
        size=size,
        areas=areas_for(layout, actions),
        live=False,
    )
    menu.image.save("menu.png", ContentFile(data), save=False)
    menu.save()
    return menu


def publish(menu: RichMenu, capture, user=None):
    """Publish the latest state as a new revision, running the on-commit LINE work."""
    with capture(execute=True):
        revision = menu.save_revision(user=user)
        revision.publish(user=user)
    return revision


def png(width: int, height: int, *, noise: bool = False, fmt: str = "PNG") -> bytes:
    """A plain image, or (``noise``) photo-like detail: large as PNG, small as JPEG."""
    if noise:
        small = (width // 5, height // 5)
        image = Image.frombytes("RGB", small, os.urandom(small[0] * small[1] * 3))
        image = image.resize((width, height), Image.Resampling.BILINEAR)
    else:
        image = Image.new("RGB", (width, height), "#1D4E89")
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()

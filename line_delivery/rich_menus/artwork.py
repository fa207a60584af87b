"""Simple, legible menu images drawn with Pillow (demo menus, and a starting point).

Each cell gets a colour and a large Japanese label in Noto Sans CJK when the machine
has it (Debian ``fonts-noto-cjk``); otherwise Pillow's default font is used, which has
no Japanese glyphs, so the label falls back to the cell number.
"""

from __future__ import annotations

from functools import cache
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .layouts import SIZES, cells_to_bounds


FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/ヒラギノ角ゴシック W6.ttc",
)
JAPANESE_FACE_INDEX = 0  # the .ttc's first face is JP


@cache
def _font_path() -> str | None:
    return next((path for path in FONT_CANDIDATES if Path(path).exists()), None)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    path = _font_path()
    if path:
        return ImageFont.truetype(path, size, index=JAPANESE_FACE_INDEX)
    return ImageFont.load_default(size=size)


def draw_menu(
    size_key: str,
    cells: list[tuple[float, float, float, float]],
    labels: list[str],
    colours: list[str],
) -> bytes:
    """A PNG of the menu: one coloured tile with a centred label per cell."""
    menu = SIZES[size_key]
    image = Image.new("RGB", (menu.width, menu.height), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    for number, (bounds, label, colour) in enumerate(
        zip(cells_to_bounds(cells, size_key), labels, colours, strict=True), start=1
    ):
        box = (
            bounds["x"] + 6,
            bounds["y"] + 6,
            bounds["x"] + bounds["width"] - 6,
            bounds["y"] + bounds["height"] - 6,
        )
        draw.rounded_rectangle(box, radius=36, fill=colour)
        text = label if _font_path() else str(number)
        font_size = min(150, int(bounds["width"] * 0.8 / max(1, len(text))))
        font = _font(max(40, font_size))
        centre = (
            bounds["x"] + bounds["width"] / 2,
            bounds["y"] + bounds["height"] / 2,
        )
        draw.text(centre, text, fill="#FFFFFF", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()

"""Menu sizes and area layouts, as in LINE Official Account Manager.

A layout is a list of cells in fractions of the menu (x, y, width, height in 0..1), so
one definition serves both pixel sizes; ``cells_to_bounds`` turns them into LINE's
integer bounds that tile the image exactly (no gaps from rounding).
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuSize:
    key: str
    label: Any
    width: int
    height: int


SIZES: dict[str, MenuSize] = {
    "full": MenuSize("full", _("大（2500×1686）"), 2500, 1686),
    "half": MenuSize("half", _("小（2500×843）"), 2500, 843),
}

Cell = tuple[float, float, float, float]

THIRD = 1 / 3
TWO_THIRDS = 2 / 3


@dataclass(frozen=True)
class Layout:
    key: str
    label: Any
    size: str
    cells: tuple[Cell, ...]


LAYOUTS: tuple[Layout, ...] = (
    # 大 (full): 6, 4, 3, 2 and 1 cells, and "large + small" combinations.
    Layout(
        "full-6",
        _("6分割"),
        "full",
        tuple((c * THIRD, r * 0.5, THIRD, 0.5) for r in range(2) for c in range(3)),
    ),
    Layout(
        "full-4",
        _("4分割"),
        "full",
        tuple((c * 0.5, r * 0.5, 0.5, 0.5) for r in range(2) for c in range(2)),
    ),
    Layout(
        "full-1-3",
        _("上に大1つ＋下に小3つ"),
        "full",
        ((0, 0, 1, 0.5), *((c * THIRD, 0.5, THIRD, 0.5) for c in range(3))),
    ),
    Layout(
        "full-1-2-side",
        _("左に大1つ＋右に小2つ"),
        "full",
        (
            (0, 0, TWO_THIRDS, 1),
            (TWO_THIRDS, 0, THIRD, 0.5),
            (TWO_THIRDS, 0.5, THIRD, 0.5),
        ),
    ),
    Layout(
        "full-1-2",
        _("上に大1つ＋下に小2つ"),
        "full",
        ((0, 0, 1, 0.5), (0, 0.5, 0.5, 0.5), (0.5, 0.5, 0.5, 0.5)),
    ),
    Layout("full-2", _("上下2分割"), "full", ((0, 0, 1, 0.5), (0, 0.5, 1, 0.5))),
    Layout("full-2-cols", _("左右2分割"), "full", ((0, 0, 0.5, 1), (0.5, 0, 0.5, 1))),
    Layout(
        "full-3-cols",
        _("縦3分割"),
        "full",
        tuple((c * THIRD, 0, THIRD, 1) for c in range(3)),
    ),
    Layout("full-1", _("1つ（全体）"), "full", ((0, 0, 1, 1),)),
    # 小 (half)
    Layout(
        "half-3", _("3分割"), "half", tuple((c * THIRD, 0, THIRD, 1) for c in range(3))
    ),
    Layout("half-2", _("2分割"), "half", ((0, 0, 0.5, 1), (0.5, 0, 0.5, 1))),
    Layout(
        "half-1-1",
        _("左に大1つ＋右に小1つ"),
        "half",
        ((0, 0, TWO_THIRDS, 1), (TWO_THIRDS, 0, THIRD, 1)),
    ),
    Layout("half-1", _("1つ（全体）"), "half", ((0, 0, 1, 1),)),
)

LAYOUTS_BY_KEY = {layout.key: layout for layout in LAYOUTS}


def cells_to_bounds(cells: list[Cell] | tuple[Cell, ...], size: str) -> list[dict]:
    """LINE bounds in pixels; shared edges round to the same pixel so cells tile."""
    menu = SIZES[size]
    bounds = []
    for x, y, width, height in cells:
        left, top = round(x * menu.width), round(y * menu.height)
        right = min(menu.width, round((x + width) * menu.width))
        bottom = min(menu.height, round((y + height) * menu.height))
        bounds.append(
            {"x": left, "y": top, "width": right - left, "height": bottom - top}
        )
    return bounds


def layouts_for_editor() -> list[dict[str, Any]]:
    """The layouts as the visual editor reads them (JSON in a data attribute)."""
    return [
        {
            "key": layout.key,
            "label": str(layout.label),
            "size": layout.size,
            "cells": [list(cell) for cell in layout.cells],
        }
        for layout in LAYOUTS
    ]

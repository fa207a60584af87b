"""Rich-menu images drawn from the menu itself: no designer needed (「画像を自動で作る」).

Each tap area becomes one tile in the chosen theme's colours, with an icon and the
area's label in large Noto Sans CJK Bold (Debian ``fonts-noto-cjk``, installed by the
Dockerfile and ``scripts/ensure_system_packages.sh``). Icons are Tabler's outline SVGs
vendored in ``icons/`` (MIT), rasterised by CairoSVG in the tile's text colour.

A label is never cut: it is wrapped (up to three lines, breaking where Japanese allows)
and shrunk until it fits its tile; when that makes it too small to read on a phone,
or its icon had to go to make room, the result carries a Japanese warning for staff.
The output is a PNG of exactly the menu's size, under LINE's 1 MB (``images.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
import io
from itertools import combinations
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from PIL import Image, ImageDraw, ImageFont
import regex

from .images import MAX_BYTES, fix_image
from .layouts import SIZES, cells_to_bounds


ICON_DIR = Path(__file__).resolve().parent / "icons"
FONT_NAME = "NotoSansCJK-Bold.ttc"
FONT_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto") / FONT_NAME,  # Debian fonts-noto-cjk
    Path("/usr/share/fonts/noto-cjk") / FONT_NAME,  # Fedora, Arch
    Path("/usr/local/share/fonts") / FONT_NAME,
)
FONT_SEARCH_ROOT = Path("/usr/share/fonts")
JAPANESE_FACE_INDEX = 0  # the .ttc's first face is Noto Sans CJK JP

#: LINE shows the 2500-px-wide image across a phone's width (about 375 pt), so 100 px
#: of text is about 15 pt; phones' body text is 17 pt, and smaller than 15 pt is hard
#: to read at a glance for many elderly residents.
READABLE_PX = 100
SMALLEST_PX = 28
LARGEST_PX = 170
MAX_LINES = 3
#: Three lines are a paragraph, not a button: drawn, but staff are told.
READABLE_LINES = 2
GUTTER = 8
RADIUS = 40
LINE_SPACING = 1.2

#: A line never starts with these (Japanese 行頭禁則), nor ends with the openers.
NO_LINE_START = set(
    "、。，．・：；？！ー―‐〜～…‥）」』】〕〉》’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ!?,.:;)]}%"
)
NO_LINE_END = set("（「『【〔〈《‘“([{")
HONORIFIC_PREFIXES = set("おご")  # お|知らせ would split a word
#: A line may well end after these (particles and punctuation).
NATURAL_AFTER = set("のとをにはがでやへ、。・）」』")


class ArtworkUnavailable(RuntimeError):
    """The server cannot draw Japanese text (the font package is missing)."""


@dataclass(frozen=True)
class Icon:
    key: str
    label: Any
    #: Words in a button's name (or the fixed reply it shows) that suggest this icon.
    hints: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return ICON_DIR / f"{self.key}.svg"


ICONS: tuple[Icon, ...] = (
    Icon("trash", gettext_lazy("ごみ"), ("ごみ", "ゴミ", "収集", "garbage_today")),
    Icon("recycle", gettext_lazy("分別・リサイクル"), ("分け方", "分別", "資源")),
    Icon("calendar-event", gettext_lazy("カレンダー"), ("カレンダー", "日程", "予定")),
    Icon(
        "alert-triangle",
        gettext_lazy("防災・警報"),
        ("防災", "災害", "警報", "危険", "disaster_latest"),
    ),
    Icon("home-shield", gettext_lazy("避難所"), ("避難", "shelters")),
    Icon(
        "speakerphone",
        gettext_lazy("お知らせ"),
        ("お知らせ", "新着", "広報", "ニュース"),
    ),
    Icon("settings", gettext_lazy("受信設定"), ("設定", "settings")),
    Icon(
        "phone",
        gettext_lazy("問い合わせ・電話"),
        ("問い合わせ", "問合せ", "電話", "連絡"),
    ),
    Icon(
        "messages",
        gettext_lazy("相談・チャット"),
        ("相談", "チャット", "質問", "staff"),
    ),
    Icon("clipboard-list", gettext_lazy("アンケート"), ("アンケート", "調査")),
    Icon("camera", gettext_lazy("通報（写真）"), ("通報", "報告", "写真")),
    Icon("map-pin", gettext_lazy("地図・場所"), ("地図", "場所", "マップ")),
    Icon("world", gettext_lazy("ホームページ"), ("サイト", "ホームページ", "HP")),
    Icon("help", gettext_lazy("使い方・ヘルプ"), ("使い方", "ヘルプ", "help")),
    Icon("baby-carriage", gettext_lazy("子育て"), ("子育て", "子ども", "母子")),
    Icon("first-aid-kit", gettext_lazy("健康・医療"), ("健康", "医療", "病院", "救急")),
    Icon("cloud-rain", gettext_lazy("天気・雨"), ("天気", "雨", "気象")),
    Icon("bell", gettext_lazy("通知"), ("通知",)),
    Icon("bus", gettext_lazy("交通・バス"), ("バス", "交通")),
    Icon("arrow-back-up", gettext_lazy("戻る"), ("戻る", "メニューへ")),
)
ICONS_BY_KEY = {icon.key: icon for icon in ICONS}


@dataclass(frozen=True)
class Theme:
    key: str
    label: Any
    #: The thin lines between tiles.
    gutter: str
    #: (tile colour, text and icon colour), used in turn for the tiles.
    tiles: tuple[tuple[str, str], ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        "city",
        gettext_lazy("市の色（青と緑）"),
        "#FFFFFF",
        (("#1D4E89", "#FFFFFF"), ("#00695C", "#FFFFFF"), ("#0B5394", "#FFFFFF")),
    ),
    Theme(
        "colourful",
        gettext_lazy("色分け（ボタンごとに違う色）"),
        "#FFFFFF",
        (
            ("#1D4E89", "#FFFFFF"),
            ("#2E7D32", "#FFFFFF"),
            ("#BF360C", "#FFFFFF"),
            ("#6A1B9A", "#FFFFFF"),
            ("#00695C", "#FFFFFF"),
            ("#AD1457", "#FFFFFF"),
        ),
    ),
    Theme(
        "light",
        gettext_lazy("白っぽい地に濃い文字（やさしい色）"),
        "#90A4AE",
        (("#E8F0FA", "#0D2F5A"), ("#E8F5E9", "#1B4D1F"), ("#FFF4E0", "#5D2E00")),
    ),
    Theme(
        "disaster",
        gettext_lazy("災害時（赤と黄色）"),
        "#FFFFFF",
        (("#B71C1C", "#FFFFFF"), ("#FFD600", "#212121"), ("#212121", "#FFFFFF")),
    ),
    Theme(
        "high-contrast",
        gettext_lazy("白黒反転（いちばん見やすい）"),
        "#FFE600",
        (("#000000", "#FFE600"),),
    ),
)
THEMES_BY_KEY = {theme.key: theme for theme in THEMES}
DEFAULT_THEME = "city"


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_ink(fill: str) -> str:
    """White or near-black text, whichever contrasts more with ``fill``."""
    return max(("#FFFFFF", "#1A1A1A"), key=lambda ink: contrast_ratio(fill, ink))


@dataclass(frozen=True)
class Tile:
    """One tap area as drawn: pixel bounds, label, icon key ("" for none), colours."""

    bounds: dict[str, int]
    label: str
    icon: str
    fill: str
    ink: str


@dataclass
class Artwork:
    data: bytes
    extension: str
    warnings: list[str] = field(default_factory=list)


@cache
def font_path() -> Path | None:
    for candidate in FONT_CANDIDATES:
        if candidate.is_file():
            return candidate
    if FONT_SEARCH_ROOT.is_dir():
        return next(iter(sorted(FONT_SEARCH_ROOT.rglob(FONT_NAME))), None)
    return None


def require_font() -> Path:
    path = font_path()
    if path is None:
        raise ArtworkUnavailable(
            _(
                "日本語の文字を描くフォント（Noto Sans CJK）がサーバーにないため、"
                "画像を自動で作れません。IT担当者に Debian のパッケージ fonts-noto-cjk の"
                "インストールを依頼してください。それまでは、用意した画像をアップロードして"
                "使えます。"
            )
        )
    return path


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(require_font()), size, index=JAPANESE_FACE_INDEX)


def suggest_icon(label: str, postback: str = "") -> str:
    """The icon whose hint appears in the label (or the fixed reply), or "" (none)."""
    for icon in ICONS:
        if any(hint in label or hint == postback for hint in icon.hints):
            return icon.key
    return ""


@cache
def _icon_image(key: str, size: int, ink: str) -> Image.Image | None:
    """The icon in ``ink`` at ``size`` px, or None when the server lacks libcairo2."""
    try:
        import cairosvg  # loads libcairo2 (cairocffi raises OSError without it)
    except (ImportError, OSError):
        return None
    svg = ICONS_BY_KEY[key].path.read_text().replace("currentColor", ink)
    png = cairosvg.svg2png(
        bytestring=svg.encode(), output_width=size, output_height=size
    )
    return Image.open(io.BytesIO(png)).convert("RGBA")


def _units(label: str) -> list[str]:
    """What may not be split: a grapheme, or a run of Latin letters and digits."""
    return regex.findall(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]+|\X", label)


def _script(unit: str) -> str:
    if regex.match(r"\p{Han}", unit):
        return "kanji"
    if regex.match(r"[\p{Katakana}ー]", unit):
        return "katakana"
    if regex.match(r"\p{Hiragana}", unit):
        return "hiragana"
    return "other"


def _break_allowed(before: str, after: str) -> bool:
    return after[:1] not in NO_LINE_START and before[-1:] not in NO_LINE_END


def _break_is_natural(before: str, after: str) -> bool:
    """Between words, roughly: after a particle or punctuation, or where the script
    changes from kana to kanji or between katakana and the rest (子育て|支援)."""
    if before[-1:] in NATURAL_AFTER:
        return True
    first, second = _script(before), _script(after)
    if first == second or before[-1:] in HONORIFIC_PREFIXES:
        return False
    return first == "hiragana" or "katakana" in (first, second)


@dataclass
class _Option:
    lines: list[str]
    unnatural: int  # breaks inside a word


def _line_options(label: str, count: int) -> list[_Option]:
    """Ways to put ``label`` on ``count`` lines; only at its spaces when it has them."""
    text = " ".join(label.split())
    if count == 1:
        return [_Option([text], 0)]
    words = text.split(" ")
    spaced = len(words) > 1
    units = words if spaced else _units(text)
    joiner = " " if spaced else ""
    breaks = [
        i
        for i in range(1, len(units))
        if spaced or _break_allowed(units[i - 1], units[i])
    ]
    options = []
    for cut in combinations(breaks, count - 1):
        edges = (0, *cut, len(units))
        unnatural = (
            0
            if spaced
            else sum(not _break_is_natural(units[i - 1], units[i]) for i in cut)
        )
        lines = [
            joiner.join(units[a:b]) for a, b in zip(edges, edges[1:], strict=False)
        ]
        options.append(_Option(lines, unnatural))
    return options


@dataclass
class _Fit:
    size: int
    lines: list[str]


REFERENCE_PX = 100
#: How much smaller text may be to keep a word whole, or to stay on fewer lines.
UNNATURAL_BREAK_COST = 0.78
EXTRA_LINE_COST = 0.9
IMBALANCE_COST = 0.05  # between equal sizes, lines of similar length look better


def _fit_text(label: str, width: int, height: int, largest: int) -> _Fit | None:
    """The best font size and line breaks for ``label`` in the box, or None.

    Text width grows in proportion to the font size, so each way of breaking the
    label has one largest size that fits; the best is the largest, a little less
    for more lines or for breaking inside a word (アン|ケート).
    """
    reference = _font(REFERENCE_PX)
    estimates = []
    for count in range(1, MAX_LINES + 1):
        by_height = int(height / (count * LINE_SPACING))
        if by_height < SMALLEST_PX:
            break
        for option in _line_options(label, count):
            widths = [reference.getlength(line) for line in option.lines]
            widest = max(widths)
            size = min(largest, by_height, int(width * REFERENCE_PX / max(widest, 1)))
            if size < SMALLEST_PX:
                continue
            cost = (
                EXTRA_LINE_COST ** (count - 1)
                * UNNATURAL_BREAK_COST**option.unnatural
                * (1 - IMBALANCE_COST * (1 - min(widths) / max(widest, 1)))
            )
            estimates.append(
                (_rank(_Fit(size, option.lines), cost), size, cost, option)
            )
    best: tuple[tuple[bool, float], _Fit] | None = None
    # Only the most promising few are measured at their real size.
    for _estimate, size, cost, option in sorted(
        estimates, reverse=True, key=lambda e: e[0]
    )[:6]:
        while size >= SMALLEST_PX and (
            max(_font(size).getlength(line) for line in option.lines) > width
        ):
            size -= 2  # hinting makes a size's width not exactly proportional
        if size < SMALLEST_PX:
            continue
        fit = _Fit(size, option.lines)
        if best is None or _rank(fit, cost) > best[0]:
            best = (_rank(fit, cost), fit)
    return best[1] if best else None


def _rank(fit: _Fit, cost: float) -> tuple[bool, float]:
    """Two readable lines beat three larger ones; then the larger (less costs) wins."""
    return (_readable(fit), fit.size * cost)


@dataclass
class _Plan:
    fit: _Fit
    icon_size: int
    beside: bool  # icon left of the text (wide tiles), else above it


def _plan_tile(tile: Tile, inner_w: int, inner_h: int) -> _Plan | None:
    beside = inner_w >= inner_h * 2
    largest = min(LARGEST_PX, int(inner_h * 0.34))
    plans = []
    for share in (0.42, 0.3, 0.0) if tile.icon else (0.0,):
        icon_size = int(min(inner_w, inner_h) * share)
        gap = int(icon_size * 0.12)
        if beside:
            box = (inner_w - icon_size - gap, inner_h)
        else:
            box = (inner_w, inner_h - icon_size - gap)
        fit = _fit_text(tile.label, *box, largest=largest) if tile.label else None
        if fit is None and tile.label:
            continue
        plan = _Plan(fit or _Fit(0, []), icon_size, beside)
        if _readable(plan.fit) or not tile.label:
            return plan
        plans.append(plan)
    if not plans:
        return None
    # None reads well: keep the icon if the text is large enough, else the largest.
    large = [plan for plan in plans if plan.fit.size >= READABLE_PX]
    return large[0] if large else max(plans, key=lambda plan: plan.fit.size)


def _readable(fit: _Fit) -> bool:
    return fit.size >= READABLE_PX and len(fit.lines) <= READABLE_LINES


def _draw_tile(image: Image.Image, tile: Tile, gutter: str) -> list[str]:
    """Draw one tile; return what staff should know about it (Japanese)."""
    draw = ImageDraw.Draw(image)
    b = tile.bounds
    left, top = b["x"], b["y"]
    right, bottom = left + b["width"], top + b["height"]
    if b["width"] < 1 or b["height"] < 1:
        return ["too-small"]
    draw.rectangle((left, top, right - 1, bottom - 1), fill=gutter)
    inset = GUTTER // 2 if min(b["width"], b["height"]) > 4 * GUTTER else 0
    draw.rounded_rectangle(
        (left + inset, top + inset, right - 1 - inset, bottom - 1 - inset),
        radius=min(RADIUS, b["width"] // 6, b["height"] // 6),
        fill=tile.fill,
    )
    pad_x, pad_y = max(12, b["width"] // 14), max(12, b["height"] // 12)
    inner_w = max(1, b["width"] - 2 * pad_x)
    inner_h = max(1, b["height"] - 2 * pad_y)
    notes: list[str] = [f"missing:{char}" for char in _missing_glyphs(tile.label)]
    plan = _plan_tile(tile, inner_w, inner_h)
    if plan is None:  # not even at the smallest size: the area is too small
        notes.append("too-small")
        plan = _Plan(_Fit(SMALLEST_PX, [tile.label]), 0, False)
    fit = plan.fit
    font = _font(fit.size) if fit.size else None
    line_height = int(fit.size * LINE_SPACING)
    text_w = int(max((font.getlength(x) for x in fit.lines), default=0)) if font else 0
    text_h = line_height * len(fit.lines)
    gap = int(plan.icon_size * 0.12) if fit.lines else 0
    centre_x, centre_y = left + b["width"] / 2, top + b["height"] / 2
    if plan.beside:
        total = plan.icon_size + (gap if plan.icon_size else 0) + text_w
        icon_xy = (int(centre_x - total / 2), int(centre_y - plan.icon_size / 2))
        text_x = centre_x - total / 2 + total - text_w / 2
        text_top = centre_y - text_h / 2
    else:
        total = plan.icon_size + (gap if plan.icon_size else 0) + text_h
        icon_xy = (int(centre_x - plan.icon_size / 2), int(centre_y - total / 2))
        text_x = centre_x
        text_top = centre_y - total / 2 + total - text_h
    icon = _icon_image(tile.icon, plan.icon_size, tile.ink) if plan.icon_size else None
    if icon is not None:
        image.paste(icon, icon_xy, icon)
    elif plan.icon_size:
        notes.append("no-cairo")
    elif tile.icon and "too-small" not in notes:
        notes.append("icon-dropped")
    for number, line in enumerate(fit.lines):
        draw.text(
            (text_x, text_top + line_height * number + line_height / 2),
            line,
            fill=tile.ink,
            font=font,
            anchor="mm",
        )
    if fit.lines and not _readable(fit) and "too-small" not in notes:
        notes.append("too-long")
    return notes


@cache
def _notdef_mask() -> bytes:
    return bytes(_font(REFERENCE_PX).getmask("\U0010fffd"))


def _missing_glyphs(label: str) -> list[str]:
    """Characters the font has no glyph for (emoji, rare symbols): drawn as a box."""
    missing = []
    for char in dict.fromkeys(regex.findall(r"\X", label)):
        if char.isspace():
            continue
        if bytes(_font(REFERENCE_PX).getmask(char)) == _notdef_mask():
            missing.append(char)
    return missing


def _warning(number: int, label: str, note: str) -> str:
    if note == "no-cairo":
        return _(
            "領域%(n)d「%(label)s」: サーバーにアイコンを描く部品（libcairo2）がないため、"
            "アイコンなしで作りました。IT担当者にご連絡ください。"
        ) % {"n": number, "label": label}
    if note.startswith("missing:"):
        return _(
            "領域%(n)d「%(label)s」: 「%(char)s」は画像に描けない文字（絵文字など）の"
            "ため、四角で表示されます。ほかの文字に替えてください。"
        ) % {"n": number, "label": label, "char": note.removeprefix("missing:")}
    if note == "too-long":
        return _(
            "領域%(n)d「%(label)s」: 名前が長いため、文字を小さくしたり3行に分けたり"
            "しました。スマートフォンでは読みにくくなります。短い名前（2行に収まる"
            "長さ）にしてください。"
        ) % {"n": number, "label": label}
    if note == "too-small":
        return _(
            "領域%(n)d「%(label)s」: 領域が小さすぎて名前が収まりません。"
            "名前を短くするか、領域を大きくしてください。"
        ) % {"n": number, "label": label}
    if note == "icon-dropped":
        return _(
            "領域%(n)d「%(label)s」: 名前を大きく見せるため、アイコンを入れませんでした。"
        ) % {"n": number, "label": label}
    return _("領域%(n)d: ボタンの名前がないため、名前のない領域になります。") % {
        "n": number
    }


def draw_tiles(
    size_key: str, tiles: Sequence[Tile], gutter: str = "#FFFFFF"
) -> Artwork:
    """A PNG (or JPEG when a PNG would pass 1 MB) of the menu, and warnings for staff."""
    require_font()
    menu = SIZES[size_key]
    image = Image.new("RGB", (menu.width, menu.height), gutter)
    warnings = []
    for number, tile in enumerate(tiles, start=1):
        notes = _draw_tile(image, tile, gutter)
        if not tile.label.strip():
            notes = ["no-label"]
        warnings += [_warning(number, tile.label, note) for note in notes]
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    data, extension = buffer.getvalue(), "png"
    if len(data) > MAX_BYTES:
        data, extension = fix_image(data, size_key)
    return Artwork(data, extension, warnings)


def tiles_for_areas(
    size_key: str,
    areas: Sequence[dict[str, Any]],
    theme_key: str = DEFAULT_THEME,
    icons: Sequence[str] | None = None,
) -> list[Tile]:
    """Tiles for the menu's tap areas (``RichMenu.areas``) in a theme.

    ``icons`` gives each area's icon key ("" for none); by default each area's
    stored ``icon``.
    """
    theme = THEMES_BY_KEY.get(theme_key, THEMES_BY_KEY[DEFAULT_THEME])
    bounds = cells_to_bounds(
        [(float(a["x"]), float(a["y"]), float(a["w"]), float(a["h"])) for a in areas],
        size_key,
    )
    chosen = list(icons) if icons is not None else [a.get("icon", "") for a in areas]
    tiles = []
    for index, (area, area_bounds, icon) in enumerate(
        zip(areas, bounds, chosen, strict=True)
    ):
        fill, ink = theme.tiles[index % len(theme.tiles)]
        tiles.append(
            Tile(
                bounds=area_bounds,
                label=" ".join(str(area.get("label", "")).split()),
                icon=icon if icon in ICONS_BY_KEY else "",
                fill=fill,
                ink=ink,
            )
        )
    return tiles


def draw_areas(
    size_key: str,
    areas: Sequence[dict[str, Any]],
    theme_key: str = DEFAULT_THEME,
    icons: Sequence[str] | None = None,
) -> Artwork:
    """The menu image for these tap areas: what 「画像を自動で作る」 makes."""
    theme = THEMES_BY_KEY.get(theme_key, THEMES_BY_KEY[DEFAULT_THEME])
    return draw_tiles(
        size_key, tiles_for_areas(size_key, areas, theme.key, icons), theme.gutter
    )


def draw_blank_tiles(
    size_key: str, areas: Sequence[dict[str, Any]], theme_key: str = DEFAULT_THEME
) -> bytes:
    """The theme's tiles without text or icons: needs no font (demo on a bare machine)."""
    theme = THEMES_BY_KEY.get(theme_key, THEMES_BY_KEY[DEFAULT_THEME])
    menu = SIZES[size_key]
    image = Image.new("RGB", (menu.width, menu.height), theme.gutter)
    draw = ImageDraw.Draw(image)
    for tile in tiles_for_areas(size_key, areas, theme.key, [""] * len(areas)):
        b = tile.bounds
        box = (
            b["x"] + 4,
            b["y"] + 4,
            b["x"] + b["width"] - 5,
            b["y"] + b["height"] - 5,
        )
        draw.rectangle(box, fill=tile.fill)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def draw_menu(
    size_key: str,
    cells: Sequence[tuple[float, float, float, float]],
    labels: Sequence[str],
    colours: Sequence[str],
    icons: Sequence[str] | None = None,
) -> bytes:
    """A PNG with one tile per cell in the given colours (demo menus and tests).

    The text colour is whichever of white or near-black contrasts more with the tile.
    """
    bounds = cells_to_bounds(list(cells), size_key)
    chosen = list(icons) if icons is not None else [""] * len(labels)
    tiles = [
        Tile(area_bounds, label, icon, colour, readable_ink(colour))
        for area_bounds, label, colour, icon in zip(
            bounds, labels, colours, chosen, strict=True
        )
    ]
    return draw_tiles(size_key, tiles).data

"""Rich-menu image checks (clear Japanese messages) and automatic fixing with Pillow.

LINE takes JPEG or PNG of exactly the menu's declared size, at most 1 MB
(line-platform.md §1.2). Staff images often come from a design tool at another
resolution or as a large PNG; those can be fixed automatically (resized to the exact
size, recompressed), while a wrong aspect ratio or format needs a new image.
"""

from dataclasses import dataclass, field
import io

from django.utils.translation import gettext as _

from PIL import Image, UnidentifiedImageError

from .layouts import SIZES


MAX_BYTES = 1_000_000
"""LINE's "1 MB" (the emulator enforces the same number)."""

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
RATIO_TOLERANCE = 0.01


@dataclass
class ImageCheck:
    """What is wrong with an image: fatal problems, and ones a fix can remove."""

    errors: list[str] = field(default_factory=list)
    fixable: list[str] = field(default_factory=list)
    width: int = 0
    height: int = 0
    format: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.fixable


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}MB"


def check_image(data: bytes, size_key: str) -> ImageCheck:
    """Check ``data`` against LINE's rules for a menu of size ``size_key``."""
    menu = SIZES[size_key]
    result = ImageCheck()
    try:
        with Image.open(io.BytesIO(data)) as image:
            result.format = image.format or ""
            result.width, result.height = image.size
    except (UnidentifiedImageError, OSError):
        result.errors.append(
            _("画像として読み込めませんでした。JPEGかPNGの画像を選んでください。")
        )
        return result
    if result.format not in ALLOWED_FORMATS:
        result.errors.append(
            _(
                "この画像の形式（%(format)s）はLINEで使えません。"
                "JPEGかPNGで保存し直してください。"
            )
            % {"format": result.format or _("不明")}
        )
        return result
    expected_ratio = menu.width / menu.height
    ratio = result.width / result.height
    if abs(ratio - expected_ratio) / expected_ratio > RATIO_TOLERANCE:
        result.errors.append(
            _(
                "画像の縦横の比率が「%(size)s」と合いません（この画像は %(w)d×%(h)d）。"
                "%(ew)d×%(eh)d ピクセルで作り直すか、サイズの選択を確かめてください。"
            )
            % {
                "size": menu.label,
                "w": result.width,
                "h": result.height,
                "ew": menu.width,
                "eh": menu.height,
            }
        )
        return result
    if (result.width, result.height) != (menu.width, menu.height):
        result.fixable.append(
            _(
                "画像の大きさが %(w)d×%(h)d です。LINEには %(ew)d×%(eh)d ピクセルちょうどの"
                "画像が必要です。"
            )
            % {
                "w": result.width,
                "h": result.height,
                "ew": menu.width,
                "eh": menu.height,
            }
        )
    if len(data) > MAX_BYTES:
        result.fixable.append(
            _("画像のファイルサイズが %(size)s です。LINEの上限は1MBです。")
            % {"size": _mb(len(data))}
        )
    return result


def fix_image(data: bytes, size_key: str) -> tuple[bytes, str]:
    """Resize to the exact menu size and compress under 1 MB; returns (bytes, ext).

    PNG is kept when it fits (sharp text); otherwise JPEG at the best quality that fits.
    """
    menu = SIZES[size_key]
    with Image.open(io.BytesIO(data)) as source:
        image = source.convert("RGBA" if source.mode in ("RGBA", "LA", "P") else "RGB")
    if image.size != (menu.width, menu.height):
        image = image.resize((menu.width, menu.height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    if buffer.tell() <= MAX_BYTES:
        return buffer.getvalue(), "png"
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "#FFFFFF")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    for quality in (90, 85, 80, 75, 70, 60, 50, 40, 30):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        if buffer.tell() <= MAX_BYTES:
            return buffer.getvalue(), "jpg"
    raise ValueError("the image cannot be compressed under 1 MB")


def content_type(data: bytes) -> str:
    """The MIME type LINE needs in the upload's Content-Type."""
    with Image.open(io.BytesIO(data)) as image:
        return ALLOWED_FORMATS[image.format or ""]

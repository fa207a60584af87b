"""Photos residents attach: checked, re-encoded without EXIF (GPS included), encrypted.

The LIFF page already resizes in the browser (a canvas keeps no EXIF), but the
server never trusts that: every photo is decoded with Pillow, turned upright by its
EXIF orientation, shrunk to ``MAX_SIDE`` and saved again as a fresh JPEG with no
metadata, so the stored bytes carry no GPS whatever the phone sent.
"""

from dataclasses import dataclass
import io

from django.conf import settings

from PIL import Image, ImageOps, UnidentifiedImageError

from ..crypto import decrypt_bytes, encrypt_bytes
from .models import ChatPhoto, Report, ReportPhoto


MAX_PHOTOS = 4
MAX_SIDE = 1600
JPEG_QUALITY = 85


class PhotoRejected(ValueError):
    """A file that is not a photo we can read; the message is for the resident."""


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int


def clean_photo(raw: bytes) -> CleanPhoto:
    """A JPEG of the picture in ``raw`` with no EXIF, ICC or comment blocks."""
    if len(raw) > settings.REPORTS_PHOTO_MAX_BYTES:
        raise PhotoRejected("写真が大きすぎます。1枚10MBまでにしてください。")
    try:
        with Image.open(io.BytesIO(raw)) as opened:
            if opened.width * opened.height > 40_000_000:
                raise PhotoRejected("写真の画素数が多すぎます。")
            opened.load()
            picture = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise PhotoRejected(
            "写真を読み取れませんでした。JPEGかPNGの写真を選んでください。"
        ) from error
    picture = picture.convert("RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # No exif=, no icc_profile=: Pillow writes none of the original's metadata.
    picture.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanPhoto(out.getvalue(), picture.width, picture.height)


def store_photos(report: Report, photos: list[CleanPhoto]) -> list[ReportPhoto]:
    return [
        ReportPhoto.objects.create(
            report=report,
            content=encrypt_bytes(photo.data),
            width=photo.width,
            height=photo.height,
            size=len(photo.data),
            sort_order=index,
        )
        for index, photo in enumerate(photos[:MAX_PHOTOS])
    ]


def photo_bytes(photo: ReportPhoto | ChatPhoto) -> bytes:
    return decrypt_bytes(photo.content)

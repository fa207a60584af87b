"""Photos with GPS in their EXIF, categories, and residents' reports for report tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image, ImageDraw

from line_delivery.inbox.models import Department
from line_delivery.reports.models import ReportCategory


GPS_IFD = 0x8825
# 大竹市役所 near 34.2379 N, 132.2222 E: the kind of position a phone writes into EXIF.
OTAKE_GPS = {
    1: "N",
    2: (34.0, 14.0, 16.44),
    3: "E",
    4: (132.0, 13.0, 19.92),
}


def photo_with_gps(colour: str = "#8a8a8a", size=(1200, 900)) -> bytes:
    """A JPEG as a phone makes it: EXIF with the camera model and a GPS position."""
    picture = Image.new("RGB", size, colour)
    ImageDraw.Draw(picture).ellipse((300, 250, 900, 650), fill="#3b2f2f")
    exif = Image.Exif()
    exif[0x0110] = "Otake Phone 1"  # Model
    exif[0x0112] = 1  # Orientation
    exif.get_ifd(GPS_IFD).update(OTAKE_GPS)
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD), "fixture has GPS"
    return data


def upload(data: bytes, name: str = "IMG_0001.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def road_category() -> ReportCategory:
    """道路の損傷 from the data migration: routed to 環境整備."""
    return ReportCategory.objects.get(service_code="road")


def category_for(department: str, name: str, code: str, **extra) -> ReportCategory:
    return ReportCategory.objects.create(
        name=name,
        service_code=code,
        department=Department.objects.get(name=department),
        **extra,
    )


def report_at(
    category: ReportCategory,
    latitude: float,
    longitude: float,
    *,
    friend=None,
    created_at=None,
    description: str = "",
    **extra,
):
    """A report as the LIFF page stores it (routed to the category's department)."""
    from django.utils import timezone

    from line_delivery.reports.models import Report

    return Report.objects.create(
        category=category,
        department=category.department,
        friend=friend,
        latitude=latitude,
        longitude=longitude,
        description=description,
        created_at=created_at or timezone.now(),
        **extra,
    )


def metres_north(latitude: float, metres: float) -> float:
    return latitude + metres / 111_195

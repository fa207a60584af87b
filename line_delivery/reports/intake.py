"""A new report from the LIFF page or Open311: checked, routed, stored, acknowledged."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from ..crypto import decrypt_bytes
from ..models import Friend
from .geo import nearest_area, within_city
from .models import ChatPhoto, Report, ReportCategory
from .notifications import queue_receipt
from .photos import MAX_PHOTOS, CleanPhoto, PhotoRejected, clean_photo, store_photos


MAX_DESCRIPTION = 1000
MAX_ADDRESS = 200


@dataclass
class Submission:
    """What a resident (or another system) sent, before it is a report."""

    category: ReportCategory | None = None
    latitude: float | None = None
    longitude: float | None = None
    address: str = ""
    description: str = ""
    photos: list[CleanPhoto] = field(default_factory=list)
    chat_photo_ids: list[int] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def _coordinate(value: Any) -> float | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return float(number) if number.is_finite() else None


def read_submission(
    data: Any,
    photo_files: list[Any],
    *,
    categories: QuerySet[ReportCategory] | None = None,
    chat_photos: Sequence[ChatPhoto] = (),
    require_photo: bool = False,
) -> Submission:
    """Check every field; ``errors`` says in Japanese what to fix, per field.

    ``chat_photos`` are the resident's own photos from the chat chosen on the page
    (already re-encoded without EXIF when they were fetched).
    """
    submission = Submission()
    categories = categories or ReportCategory.objects.filter(active=True)
    code = str(data.get("category", "") or data.get("service_code", "")).strip()
    submission.category = (
        categories.filter(pk=int(code)).first()
        if code.isdigit()
        else categories.filter(service_code=code).first()
        if code
        else None
    )
    if submission.category is None:
        submission.errors["category"] = "通報の種類を選んでください。"
    lat, lng = (
        _coordinate(data.get("lat")),
        _coordinate(data.get("long") or data.get("lng")),
    )
    if lat is None or lng is None:
        submission.errors["place"] = "場所を地図で選ぶか、「現在地」を押してください。"
    elif not within_city(lat, lng):
        submission.errors["place"] = "市内の場所を選んでください。"
    else:
        submission.latitude, submission.longitude = round(lat, 6), round(lng, 6)
    submission.address = str(data.get("address", "") or data.get("address_string", ""))
    submission.address = submission.address.strip()[:MAX_ADDRESS]
    submission.description = str(data.get("description", "")).replace("\r\n", "\n")
    submission.description = submission.description.strip()
    if len(submission.description) > MAX_DESCRIPTION:
        submission.errors["description"] = (
            f"説明は{MAX_DESCRIPTION}文字までにしてください"
            f"（いま{len(submission.description)}文字）。"
        )
    for chat_photo in chat_photos:
        submission.photos.append(
            CleanPhoto(
                decrypt_bytes(chat_photo.content), chat_photo.width, chat_photo.height
            )
        )
        submission.chat_photo_ids.append(chat_photo.pk)
    if len(photo_files) + len(chat_photos) > MAX_PHOTOS:
        submission.errors["photos"] = f"写真は{MAX_PHOTOS}枚までです。"
    else:
        for upload in photo_files:
            try:
                submission.photos.append(clean_photo(upload.read()))
            except PhotoRejected as error:
                submission.errors["photos"] = str(error)
                break
    if require_photo and not submission.photos and "photos" not in submission.errors:
        submission.errors["photos"] = "写真を1枚以上つけてください。"
    return submission


def create_report(
    submission: Submission,
    *,
    friend: Friend | None = None,
    source: str = Report.Source.LIFF,
) -> Report:
    """Store a checked submission, routed to its category's department."""
    if submission.errors or submission.category is None:
        raise ValueError("create_report needs a submission without errors")
    with transaction.atomic():
        report = Report.objects.create(
            category=submission.category,
            department=submission.category.department,
            source=source,
            friend=friend,
            description=submission.description,
            latitude=Decimal(str(submission.latitude)),
            longitude=Decimal(str(submission.longitude)),
            address=submission.address,
            area=nearest_area(submission.latitude, submission.longitude),
        )
        store_photos(report, submission.photos)
        ChatPhoto.objects.filter(pk__in=submission.chat_photo_ids).delete()
        queue_receipt(report)
    return report

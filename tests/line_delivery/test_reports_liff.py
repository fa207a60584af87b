"""A resident reports from the LIFF page: photos lose their GPS, the report is routed."""

import io

from django.urls import reverse

from PIL import Image
import pytest

from line_delivery.reports.models import Report
from line_delivery.reports.photos import photo_bytes

from .conftest import make_friend
from .liff_helpers import liff_login, logged_in_friend
from .report_helpers import (
    GPS_IFD,
    category_for,
    photo_with_gps,
    road_category,
    upload,
)


pytestmark = pytest.mark.django_db

SUBMIT = "/liff/reports/api/submit/"
PLACE = {"lat": "34.230512", "lng": "132.218734"}


def test_a_report_with_two_photos_is_routed_and_stored_without_gps(
    client, liff_channel, django_capture_on_commit_callbacks
):
    friend = logged_in_friend(client, liff_channel)
    category_for("広報", "その他", "other")  # another department's category
    road = road_category()
    originals = [photo_with_gps("#8a8a8a"), photo_with_gps("#6a7a5a")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SUBMIT,
            {
                "category": road.pk,
                **PLACE,
                "address": "小方二丁目の交差点",
                "description": "歩道に大きな穴があります。自転車が危ないです。",
                "photos": [upload(data) for data in originals],
            },
        )
    assert response.status_code == 200, response.content
    answer = response.json()
    report = Report.objects.get()
    assert answer["receipt_number"] == report.receipt_number
    assert report.department.name == "環境整備" == answer["department"]
    assert report.friend == friend and report.state == Report.State.RECEIVED

    photos = list(report.photos.all())
    assert len(photos) == 2
    for photo, original in zip(photos, originals, strict=True):
        stored = photo_bytes(photo)
        assert b"Exif" not in stored and b"Otake Phone" not in stored
        picture = Image.open(io.BytesIO(stored))
        assert picture.format == "JPEG" and picture.size == (1200, 900)
        assert not picture.getexif().get_ifd(GPS_IFD)
        assert len(picture.getexif()) == 0
        # Encrypted at rest: the database column is not the JPEG.
        assert not bytes(photo.content).startswith(b"\xff\xd8")
        assert original[:2] == b"\xff\xd8"

    # The description is not in the database in the clear either.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM reports_report")
        (raw,) = cursor.fetchone()
    assert "歩道" not in raw

    # One push with the receipt number.
    pushes = liff_channel.received_texts(friend.line_user_id)
    assert len(pushes) == 1
    assert report.receipt_number in pushes[0] and "道路の損傷" in pushes[0]


def test_missing_category_and_place_are_explained_in_japanese(client, liff_channel):
    logged_in_friend(client, liff_channel)
    response = client.post(SUBMIT, {"description": "穴"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["category"] == "通報の種類を選んでください。"
    assert "場所" in errors["place"]
    assert not Report.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(client, liff_channel):
    logged_in_friend(client, liff_channel)
    response = client.post(
        SUBMIT,
        {
            "category": road_category().pk,
            **PLACE,
            "photos": [upload(b"%PDF-1.4 not a photo", "a.jpg")],
        },
    )
    assert response.status_code == 400
    assert "写真を読み取れませんでした" in response.json()["errors"]["photos"]


def test_five_photos_are_too_many(client, liff_channel):
    logged_in_friend(client, liff_channel)
    photo = photo_with_gps(size=(40, 30))
    response = client.post(
        SUBMIT,
        {
            "category": road_category().pk,
            **PLACE,
            "photos": [upload(photo) for _ in range(5)],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"]["photos"] == "写真は4枚までです。"


def test_a_place_outside_the_city_is_refused(client, liff_channel):
    logged_in_friend(client, liff_channel)
    response = client.post(
        SUBMIT, {"category": road_category().pk, "lat": "35.68", "lng": "139.76"}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["place"] == "市内の場所を選んでください。"


def test_not_logged_in_gets_401_and_no_report(client, liff_channel):
    response = client.post(SUBMIT, {"category": road_category().pk, **PLACE})
    assert response.status_code == 401
    assert not Report.objects.exists()


def test_a_resident_sees_only_their_own_reports(client, liff_channel):
    mine = logged_in_friend(client, liff_channel)
    other = make_friend()
    road = road_category()
    own = Report.objects.create(
        category=road,
        department=road.department,
        friend=mine,
        latitude=34.23,
        longitude=132.21,
    )
    theirs = Report.objects.create(
        category=road,
        department=road.department,
        friend=other,
        latitude=34.23,
        longitude=132.21,
    )
    page = client.get(reverse("reports:mine")).content.decode()
    assert own.receipt_number in page and theirs.receipt_number not in page
    assert client.get(reverse("reports:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("reports:detail", args=[theirs.pk])).status_code == 404
    liff_login(client, liff_channel, other)
    assert client.get(reverse("reports:detail", args=[theirs.pk])).status_code == 200


def test_a_photo_sent_in_the_chat_starts_a_report_with_that_photo(
    client, liff_channel, django_capture_on_commit_callbacks
):
    from line_delivery.reports.models import ChatPhoto

    from .inbox_helpers import image
    from .webhook_helpers import body_for, post_webhook

    friend = make_friend()
    event = image(liff_channel, friend.line_user_id, photo_with_gps(size=(800, 600)))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_webhook(client, body_for(event), "fake-channel-secret")
    assert response.status_code == 200
    [answer] = liff_channel.received(friend.line_user_id)
    assert "通報" in answer.text and "そのまま使えます" in answer.text
    [report_button, _other] = answer.message["quickReply"]["items"]
    assert report_button["action"]["label"] == "通報する"
    assert report_button["action"]["uri"].endswith("/liff/reports/new/")
    kept = ChatPhoto.objects.get(friend=friend)
    assert kept.status == ChatPhoto.Status.STORED
    assert b"Exif" not in photo_bytes(kept) and b"Otake Phone" not in photo_bytes(kept)

    # Another resident cannot see it.
    liff_login(client, liff_channel, make_friend())
    assert client.get(reverse("reports:chat_photo", args=[kept.pk])).status_code == 404
    assert (
        "チャットで送った写真"
        not in client.get(reverse("reports:new")).content.decode()
    )

    liff_login(client, liff_channel, friend)
    page = client.get(reverse("reports:new")).content.decode()
    assert "道路の損傷" in page and "チャットで送った写真" in page
    shown = client.get(reverse("reports:chat_photo", args=[kept.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SUBMIT,
            {
                "category": road_category().pk,
                **PLACE,
                "chat_photos": [kept.pk],
                "photos": [upload(photo_with_gps("#6a7a5a", size=(400, 300)))],
            },
        )
    assert response.status_code == 200, response.content
    report = Report.objects.get(friend=friend)
    assert sorted(p.width for p in report.photos.all()) == [400, 800]
    assert not ChatPhoto.objects.filter(pk=kept.pk).exists()  # used once, then gone


def test_too_many_reports_in_an_hour_are_refused_politely(
    client, liff_channel, settings
):
    settings.LIFF_RATE_LIMITS = {**settings.LIFF_RATE_LIMITS, "reports": (1, 3600.0)}
    logged_in_friend(client, liff_channel)
    fields = {"category": road_category().pk, **PLACE}
    assert client.post(SUBMIT, fields).status_code == 200
    refused = client.post(SUBMIT, fields)
    assert refused.status_code == 429
    assert "しばらくしてから" in refused.json()["message"]
    assert Report.objects.count() == 1

"""A resident reports a pothole on a phone (375×812); staff triage it on a PC (1366×900)."""

import io

from django.urls import reverse

from PIL import Image
import pytest

from home.models import Area
from line_delivery.reports.models import (
    AreaPoint,
    ChatPhoto,
    Report,
    ReportNotification,
)
from line_delivery.reports.photos import photo_bytes
from tests.browser import sign_in_browser

from .conftest import make_friend
from .inbox_helpers import staff
from .report_helpers import (
    GPS_IFD,
    metres_north,
    photo_with_gps,
    report_at,
    road_category,
)


# live_server needs committed data; serialized_rollback restores the migrations' rows.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HERE = {"latitude": 34.2305, "longitude": 132.2187}


def test_resident_reports_a_pothole_with_two_photos_from_the_liff_page(
    live_server, phone, shoot, tmp_path, sandbox
):
    ogata = Area.objects.create(name="小方地区")
    AreaPoint.objects.create(area=ogata, latitude=34.2300, longitude=132.2190)
    kuba = Area.objects.create(name="玖波地区")
    AreaPoint.objects.create(area=kuba, latitude=34.2700, longitude=132.2300)
    friend = make_friend()
    friend.is_sandbox = True
    friend.save()
    files = []
    for index, colour in enumerate(("#8a8a8a", "#6a7a5a")):
        path = tmp_path / f"IMG_000{index}.jpg"
        path.write_bytes(photo_with_gps(colour, size=(2400, 1800)))
        files.append(str(path))
    # A photo the resident sent in the chat earlier is offered too.
    from line_delivery.crypto import encrypt_bytes
    from line_delivery.reports.photos import clean_photo

    sent = clean_photo(photo_with_gps("#5a5a7a", size=(640, 480)))
    ChatPhoto.objects.create(
        friend=friend,
        line_message_id="700000000000000999",
        status=ChatPhoto.Status.STORED,
        content=encrypt_bytes(sent.data),
        width=sent.width,
        height=sent.height,
    )
    phone.context.grant_permissions(["geolocation"], origin=live_server.url)
    phone.context.set_geolocation(HERE)

    phone.goto(f"{live_server.url}/liff/reports/new/?sandbox_friend={friend.pk}")
    phone.get_by_role("heading", name="道路や公園の不具合を知らせる").wait_for()
    shoot(phone, "report-form")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    # Nothing chosen yet: the page says what is missing, in Japanese.
    phone.get_by_role("button", name="確認する").click()
    phone.get_by_text("通報の種類を選んでください。").wait_for()
    assert phone.get_by_text("場所を地図で選ぶか").is_visible()

    phone.get_by_label("道路の損傷").check()
    phone.locator("#report-photos").set_input_files(files)
    phone.get_by_role("button", name="写真2を外す").wait_for()
    # Resized in the browser before sending (2400 px → 1600 px).
    assert (
        phone.get_by_alt_text("写真1", exact=True).evaluate("img => img.naturalWidth")
        == 1600
    )
    phone.get_by_role("button", name="現在地を使う").click()
    phone.get_by_text("小方地区の近く").wait_for()
    phone.get_by_label("目印・住所").fill("小方二丁目の交差点の近く")
    phone.get_by_label("どんな様子ですか").fill("歩道に大きな穴があいています")
    for button in ("確認する", "現在地を使う", "写真1を外す"):
        box = phone.get_by_role("button", name=button).bounding_box()
        assert box["height"] >= 44, button
    shoot(phone, "report-filled")

    phone.get_by_role("button", name="確認する").click()
    phone.get_by_role("heading", name="この内容で送りますか").wait_for()
    assert phone.locator("[data-confirm=category]").inner_text() == "道路の損傷"
    assert phone.locator(".confirm-photo").count() == 3  # two new, one from the chat
    shoot(phone, "report-confirm")

    phone.get_by_role("button", name="送信する").click()
    phone.get_by_role("heading", name="受け付けました").wait_for()
    receipt = phone.locator("[data-receipt]").inner_text()
    shoot(phone, "report-receipt")

    report = Report.objects.get()
    assert receipt == report.receipt_number
    assert report.department.name == "環境整備" and report.area == ogata
    assert report.description == "歩道に大きな穴があいています"
    assert report.photos.count() == 3
    for photo in report.photos.all():
        picture = Image.open(io.BytesIO(photo_bytes(photo)))
        assert not picture.getexif().get_ifd(GPS_IFD) and len(picture.getexif()) == 0
    assert sorted(max(p.width, p.height) for p in report.photos.all()) == [
        640,
        1600,
        1600,
    ]
    assert not ChatPhoto.objects.exists()
    notification = ReportNotification.objects.get(report=report)
    assert notification.status == ReportNotification.Status.SENT
    assert receipt in sandbox.received(friend.line_user_id)[-1].text

    phone.get_by_role("link", name="通報の状況を見る").click()
    phone.get_by_role("heading", name="通報の状況").wait_for()
    assert receipt in phone.content()
    shoot(phone, "report-status")


def test_staff_triage_a_report_on_the_list_and_map_and_notify_the_resident(
    live_server, line_channel, desktop, shoot
):
    road = road_category()
    resident = make_friend()
    report = report_at(
        road, 34.2305, 132.2187, friend=resident, description="歩道に大きな穴があります"
    )
    twin = report_at(road, metres_north(34.2305, 25), 132.2187, friend=make_friend())
    report_at(road, 34.2405, 132.2287)
    member = staff("環境整備", "kankyo")
    sign_in_browser(desktop.context, live_server, member)

    desktop.goto(f"{live_server.url}{reverse('reports_admin:list')}")
    desktop.get_by_role("link", name=report.receipt_number).wait_for()
    desktop.locator(".leaflet-marker-icon").first.wait_for()
    assert desktop.locator(".leaflet-marker-icon").count() == 3
    assert desktop.locator(".report-map.no-tiles").count() == 1  # no tile URL set
    shoot(desktop, "triage-list-and-map")

    desktop.get_by_role("link", name=twin.receipt_number).click()
    desktop.get_by_role("heading", name="近くの同じ種類の通報（重複の候補）").wait_for()
    assert (
        f"通報 {report.receipt_number}"
        in desktop.locator(".report-candidates").inner_text()
    )
    shoot(desktop, "duplicate-suggested")
    desktop.get_by_role("button", name="この通報に統合する").click()
    desktop.get_by_text(f"通報 {report.receipt_number} に統合しました。").wait_for()
    assert twin.receipt_number in desktop.content()

    desktop.get_by_label("新しい状態").select_option(label="対応中")
    desktop.get_by_label("定型文", exact=True).select_option(
        label="確認します（対応中）"
    )
    message_box = desktop.locator("#report-message")
    assert "担当者が現地を確認し" in message_box.input_value()
    message_box.fill(message_box.input_value() + "今週中に伺います。")
    desktop.get_by_role("button", name="状態を変える").click()
    desktop.get_by_text("状態を「対応中」にしました。").wait_for()
    desktop.get_by_text("住民へのお知らせ: 送信済み").wait_for()
    shoot(desktop, "state-changed-and-notified")

    texts = line_channel.received_texts(resident.line_user_id)
    assert len(texts) == 1 and report.receipt_number in texts[0]
    assert "担当者が現地を確認し" in texts[0] and "今週中に伺います。" in texts[0]

    desktop.get_by_label("新しい状態").select_option(label="対応できません")
    desktop.get_by_role("button", name="状態を変える").click()
    desktop.get_by_text("理由を入力してください").wait_for()
    shoot(desktop, "refusal-needs-a-reason")
    assert len(line_channel.received_texts(resident.line_user_id)) == 1

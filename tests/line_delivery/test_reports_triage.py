"""Staff triage a report: state changes notify the resident once, duplicates are
suggested and merged, every view is audited, other departments are refused."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from cms.models import AuditEntry
from line_delivery.reports.models import (
    Report,
    ReportCategory,
    ReportNotification,
    ReportSettings,
    ResponseTemplate,
)
from line_delivery.reports.tasks import purge_expired_reports
from tests.auth import sign_in_verified

from .conftest import make_friend
from .inbox_helpers import staff
from .report_helpers import (
    category_for,
    metres_north,
    photo_with_gps,
    report_at,
    road_category,
)


pytestmark = pytest.mark.django_db

LAT, LNG = 34.2305, 132.2187


@pytest.fixture
def kankyo(client):
    """A 環境整備 staff member signed in (both factors)."""
    member = staff("環境整備", "kankyo")
    sign_in_verified(client, member)
    return member


def state_url(report: Report) -> str:
    return reverse("reports_admin:state", args=[report.pk])


def test_a_state_change_notifies_the_resident_exactly_once(
    client, kankyo, line_channel, django_capture_on_commit_callbacks
):
    friend = make_friend()
    report = report_at(road_category(), LAT, LNG, friend=friend, description="穴")
    template = ResponseTemplate.objects.get(title="確認します")
    # LINE accepts the push but the answer is lost: the retry (same key) gets 409.
    line_channel.faults.fail_after_accept(
        status=500, count=1, endpoints=["pushMessage"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            state_url(report),
            {"state": "in_progress", "template": template.pk, "notify": "1"},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.IN_PROGRESS

    texts = line_channel.received_texts(friend.line_user_id)
    assert len(texts) == 1
    assert texts[0].startswith(f"【通報 {report.receipt_number}】対応中")
    assert template.text in texts[0]
    pushes = line_channel.requests_for("pushMessage")
    assert [p.status for p in pushes] == [500, 409]
    assert len({p.retry_key for p in pushes}) == 1 and pushes[0].retry_key
    notification = ReportNotification.objects.get(report=report)
    assert notification.status == ReportNotification.Status.SENT

    # Sending the same task again (a redelivered Celery message) sends nothing.
    from line_delivery.reports.tasks import send_notification

    send_notification.delay(notification.pk)
    assert len(line_channel.received_texts(friend.line_user_id)) == 1

    # Going on to 完了 without 知らせる: no push.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(state_url(report), {"state": "closed"})
    report.refresh_from_db()
    assert report.state == Report.State.CLOSED and report.closed_at
    assert len(line_channel.received_texts(friend.line_user_id)) == 1


def test_refusing_needs_a_reason_which_the_resident_reads(
    client, kankyo, line_channel, django_capture_on_commit_callbacks
):
    friend = make_friend()
    report = report_at(road_category(), LAT, LNG, friend=friend)
    response = client.post(state_url(report), {"state": "refused", "notify": "1"})
    assert response.status_code == 400
    assert "理由を入力してください" in response.content.decode()
    report.refresh_from_db()
    assert report.state == Report.State.RECEIVED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            state_url(report),
            {
                "state": "refused",
                "reason": "県道のため県に連絡しました",
                "message": "広島県西部建設事務所が対応します。",
                "notify": "1",
            },
        )
    (text,) = line_channel.received_texts(friend.line_user_id)
    assert "対応できません（理由: 県道のため県に連絡しました）" in text
    assert "広島県西部建設事務所" in text


def test_an_impossible_move_is_refused_in_japanese(client, kankyo):
    report = report_at(road_category(), LAT, LNG, state=Report.State.CLOSED)
    response = client.post(state_url(report), {"state": "refused", "reason": "x"})
    assert response.status_code == 400
    assert (
        "「完了」から「対応できません」には変えられません" in response.content.decode()
    )


def test_a_too_long_public_note_is_refused_and_kept_never_cut(client, kankyo):
    report = report_at(road_category(), LAT, LNG, public_note="歩道の穴")
    note = "歩道の穴を補修しました。" * 17  # 204 characters
    response = client.post(
        reverse("reports_admin:public_note", args=[report.pk]), {"public_note": note}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "「公開用のひとこと」は200文字までです（いま204文字）" in page
    assert f'value="{note}"' in page  # what staff typed stays in the field
    report.refresh_from_db()
    assert report.public_note == "歩道の穴"


def test_duplicates_close_in_space_and_time_are_suggested_and_merged(
    client, kankyo, line_channel, django_capture_on_commit_callbacks
):
    road = road_category()
    first = report_at(
        road, LAT, LNG, created_at=timezone.now() - datetime.timedelta(days=2)
    )
    repeater = make_friend()
    close = report_at(road, metres_north(LAT, 30), LNG, friend=repeater)
    far = report_at(road, metres_north(LAT, 400), LNG)
    old = report_at(
        road, LAT, LNG, created_at=timezone.now() - datetime.timedelta(days=60)
    )
    other_kind = report_at(category_for("環境整備", "側溝", "gutter"), LAT, LNG)

    page = client.get(reverse("reports_admin:detail", args=[close.pk])).content.decode()
    assert f"通報 {first.receipt_number}" in page
    for unrelated in (far, old, other_kind):
        assert unrelated.receipt_number not in page
    assert "約30m" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports_admin:merge", args=[close.pk]), {"into": first.pk}
        )
    assert response.status_code == 302
    close.refresh_from_db()
    assert close.duplicate_of == first and close.state == Report.State.CLOSED
    # The resident of the duplicate is told once where their report went.
    (told,) = line_channel.received_texts(repeater.line_user_id)
    assert close.receipt_number in told and first.receipt_number in told
    # A second merge of the same report is refused (it is no longer a candidate).
    again = client.post(
        reverse("reports_admin:merge", args=[close.pk]), {"into": first.pk}
    )
    assert again.status_code == 400
    assert len(line_channel.received_texts(repeater.line_user_id)) == 1
    # When the report it joined is finished, its resident hears of it too (once).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            state_url(first),
            {"state": "closed", "message": "穴を埋めました。", "notify": "1"},
        )
    later = line_channel.received_texts(repeater.line_user_id)
    assert len(later) == 2
    assert later[1].startswith(f"【通報 {close.receipt_number}】")
    assert f"受付番号 {first.receipt_number}）: 完了" in later[1]
    assert "穴を埋めました。" in later[1]
    page = client.get(reverse("reports_admin:detail", args=[first.pk])).content.decode()
    assert "統合された通報: " in page and close.receipt_number in page


def test_staff_of_another_department_cannot_open_a_report(client, line_channel):
    report = report_at(road_category(), LAT, LNG, description="自宅前の穴")
    sign_in_verified(client, staff("広報", "kouhou"))
    assert (
        client.get(reverse("reports_admin:detail", args=[report.pk])).status_code == 403
    )
    assert (
        report.receipt_number
        not in client.get(reverse("reports_admin:list")).content.decode()
    )
    assert AuditEntry.objects.filter(
        action="reports.refused", target_id=str(report.pk)
    ).exists()


def test_every_view_of_a_report_and_its_photos_is_audited(client, kankyo, liff_channel):
    from line_delivery.reports.photos import clean_photo, store_photos

    report = report_at(road_category(), LAT, LNG, description="穴があります")
    (photo,) = store_photos(report, [clean_photo(photo_with_gps())])
    page = client.get(reverse("reports_admin:detail", args=[report.pk]))
    assert "穴があります" in page.content.decode()
    image = client.get(reverse("reports_admin:photo", args=[photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert "private" in image["Cache-Control"] and "no-store" in image["Cache-Control"]
    actions = list(
        AuditEntry.objects.filter(target_id=str(report.pk)).values_list(
            "action", "username"
        )
    )
    assert ("reports.view", "kankyo") in actions
    assert ("reports.photo_view", "kankyo") in actions
    # The audit entry names the report, never what the resident wrote.
    entry = AuditEntry.objects.get(action="reports.view")
    assert (
        report.receipt_number in entry.target_label and "穴" not in entry.target_label
    )


def test_list_filters_by_state_category_area_and_date(client, kankyo):
    from tests.factories import AreaFactory

    ogata = AreaFactory(name="小方地区")
    road = road_category()
    light = category_for("環境整備", "街灯", "light2")
    in_ogata = report_at(road, LAT, LNG, area=ogata)
    lamp = report_at(light, LAT, LNG)
    done = report_at(road, LAT, LNG, state=Report.State.CLOSED)
    last_month = report_at(
        road, LAT, LNG, created_at=timezone.now() - datetime.timedelta(days=40)
    )
    url = reverse("reports_admin:list")

    def shown(**query):
        page = client.get(url, query).content.decode()
        return {
            r for r in (in_ogata, lamp, done, last_month) if r.receipt_number in page
        }

    assert shown() == {in_ogata, lamp, last_month}  # 未完了 by default
    assert shown(state="closed") == {done}
    assert shown(category=light.pk) == {lamp}
    assert shown(area=ogata.pk) == {in_ogata}
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert shown(since=since) == {in_ogata, lamp}
    assert shown(overdue="1") == {last_month}  # 道路の損傷: 7日
    assert shown(since="2026-99-01") == {in_ogata, lamp, last_month}  # ignored


def test_the_dashboard_counts_open_and_overdue_reports(client, kankyo):
    road = road_category()
    report_at(road, LAT, LNG)
    report_at(road, LAT, LNG, created_at=timezone.now() - datetime.timedelta(days=8))
    report_at(road, LAT, LNG, state=Report.State.CLOSED)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "未完了 <strong>2</strong> 件" in page
    assert "期限超過 <strong>1</strong> 件" in page


def test_residents_words_and_photos_go_after_the_citys_retention(db):
    from line_delivery.reports.photos import clean_photo, store_photos

    city = ReportSettings.load()
    city.retention_days = 30
    city.save()
    friend = make_friend()
    road = road_category()
    old = report_at(road, LAT, LNG, friend=friend, description="古い", state="closed")
    old.closed_at = timezone.now() - datetime.timedelta(days=31)
    old.save()
    store_photos(old, [clean_photo(photo_with_gps(size=(40, 30)))])
    recent = report_at(
        road, LAT, LNG, friend=friend, description="新しい", state="closed"
    )
    recent.closed_at = timezone.now() - datetime.timedelta(days=5)
    recent.save()
    still_open = report_at(
        road,
        LAT,
        LNG,
        friend=friend,
        description="対応中",
        created_at=timezone.now() - datetime.timedelta(days=400),
    )

    assert purge_expired_reports() == 1
    old.refresh_from_db()
    assert old.description == "" and old.friend is None and not old.photos.exists()
    assert old.personal_data_purged_at and old.category == road  # the facts stay
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.description == "新しい" and still_open.description == "対応中"
    assert purge_expired_reports() == 0


def test_city_admins_set_up_categories_templates_points_and_settings(admin_client):
    from line_delivery.inbox.models import Department

    for url in (
        reverse("wagtailsnippets_reports_reportcategory:list"),
        reverse("wagtailsnippets_reports_reportcategory:add"),
        reverse("wagtailsnippets_reports_responsetemplate:add"),
        reverse("wagtailsnippets_reports_areapoint:add"),
        reverse("wagtailsnippets_reports_open311client:add"),
        reverse("wagtailsettings:edit", args=["reports", "reportsettings"]),
        reverse("reports_admin:list"),
    ):
        assert admin_client.get(url, follow=True).status_code == 200, url
    response = admin_client.post(
        reverse("wagtailsnippets_reports_reportcategory:add"),
        {
            "name": "カーブミラー",
            "resident_hint": "割れている・向きが変わった",
            "department": Department.objects.get(name="危機管理").pk,
            "service_code": "mirror",
            "target_days": "10",
            "active": "on",
            "sort_order": "9",
        },
    )
    assert response.status_code == 302
    mirror = ReportCategory.objects.get(service_code="mirror")
    assert mirror.department.name == "危機管理"
    assert (
        "カーブミラー" in admin_client.get("/open311/v2/services.json").content.decode()
    )


def test_assignee_priority_and_notes_are_kept_in_the_history(client, kankyo):
    colleague = staff("環境整備", "douro")
    outsider = staff("広報", "kouhou")
    report = report_at(road_category(), LAT, LNG)

    def post(action, **data):
        return client.post(reverse(f"reports_admin:{action}", args=[report.pk]), data)

    assert post("assign", user=outsider.pk).status_code == 404  # not of 環境整備
    assert post("assign", user=colleague.pk).status_code == 302
    assert post("priority", priority="4").status_code == 302
    assert post("priority", priority="9").status_code == 400
    empty = post("note")
    assert (
        empty.status_code == 400
        and "メモを入力してください。" in empty.content.decode()
    )
    assert post("note", note="道路維持係が明日見に行く").status_code == 302
    report.refresh_from_db()
    assert report.assignee == colleague
    assert report.priority == Report.Priority.URGENT
    page = client.get(
        reverse("reports_admin:detail", args=[report.pk])
    ).content.decode()
    assert "未割り当て → douro" in page and "通常 → 緊急" in page
    assert "道路維持係が明日見に行く" in page
    note_entry = AuditEntry.objects.get(action="reports.note")
    assert "道路維持係" not in str(note_entry.details)
    assert AuditEntry.objects.get(action="reports.assign").details["change"] == (
        "未割り当て → douro"
    )

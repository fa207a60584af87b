"""Staff governance as staff and auditors see it (issue 21, issue 24 item 5).

Masked ids on the friend page, the username on a failed sign-in row, one clock in the
audit list, detail and CSV, role changes before → after, Japanese 403 pages, the
sandbox for the roles that need it, the access log's filters, and 「公開前の承認」 per
page type.
"""

import csv
import datetime
import io
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from django_otp.plugins.otp_totp.models import TOTPDevice
import pytest

from cms import access_log, audit
from cms.models import AccessLogEntry, ApprovalSettings, AuditEntry
from cms.roles import (
    ADMINISTRATORS,
    APPROVERS,
    AUDITORS,
    VIEWERS,
    WORKFLOW_NAME,
    editor_group_name,
)
from home.models import NewsPage, SurveyPage
from tests.factories import NewsPageFactory
from tests.line_delivery.conftest import make_friend

from .test_two_factor import PASSWORD


pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_friend_detail_page_shows_only_the_masked_id(admin_client):
    friend = make_friend()
    html = html_of(admin_client.get(f"/admin/friend/inspect/{friend.pk}/"))
    assert friend.masked_user_id in html
    assert friend.line_user_id not in html
    assert friend.line_user_id_hash not in html
    assert "一部を伏せて表示" in html


def test_a_failed_sign_in_row_names_the_username_tried_and_is_found_by_it(
    client, admin_client
):
    user = get_user_model().objects.create_user("kouhou-tanaka", password=PASSWORD)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    anonymous = client.__class__()
    anonymous.post("/admin/login/", {"username": "kouhou-tanaka", "password": "x"})
    anonymous.post("/admin/login/", {"username": "no-such-user", "password": "x"})

    [failed, _] = AuditEntry.objects.filter(action="auth.login_failed").order_by("pk")
    assert (failed.user, failed.username) == (None, "kouhou-tanaka")
    html = html_of(admin_client.get("/admin/audit_log/?q=kouhou-tanaka"))
    assert "ログイン失敗" in html and "kouhou-tanaka" in html
    assert "no-such-user" not in html
    html = html_of(admin_client.get("/admin/audit_log/?username=no-such"))
    assert "no-such-user" in html


def test_list_detail_and_csv_show_one_clock_japan_time_to_the_second(
    admin_client, admin_user
):
    entry = audit.record(admin_user, "disaster_mode.on", "大雨対応", reason="大雨")
    entry.created_at = datetime.datetime(
        2026, 11, 24, 14, 5, 9, 123456, tzinfo=datetime.UTC
    )
    entry.save()
    japan, utc = "2026-11-24 23:05:09", "14:05"

    listing = html_of(admin_client.get("/admin/audit_log/?q=大雨対応"))
    detail = html_of(admin_client.get(f"/admin/audit_log/inspect/{entry.pk}/"))
    body = b"".join(admin_client.get("/admin/audit_log/?export=csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    [row] = [row for row in rows if row["対象"] == "大雨対応"]
    for shown in (listing, detail):
        assert japan in shown and utc not in shown
    assert row["日時（日本時間）"] == japan
    assert "123456" not in body.decode("utf-8-sig")


def test_a_role_change_is_shown_before_and_after(sections, admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "username": "yamada",
            "email": "yamada@example.jp",
            "first_name": "太郎",
            "last_name": "山田",
            "password1": "a long enough password 2026",
            "password2": "a long enough password 2026",
            "is_active": "on",
            "groups": [Group.objects.get(name=editor_group_name("広報")).pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    yamada = get_user_model().objects.get(username="yamada")
    [created] = AuditEntry.objects.filter(action="user.create")
    assert created.details["groups"] == [editor_group_name("広報")]
    assert created.action_label == "職員ユーザーの追加"

    response = admin_client.post(
        f"/admin/users/edit/{yamada.pk}/",
        {
            "username": "yamada",
            "email": "yamada@example.jp",
            "first_name": "太郎",
            "last_name": "山田",
            "is_active": "on",
            "groups": [Group.objects.get(name=APPROVERS).pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    [change] = AuditEntry.objects.filter(action="user.roles_change")
    assert change.target_label == "yamada" or "山田" in change.target_label
    assert change.details["changes"] == {
        "groups": [[editor_group_name("広報")], [APPROVERS]]
    }
    expected = f"役割: {editor_group_name('広報')} → {APPROVERS}"
    assert change.change_summary == expected
    html = html_of(admin_client.get("/admin/audit_log/?action=user.roles_change"))
    assert "職員の役割・権限の変更" in html
    assert f"{editor_group_name('広報')} → {APPROVERS}" in html
    detail = html_of(admin_client.get(f"/admin/audit_log/inspect/{change.pk}/"))
    assert f"{editor_group_name('広報')} → {APPROVERS}" in detail


def test_a_group_permission_change_is_recorded_added_and_removed(
    sections, admin_client
):
    viewers = Group.objects.get(name=VIEWERS)
    edit = f"/admin/groups/edit/{viewers.pk}/"
    page = admin_client.get(edit)
    form = html_of(page)
    assert "閲覧者" in form
    from django.contrib.auth.models import Permission

    registered = set(
        page.context["form"].fields["permissions"].queryset.values_list("pk", flat=True)
    )
    kept = [
        pk
        for pk in viewers.permissions.values_list("pk", flat=True)
        if pk in registered
    ]
    added = Permission.objects.get(codename="add_faq")
    data = {"name": VIEWERS, "permissions": [*kept, added.pk]}
    # The page/collection permission formsets Wagtail's group form carries (閲覧者
    # holds none of those, so each is sent empty).
    import re

    for prefix in set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', form)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    response = admin_client.post(edit, data)
    assert response.status_code == 302, [
        (f.prefix, f.errors) for f in response.context.get("permission_panels", [])
    ] + [response.context["form"].errors]
    [change] = AuditEntry.objects.filter(action="group.permissions_change")
    assert "home.add_faq" in change.details["added"]
    assert "追加: home.add_faq" in change.change_summary


def test_the_superuser_flag_and_the_administrator_role_are_labelled_apart(
    sections, admin_client
):
    html = html_of(admin_client.get("/admin/users/new/"))
    assert "システム管理者（全権限）" in html
    assert ADMINISTRATORS in html  # the role, among the groups


@pytest.mark.parametrize(
    "url",
    ["/admin/2fa/users/", "/admin/shelters/status/", "/admin/audit_log/"],
)
def test_refusals_are_japanese_403_pages_inside_the_admin_and_audited(
    url, sections, staff_member, signed_in
):
    client = signed_in(staff_member(editor_group_name("広報"), username="kouhou-1"))
    response = client.get(url)
    assert response.status_code == 403, (url, response.get("Location"))
    html = response.content.decode()
    assert "この操作の権限がありません" in html
    assert "編集者（広報）" in html  # their role, so they know whom to ask
    assert 'id="wagtail-sidebar"' in html or "sidebar" in html  # the admin layout
    assert "/accounts/login/" not in html
    [refused] = AuditEntry.objects.filter(action="access.denied")
    assert (refused.username, refused.details["path"]) == ("kouhou-1", url)


def test_the_sandbox_is_for_roles_that_write_and_every_use_is_audited(
    sections, staff_member, signed_in, sandbox, client
):
    friend = make_friend()
    friend.is_sandbox = True
    friend.save()
    chat = f"/admin/line/sandbox/{friend.pk}/"
    for role in (VIEWERS, AUDITORS):
        signed_in(staff_member(role, username=f"u-{role}"))
        assert client.get(chat).status_code == 403
        assert client.post(chat + "say/", {"text": "ごみ"}).status_code == 403
        assert "LINEサンドボックス" not in client.get("/admin/").content.decode()
        client.logout()
    assert not AuditEntry.objects.filter(action__startswith="sandbox.").exists()

    signed_in(staff_member(editor_group_name("広報"), username="kouhou-2"))
    assert client.get(chat).status_code == 200
    assert client.post(chat + "say/", {"text": "ペットボトル"}).status_code == 302
    [viewed] = AuditEntry.objects.filter(action="sandbox.view")
    [posed] = AuditEntry.objects.filter(action="sandbox.impersonate")
    assert viewed.username == posed.username == "kouhou-2"
    assert posed.target_label == str(friend) and "ペットボトル" not in str(
        posed.details
    )
    assert posed.action_label == "サンドボックスで住民として操作"


def test_auditors_cannot_open_a_delivery_they_cannot_list(
    sections, staff_member, signed_in, sandbox, django_capture_on_commit_callbacks
):
    from line_delivery.models import Delivery

    page = NewsPageFactory(parent=sections["news"], live=False, send_to_line=True)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    delivery = Delivery.objects.get(page=page)
    client = signed_in(staff_member(AUDITORS, username="kansa"))
    assert client.get("/admin/delivery/").status_code in (302, 403)
    assert client.get(f"/admin/line/deliveries/{delivery.pk}/").status_code == 403
    client.logout()
    client = signed_in(staff_member(VIEWERS, username="etsuran"))
    assert client.get(f"/admin/line/deliveries/{delivery.pk}/").status_code == 200


def test_the_access_log_hides_assets_and_finds_views_of_personal_data(
    sections, staff_member, signed_in
):
    auditor = staff_member(AUDITORS, username="kansa")
    for path in (
        "/static/img/logo-otake.svg",
        "/media/images/a.png",
        "/admin/friend/inspect/3/",
        "/admin/line/surveys/7/export.csv",
        "/admin/pages/42/edit/",
    ):
        AccessLogEntry.objects.create(
            timestamp=datetime.datetime.now(datetime.UTC),
            day=datetime.date.today(),
            method="GET",
            path=path,
            status=200,
            duration_ms=3,
            username="kouhou",
        )
    client = signed_in(auditor)
    everything = html_of(client.get("/admin/access_log/"))
    assert "/static/img/logo-otake.svg" in everything
    screens = html_of(client.get("/admin/access_log/?hide_assets=true"))
    assert "/static/img/logo-otake.svg" not in screens
    assert "/media/images/a.png" not in screens
    assert "/admin/pages/42/edit/" in screens
    personal = html_of(client.get("/admin/access_log/?personal_data=true"))
    assert "/admin/friend/inspect/3/" in personal
    assert "/admin/line/surveys/7/export.csv" in personal
    assert "/admin/pages/42/edit/" not in personal
    # A later feature adds its own screens in one call.
    access_log.register_personal_data_prefix("/admin/pages/42/edit/")
    try:
        assert "/admin/pages/42/edit/" in html_of(
            client.get("/admin/access_log/?personal_data=true")
        )
    finally:
        access_log.PERSONAL_DATA_PATH_PREFIXES.remove("/admin/pages/42/edit/")


def test_personal_data_views_are_conversations_and_reports_not_wagtails_own_reports(
    sections, staff_member, signed_in
):
    personal = (
        "/admin/inbox/",
        "/admin/inbox/12/",
        "/admin/inbox/media/40/",
        "/admin/reports/",
        "/admin/reports/?state=new",
        "/admin/reports/8/",
        "/admin/reports/8/public-note/",
        "/admin/reports/photos/5/",
    )
    wagtails_reports = (
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/locked/",
    )
    for path in personal + wagtails_reports:
        AccessLogEntry.objects.create(
            timestamp=datetime.datetime.now(datetime.UTC),
            day=datetime.date.today(),
            method="GET",
            path=path,
            status=200,
            duration_ms=3,
            username="kouhou",
        )
    client = signed_in(staff_member(AUDITORS, username="kansa"))
    listed = html_of(client.get("/admin/access_log/?personal_data=true"))
    shown = set(re.findall(r"<td[^>]*>\s*(/admin/[^<\s]*)\s*</td>", listed))
    assert shown == set(personal), listed
    others = html_of(client.get("/admin/access_log/?personal_data=false"))
    for path in wagtails_reports:
        assert path in others


def _workflow_name(page) -> str | None:
    workflow = type(page).objects.get(pk=page.pk).get_workflow()
    return workflow.name if workflow else None


def test_surveys_go_through_the_approval_like_news_and_the_admin_chooses_the_types(
    sections, home_page, admin_client
):
    from tests.factories import SurveyPageFactory

    survey = SurveyPageFactory(parent=home_page)
    news = NewsPageFactory(parent=sections["news"])
    assert _workflow_name(survey) == WORKFLOW_NAME
    assert _workflow_name(news) == WORKFLOW_NAME

    settings_url = f"/admin/settings/cms/approvalsettings/{ApprovalSettings.load().pk}/"
    html = html_of(admin_client.get(settings_url))
    assert "承認が必要なページの種類" in html
    keep = ContentType.objects.get_for_model(NewsPage)
    response = admin_client.post(settings_url, {"page_types": [keep.pk]})
    assert response.status_code == 302
    assert _workflow_name(survey) is None
    assert _workflow_name(news) == WORKFLOW_NAME
    [change] = AuditEntry.objects.filter(action="settings.change")
    assert "アンケート" in change.change_summary and change.username == "admin"

    survey_type = ContentType.objects.get_for_model(SurveyPage)
    admin_client.post(settings_url, {"page_types": [keep.pk, survey_type.pk]})
    assert _workflow_name(survey) == WORKFLOW_NAME
    later = SurveyPageFactory(parent=home_page, slug="later-survey")
    assert _workflow_name(later) == WORKFLOW_NAME


def test_the_deploy_check_fails_while_a_foreign_group_can_publish(sections):
    from django.contrib.auth.models import Permission

    from wagtail.models import GroupPagePermission, Page

    outsider = Group.objects.create(name="Moderators")
    GroupPagePermission.objects.create(
        group=outsider,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="publish_page"
        ),
    )
    with pytest.raises(SystemCheckError, match="cms.E001"):
        call_command("check", "--deploy", "--fail-level", "ERROR", "--tag", "security")
    call_command("setup_roles", stdout=io.StringIO())
    call_command("check", "--deploy", "--fail-level", "ERROR", "--tag", "security")
    assert not Group.objects.filter(name="Moderators").exists()


def test_line_ids_are_masked_in_logs_and_delivery_errors(
    sections, admin_client, caplog
):
    import logging

    from cms.masking import MaskLineIdsFilter, mask_line_ids
    from line_delivery.models import Delivery

    user_id = "U" + "0123456789abcdef" * 2
    assert mask_line_ids(f"to[0] {user_id} invalid") == "to[0] U0123…cdef invalid"
    record = logging.LogRecord("x", logging.WARNING, "", 0, "bad %s", (user_id,), None)
    MaskLineIdsFilter().filter(record)
    assert user_id not in record.getMessage() and "U0123…cdef" in record.getMessage()

    delivery = Delivery.objects.create(
        title="お知らせ",
        kind=Delivery.Kind.PUBLISH,
        status=Delivery.Status.FAILED,
        error_message=f"LINE: invalid user {user_id}",
    )
    html = html_of(admin_client.get(f"/admin/line/deliveries/{delivery.pk}/"))
    assert user_id not in html and "U0123…cdef" in html


def test_shelter_and_settings_changes_read_before_and_after(admin_client, admin_user):
    from home import shelter_actions
    from home.models import CitySettings
    from tests.factories import ShelterFactory

    shelter = ShelterFactory(name="総合市民会館")
    shelter_actions.set_status(shelter, "open", admin_user)
    [opened] = AuditEntry.objects.filter(action="shelter.status")
    assert opened.change_summary == "状態: 未開設 → 開設"
    assert opened.action_label == "避難所の開設状況の変更"

    admin_client.post(
        f"/admin/settings/home/citysettings/{CitySettings.load().pk}/",
        {"city_name": "大竹市", "contact": "総務課 0827-59-2131"},
    )
    [change] = AuditEntry.objects.filter(action="settings.change")
    assert "→ 総務課 0827-59-2131" in change.change_summary
    html = html_of(admin_client.get("/admin/audit_log/?action=settings.change"))
    assert "総務課 0827-59-2131" in html


def test_the_xlsx_export_uses_the_same_clock(admin_client, admin_user):
    from openpyxl import load_workbook

    entry = audit.record(admin_user, "disaster_mode.on", "大雨対応")
    entry.created_at = datetime.datetime(2026, 11, 24, 14, 5, 9, 5, tzinfo=datetime.UTC)
    entry.save()
    response = admin_client.get("/admin/audit_log/?export=xlsx")
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "日時（日本時間）"
    assert ("2026-11-24 23:05:09", "admin") in [(row[0], row[1]) for row in rows[1:]]

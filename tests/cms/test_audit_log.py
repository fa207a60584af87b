"""監査ログ: staff actions are recorded with who, when and what; searchable, CSV export."""

import csv
import io
import re

from django.contrib.auth import get_user_model

from django_otp.plugins.otp_totp.models import TOTPDevice
import pytest

from cms import audit
from cms.models import AuditEntry
from cms.roles import ADMINISTRATORS, APPROVERS, AUDITORS, editor_group_name
from home.models import CitySettings
from line_delivery.models import Delivery
from tests.factories import NewsPageFactory, ShelterFactory
from tests.line_delivery.conftest import make_test_member

from .test_two_factor import PASSWORD, code_from


pytestmark = pytest.mark.django_db


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


@pytest.fixture
def kouhou(db):
    user = get_user_model().objects.create_user(
        "kouhou", password=PASSWORD, is_superuser=True
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def test_sign_in_and_failed_sign_ins_are_recorded(client, kouhou):
    device = TOTPDevice.objects.get(user=kouhou)
    client.post(
        "/admin/login/",
        {"username": "kouhou", "password": PASSWORD, "otp_token": code_from(device)},
    )
    client.logout()
    client.post("/admin/login/", {"username": "kouhou", "password": "wrong"})
    client.post(
        "/admin/login/",
        {"username": "kouhou", "password": PASSWORD, "otp_token": "000000"},
    )
    failed = entries("auth.login_failed")
    assert [(e.details["username"], e.details["reason"]) for e in failed] == [
        ("kouhou", "password"),
        ("kouhou", "second_factor"),
    ]
    assert all(e.user is None and e.ip_address == "127.0.0.1" for e in failed)
    [login] = entries("auth.login")
    assert (login.user, login.username, login.ip_address) == (
        kouhou,
        "kouhou",
        "127.0.0.1",
    )
    assert entries("auth.logout")[0].username == "kouhou"
    assert "wrong" not in str(failed[0].details)


def test_publish_and_unpublish_are_recorded_with_the_user(admin_user, home_page):
    page = NewsPageFactory(parent=home_page, title="収集日のお知らせ", live=False)
    page.save_revision(user=admin_user).publish(user=admin_user)
    page.refresh_from_db()
    page.unpublish(user=admin_user)
    [published] = entries("wagtail.publish")
    assert (published.username, published.target_label) == ("admin", "収集日のお知らせ")
    assert published.target_type == "home.newspage"
    assert published.target_id == str(page.pk)
    assert entries("wagtail.unpublish")[0].username == "admin"
    assert published.action_label  # Wagtail's own label, e.g. "Publish"


def test_test_send_cancel_and_redeliver_are_recorded(
    sandbox, admin_client, home_page, django_capture_on_commit_callbacks
):
    make_test_member()
    page = NewsPageFactory(parent=home_page, title="テスト配信の記録", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/line/pages/{page.pk}/test-send/")
    delivery = Delivery.objects.get(kind=Delivery.Kind.TEST)
    admin_client.post(f"/admin/line/deliveries/{delivery.pk}/cancel/")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/line/pages/{page.pk}/redeliver/")

    [test_send] = entries("delivery.test_send")
    assert test_send.username == "admin"
    assert test_send.details["delivery_id"] == delivery.pk
    assert test_send.target_label == "テスト配信の記録"
    assert test_send.ip_address == "127.0.0.1"
    assert entries("delivery.cancel")[0].details["delivery_id"] == delivery.pk
    assert entries("delivery.redeliver")[0].username == "admin"
    assert len(entries("delivery.test_send")) == 1  # not copied back from Wagtail's log
    # Editors also see it in the page's own history.
    history = admin_client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    assert "LINEテスト配信" in history and "LINE配信の中止" in history


def test_settings_change_names_the_fields_and_the_staff_member(admin_client):
    response = admin_client.post(
        f"/admin/settings/home/citysettings/{CitySettings.load().pk}/",
        {"city_name": "大竹市", "city_name_kana": "おおたけし", "contact": "総務課"},
    )
    assert response.status_code == 302
    [change] = entries("settings.change")
    assert change.username == "admin"
    assert set(change.details["fields"]) == {"よみがな", "問い合わせ先"}


def test_two_factor_reset_is_recorded(admin_client, kouhou):
    admin_client.post(f"/admin/2fa/users/{kouhou.pk}/reset/")
    [reset] = entries("two_factor.reset")
    assert (reset.username, reset.target_label) == ("admin", "kouhou")


def test_record_accepts_the_contract_signature_and_keeps_details_json(admin_user):
    entry = audit.record(
        admin_user, "disaster_mode.on", "災害モード", reason="大雨", level=4
    )
    entry.refresh_from_db()
    assert entry.details == {"reason": "大雨", "level": 4}
    assert entry.action_label == "災害モードの開始"
    system = audit.record(None, "richmenu.set_default")
    assert system.user is None and system.username == ""


def test_audit_list_is_searchable_and_filterable(admin_client, admin_user):
    audit.record(admin_user, "disaster_mode.on", "大雨対応", reason="大雨")
    audit.record(admin_user, "richmenu.set_default", "通常メニュー")
    html = admin_client.get("/admin/audit_log/?q=通常メニュー").content.decode()
    assert "通常メニュー" in html and "大雨対応" not in html
    html = admin_client.get(
        "/admin/audit_log/?action=disaster_mode.on"
    ).content.decode()
    assert "大雨対応" in html and "通常メニュー" not in html


def test_csv_export_opens_in_excel_and_is_itself_recorded(admin_client, admin_user):
    audit.record(admin_user, "disaster_mode.on", "災害モード", reason="大雨")
    response = admin_client.get("/admin/audit_log/?export=csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Japanese right
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "操作（表示名）" in rows[0]
    assert any("災害モードの開始" in row and "災害モード" in row for row in rows[1:])
    [export] = entries("export")
    assert export.username == "admin"
    assert export.details["model"] == "cms.auditentry"


def test_snippet_exports_have_a_bom_and_are_recorded(admin_client):
    ShelterFactory(name="大竹市総合市民会館")
    response = admin_client.get("/admin/snippets/home/shelter/?export=csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf") and "大竹市総合市民会館" in body.decode()
    assert entries("export")[0].details["model"] == "home.shelter"


def test_only_administrators_and_auditors_see_the_audit_log(
    sections, staff_member, signed_in
):
    for group, allowed in [
        (ADMINISTRATORS, True),
        (AUDITORS, True),
        (APPROVERS, False),
        (editor_group_name("広報"), False),
    ]:
        client = signed_in(staff_member(group, username=f"u-{group}"))
        status = client.get("/admin/audit_log/").status_code
        assert (status == 200) is allowed, (group, status)
        client.logout()


def test_nobody_can_add_or_edit_audit_entries(admin_client, admin_user):
    entry = audit.record(admin_user, "richmenu.set_default")
    assert admin_client.get("/admin/audit_log/new/").status_code in (302, 403)
    assert admin_client.get(f"/admin/audit_log/edit/{entry.pk}/").status_code in (
        302,
        403,
    )
    assert admin_client.get(f"/admin/audit_log/inspect/{entry.pk}/").status_code == 200


def test_a_lock_out_is_recorded(client, kouhou, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "kouhou", "password": "wrong"})
    [locked] = entries("auth.locked_out")
    assert locked.details["username"] == "kouhou"
    assert locked.ip_address == "127.0.0.1"


def _edit_form_data(admin_client, url: str, **changes) -> dict:
    """The edit form as staff see it, with ``changes`` typed in."""
    form = admin_client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    data.update(changes)
    return data


def test_a_page_edit_shows_before_and_after_and_links_to_the_comparison(
    admin_client, home_page
):
    from tests.factories import NewsIndexPageFactory
    from tests.home.test_admin_editing import news_form

    page = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page), title="収集日のお知らせ"
    )
    page.save_revision()
    response = admin_client.post(
        f"/admin/pages/{page.pk}/edit/",
        news_form(title="年末年始の収集日のお知らせ", slug=page.slug),
    )
    assert response.status_code == 302, response.context["form"].errors
    [edit] = entries("wagtail.edit")
    assert (
        "タイトル: 収集日のお知らせ → 年末年始の収集日のお知らせ" in edit.change_summary
    )
    listing = admin_client.get("/admin/audit_log/").content.decode()
    link = re.search(
        rf'href="(/admin/pages/{page.pk}/revisions/compare/\d+\.\.\.\d+/)"', listing
    )
    assert link, "no link to the comparison in the audit list"
    comparison = admin_client.get(link.group(1)).content.decode()
    assert (
        "年末年始の収集日のお知らせ" in comparison and "収集日のお知らせ" in comparison
    )


def test_a_snippet_edit_shows_before_and_after(admin_client):
    shelter = ShelterFactory(name="小方公民館")
    url = f"/admin/snippets/home/shelter/edit/{shelter.pk}/"
    response = admin_client.post(
        url, _edit_form_data(admin_client, url, name="小方地区公民館")
    )
    assert response.status_code == 302, response.context["form"].errors
    [edit] = entries("wagtail.edit")
    assert "小方公民館 → 小方地区公民館" in edit.change_summary
    assert (
        "小方公民館 → 小方地区公民館"
        in admin_client.get("/admin/audit_log/").content.decode()
    )

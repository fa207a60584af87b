"""An auditor reads and filters the audit log in a real browser."""

from django.contrib.auth.models import Group

import pytest

from cms import audit
from cms.roles import AUDITORS, ensure_roles
from tests.browser import sign_in_browser


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_auditor_filters_the_audit_log_by_action(
    live_server, desktop, shoot, django_user_model
):
    ensure_roles()
    auditor = django_user_model.objects.create_user("kansa", password="unused-pw-2026")
    auditor.groups.add(Group.objects.get(name=AUDITORS))
    audit.record(auditor, "disaster_mode.on", "大雨対応", reason="大雨警報")
    audit.record(auditor, "richmenu.set_default", "通常メニュー")

    sign_in_browser(desktop.context, live_server, auditor)
    desktop.goto(live_server.url + "/admin/audit_log/")
    table = desktop.locator("table.listing")
    assert table.get_by_text("大雨対応").is_visible()
    assert table.get_by_text("通常メニュー").is_visible()
    shoot(desktop, "audit-log")

    desktop.goto(live_server.url + "/admin/audit_log/?action=disaster_mode.on")
    assert table.get_by_text("大雨対応").is_visible()
    assert table.get_by_text("通常メニュー").count() == 0
    # The CSV download (under the header's "…" menu) keeps the filter.
    desktop.locator("#w-slim-header-buttons").get_by_role("button", name="操作").click()
    export = desktop.get_by_role("link", name="CSVをダウンロードする")
    assert export.is_visible()
    assert "action=disaster_mode.on" in export.get_attribute("href")
    shoot(desktop, "filtered")


def test_auditor_reads_failed_sign_ins_role_changes_and_personal_data_views(
    live_server, desktop, shoot, django_user_model
):
    """What an auditor asks first: who failed to sign in, who changed whose role,
    who looked at residents' data — in one clock, in Japanese."""
    import datetime

    from cms.models import AccessLogEntry

    ensure_roles()
    auditor = django_user_model.objects.create_user("kansa2", password="unused-pw-2026")
    auditor.groups.add(Group.objects.get(name=AUDITORS))
    admin = django_user_model.objects.create_user("kanri", password="unused-pw-2026")
    audit.record(None, "auth.login_failed", actor_name="tanaka", username="tanaka")
    audit.record(
        admin,
        "user.roles_change",
        audit.Target("auth.user", "9", "tanaka"),
        changes={"groups": [["編集者（広報）"], ["承認者"]]},
    )
    for path in ("/static/img/logo-otake.svg", "/admin/friend/inspect/3/"):
        AccessLogEntry.objects.create(
            timestamp=datetime.datetime.now(datetime.UTC),
            day=datetime.date.today(),
            username="kanri",
            method="GET",
            path=path,
            status=200,
            duration_ms=4,
        )

    sign_in_browser(desktop.context, live_server, auditor)
    desktop.goto(live_server.url + "/admin/audit_log/?q=tanaka")
    table = desktop.locator("table.listing")
    failed = table.locator("tr", has_text="ログイン失敗")
    assert failed.get_by_text("tanaka", exact=True).is_visible()
    change = table.locator("tr", has_text="職員の役割・権限の変更")
    assert change.get_by_text("役割: 編集者（広報） → 承認者").is_visible()
    assert "+09:00" not in desktop.content() and "UTC" not in table.inner_text()
    shoot(desktop, "audit-log-failed-sign-in-and-role-change")

    desktop.goto(live_server.url + "/admin/access_log/?personal_data=true")
    listing = desktop.locator("table.listing")
    assert listing.get_by_text("/admin/friend/inspect/3/").is_visible()
    assert listing.get_by_text("/static/img/logo-otake.svg").count() == 0
    shoot(desktop, "access-log-personal-data")

    # A refused screen is a Japanese page inside the admin, not a bare 403.
    desktop.goto(live_server.url + "/admin/2fa/users/")
    assert desktop.get_by_text("この操作の権限がありません").is_visible()
    assert desktop.locator("#wagtail-sidebar, [data-side-panel], aside").count() > 0
    shoot(desktop, "permission-denied")

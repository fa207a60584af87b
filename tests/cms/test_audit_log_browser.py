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

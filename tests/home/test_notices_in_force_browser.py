"""現在発表中: staff end a notice with one click; the top page stops showing it."""

import pytest

from cms.models import AuditEntry
from home.models import DisasterNoticePage
from tests.browser import sign_in_browser
from tests.factories import DisasterIndexPageFactory, DisasterNoticePageFactory


# live_server needs committed data; serialized_rollback restores the migrations' pages.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_one_click_ends_a_notice_everywhere(
    live_server, desktop, shoot, django_user_model, home_page
):
    index = DisasterIndexPageFactory(parent=home_page)
    ended = DisasterNoticePageFactory(
        parent=index, title="比作地区 高齢者等避難", send_to_line=False
    )
    kept = DisasterNoticePageFactory(
        parent=index, title="市内全域 避難指示", level=4, send_to_line=False
    )
    user = django_user_model.objects.create_superuser(
        "kikikanri", "k@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)

    desktop.goto(live_server.url + "/admin/notices/in-force/")
    row = desktop.locator(f"#notice-{ended.pk}")
    assert "比作地区 高齢者等避難" in row.inner_text()
    shoot(desktop, "notices-in-force-before")
    row.get_by_role("button", name="終了する").click()
    desktop.wait_for_load_state()
    desktop.locator(".messages").wait_for()
    assert "終了しました" in desktop.locator(".messages").inner_text()
    assert desktop.locator(f"#notice-{ended.pk}").count() == 0
    assert desktop.locator(f"#notice-{kept.pk}").count() == 1
    shoot(desktop, "notices-in-force-after")

    assert not DisasterNoticePage.objects.get(pk=ended.pk).in_force
    assert AuditEntry.objects.filter(
        action="notice.end", target_id=str(ended.pk)
    ).exists()
    desktop.goto(live_server.url + "/")
    alerts = desktop.locator(".alerts").inner_text()
    assert "市内全域 避難指示" in alerts and "比作地区 高齢者等避難" not in alerts
    shoot(desktop, "top-page-after-end")

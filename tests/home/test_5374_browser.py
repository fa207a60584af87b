"""Staff import the 5374 sample in a real browser: choose files, check, confirm.

Jobs run eagerly here, as in ``make run``: each page already shows the result
(the queued/progress path is tests/line_delivery/test_5374_import_browser.py)."""

from pathlib import Path

import pytest

from home.models import CollectionArea
from tests.browser import sign_in_browser


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TEMPLATE = Path(__file__).parent / "data_5374" / "template"


def test_staff_import_5374_files_with_a_preview(
    live_server, desktop, shoot, django_user_model
):
    user = django_user_model.objects.create_superuser(
        "browser-admin", "a@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(live_server.url + "/admin/garbage-5374/")
    desktop.set_input_files(
        "input[type=file]", [str(path) for path in sorted(TEMPLATE.glob("*.csv"))]
    )
    shoot(desktop, "5374-choose-files")
    desktop.get_by_role("button", name="内容を確認する").click()
    preview = desktop.locator("#import-preview")
    preview.wait_for()
    assert "片町" in preview.inner_text()
    shoot(desktop, "5374-preview")
    assert not CollectionArea.objects.exists()
    desktop.get_by_role("button", name="この内容で取り込む").click()
    result = desktop.locator("#import-result")
    result.wait_for()
    assert "取り込みました" in result.inner_text()
    assert CollectionArea.objects.filter(name="片町").exists()
    shoot(desktop, "5374-imported")

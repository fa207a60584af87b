"""The admin's states beyond a plain screen speak Japanese too.

The menu walk (test_admin_japanese_browser) sees each screen as it first opens. Staff
also meet the dashboard, the page editor's preview panel, forms sent with mistakes
(a snippet, a 防災情報 page), the duplicate-image dialog and the autosave indicator
once a colleague's save pauses it; each is opened here and checked with the same
allow-list.
"""

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout
import pytest

from home.models import DisasterIndexPage, NewsPage
from tests.browser import sign_in_browser
from tests.cms.test_admin_japanese_browser import VISIBLE_TEXT, data_words, english_in


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def a_photo(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 110, 180)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_dashboard_preview_errors_and_dialogs_are_in_japanese(
    live_server, desktop, django_user_model, shoot, tmp_path
):
    call_command("seed_demo", verbosity=0)
    user = django_user_model.objects.create_superuser(
        "kohostaff", "ja@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    data = data_words(user)
    untranslated: dict[str, set[str]] = {}

    def check(state: str, tooltip: str = "") -> None:
        found = english_in(desktop.evaluate(VISIBLE_TEXT) + "\n" + tooltip, data)
        if found:
            untranslated[state] = found

    # The dashboard: page counts and the search box.
    desktop.goto(f"{live_server.url}/admin/")
    desktop.wait_for_load_state("load")
    check("dashboard")

    # The page editor with its preview panel open (preview mode, device sizes).
    news = NewsPage.objects.live().first()
    desktop.goto(f"{live_server.url}/admin/pages/{news.pk}/edit/")
    desktop.locator('[data-side-panel-toggle="preview"]').click()
    desktop.locator('[data-side-panel="preview"]').wait_for(state="visible")
    # Wagtail swaps in a second (proxy) iframe while the preview reloads: wait for
    # its own, by id.
    desktop.locator("#w-preview-iframe").wait_for(state="attached")
    shoot(desktop, "preview-panel")
    check("page editor with the preview panel open")

    # A colleague saves the page meanwhile: autosave pauses and says why.
    news.save_revision(user=user)
    indicator = desktop.locator("#w-autosave-indicator")
    title = desktop.locator("#id_title")
    # Wagtail takes the form's first state a moment after load (later on a busy
    # machine); edits before that are no change, so type until autosave goes out.
    for _ in range(10):
        title.click()
        title.press("End")
        desktop.keyboard.type("追", delay=80)
        try:
            desktop.wait_for_function(
                "el => el.dataset.wAutosaveStateValue === 'paused'",
                arg=indicator.element_handle(),
                timeout=4_000,
            )
            break
        except PlaywrightTimeout:
            continue
    assert indicator.get_attribute("data-w-autosave-state-value") == "paused"
    shoot(desktop, "autosave-paused")
    check("autosave paused", indicator.get_attribute("data-w-tooltip-content-value"))

    # A snippet form sent empty.
    desktop.goto(f"{live_server.url}/admin/snippets/home/topic/add/")
    desktop.locator("main form button[type=submit]").first.click()
    desktop.wait_for_load_state("load")
    assert desktop.locator(".error-message, .w-field__errors").count()
    check("snippet add form with errors")

    # A 防災情報 page saved without its required fields.
    index = DisasterIndexPage.objects.get()
    desktop.goto(
        f"{live_server.url}/admin/pages/add/home/disasternoticepage/{index.pk}/"
    )
    desktop.get_by_role("button", name="下書きを保存").first.click()
    desktop.wait_for_load_state("load")
    assert desktop.locator(".w-field__errors").count()
    shoot(desktop, "disaster-notice-errors")
    check("disaster notice add form with errors")

    # The same photo uploaded twice: Wagtail's duplicate dialog.
    photo = a_photo(tmp_path / "hinanjo_2026.png")
    desktop.goto(f"{live_server.url}/admin/images/multiple/add/")
    upload = desktop.locator("input[type=file]")
    upload.set_input_files(str(photo))
    desktop.locator(".upload-success, .upload-complete").first.wait_for()
    upload.set_input_files(str(photo))
    desktop.locator(".confirm-duplicate-upload").first.wait_for(state="visible")
    shoot(desktop, "duplicate-image")
    check("duplicate image dialog")

    report = json.dumps(
        {state: sorted(words) for state, words in untranslated.items()},
        ensure_ascii=False,
        indent=1,
    )
    (Path(settings.BASE_DIR) / "test-artifacts").mkdir(exist_ok=True)
    (
        Path(settings.BASE_DIR) / "test-artifacts" / "untranslated-states.json"
    ).write_text(report)
    assert not untranslated, f"English in {len(untranslated)} states:\n{report}"

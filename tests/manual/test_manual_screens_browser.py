"""The manual's screenshots are taken from the product as it is (``make manual-screens``).

Chromium opens each screen a chapter explains, on the demo content, saves its picture
where the manual shows it, checks the screen's 「？ この画面の説明」 link opens that
chapter, and that the chapter then shows every picture. Run by ``make test`` too, so
the pictures follow the screens; it writes only to ``MANUAL_SCREENS_DIR`` (git-ignored
``var/``), and ``make manual-screens`` then refreshes the committed ``manual/screens/``.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import pytest

from home.models import NewsIndexPage, NewsPage
from line_delivery.rich_menus.models import RichMenu
from manual.chapters import CHAPTERS
from tests.browser import sign_in_browser


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_each_chapter_shows_fresh_screenshots_of_its_screens(
    live_server, desktop, django_user_model
):
    call_command("seed_demo", verbosity=0)
    user = django_user_model.objects.create_superuser(
        "manual-writer", "m@example.jp", "x-Unused-Password-1"
    )
    objects = {
        "news_index": NewsIndexPage.objects.get().pk,
        "news": NewsPage.objects.live().first().pk,
        "richmenu": RichMenu.objects.get(purpose=RichMenu.Purpose.NORMAL).pk,
    }
    folder = Path(settings.MANUAL_SCREENS_DIR)
    folder.mkdir(parents=True, exist_ok=True)

    signed_out = desktop.context.browser.new_context(
        locale="ja-JP", viewport={"width": 1366, "height": 900}
    ).new_page()
    sign_in_browser(desktop.context, live_server, user)
    for chapter in CHAPTERS:
        for name, path, _caption in chapter.shots:
            page = signed_out if path == "/admin/login/" else desktop
            page.goto(live_server.url + path.format(**objects))
            page.wait_for_load_state("load")
            link = page.locator("a.manual-help-link")
            expected = "/manual/" if chapter.public else "/admin/manual/"
            assert link.get_attribute("href") == f"{expected}{chapter.slug}/"
            page.screenshot(path=str(folder / f"{name}.png"))

    # The sign-in screen's help opens, with its picture, before signing in.
    with signed_out.context.expect_page() as opened:
        signed_out.locator("a.manual-help-link").click()
    help_page = opened.value
    help_page.wait_for_load_state("load")
    assert "サインインと2段階認証" in help_page.locator("h1").inner_text()
    assert _pictures_shown(help_page) == 1
    signed_out.context.close()

    for chapter in CHAPTERS:
        desktop.goto(f"{live_server.url}/admin/manual/{chapter.slug}/")
        assert _pictures_shown(desktop, scroll=True) == len(chapter.shots), chapter.slug

    # Printing needs every picture loaded up front: none may wait for a scroll.
    desktop.goto(f"{live_server.url}/admin/manual/print/")
    desktop.wait_for_load_state("load")
    total = sum(len(chapter.shots) for chapter in CHAPTERS)
    assert desktop.locator(".manual-shot img[loading=lazy]").count() == 0
    assert _pictures_shown(desktop) == total


def _pictures_shown(page, scroll: bool = False) -> int:
    """How many of the page's manual pictures are loaded at full size.

    Without ``scroll`` only what the page loaded by itself counts (what a print gets).
    """
    images = page.locator(".manual-shot img")
    shown = 0
    for index in range(images.count()):
        if scroll:
            images.nth(index).scroll_into_view_if_needed()
            # decode() waits for the picture: a slow load is not a missing one.
            check = (
                "img => img.decode().then(() => img.naturalWidth >= 1366, () => false)"
            )
        else:
            check = "img => img.complete && img.naturalWidth >= 1366"
        shown += images.nth(index).evaluate(check)
    return shown

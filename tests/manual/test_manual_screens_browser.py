"""The manual's screenshots are taken from the product as it is (``make manual-screens``).

Chromium opens each screen a chapter explains, on the demo content, saves its picture
where the manual shows it, checks the screen's 「？ この画面の説明」 link opens that
chapter, and that the chapter then shows every picture. Run by ``make test`` too, so
the pictures follow the screens.
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
            if page is desktop:
                link = page.locator("a.manual-help-link")
                assert link.get_attribute("href") == f"/admin/manual/{chapter.slug}/"
            page.screenshot(path=str(folder / f"{name}.png"))
    signed_out.context.close()

    for chapter in CHAPTERS:
        desktop.goto(f"{live_server.url}/admin/manual/{chapter.slug}/")
        images = desktop.locator(".manual-shot img")
        assert images.count() == len(chapter.shots), chapter.slug
        for index in range(images.count()):
            images.nth(index).scroll_into_view_if_needed()
            loaded = images.nth(index).evaluate(
                "img => img.complete && img.naturalWidth >= 1366"
            )
            assert loaded, (chapter.slug, index)

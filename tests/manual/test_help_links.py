"""「？ この画面の説明」 opens the chapter (and section) that explains the screen.

The server decides the link (manual/help.py) and writes it into every admin page, so
the Django client reads it as staff would follow it.
"""

import re

from django.core.management import call_command
from django.test import Client

import pytest

from home.models import (
    DisasterIndexPage,
    DisasterNoticePage,
    NewsIndexPage,
    NewsPage,
    SurveyPage,
)
from manual.chapters import BY_SLUG
from tests.auth import sign_in_verified
from tests.cms.test_admin_japanese_browser import menu_urls


pytestmark = pytest.mark.django_db

TARGET = re.compile(r'data-manual-target="([^"]*)"')


def help_link(client: Client, url: str) -> tuple[str, str]:
    """The (final path, help link) of the screen at ``url``, after any redirect."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    found = TARGET.search(response.content.decode())
    assert found, f"{url} has no 「？ この画面の説明」"
    return response.request["PATH_INFO"], found.group(1)


@pytest.fixture
def staff(django_user_model):
    call_command("seed_demo", verbosity=0)
    user = django_user_model.objects.create_superuser(
        "helpdesk", "help@example.jp", "x-Unused-Password-1"
    )
    client = Client()
    sign_in_verified(client, user)
    return client


def test_every_menu_screen_opens_a_chapter_section_that_exists(staff):
    screens = [url for url in menu_urls(staff) if not url.startswith("/admin/manual/")]
    assert len(screens) > 40  # the whole menu, not a login page
    bodies: dict[str, str] = {}
    for url in screens:
        path, target = help_link(staff, url)
        found = re.fullmatch(
            r"(?:/admin)?/manual/([a-z0-9-]+)/(?:#([a-z0-9-]+))?", target
        )
        assert found, f"{path} opens the contents ({target}), not its chapter"
        slug, anchor = found.groups()
        assert slug in BY_SLUG, (path, target)
        if slug not in bodies:
            bodies[slug] = staff.get(target.split("#")[0]).content.decode()
        if anchor:
            assert f'id="{anchor}"' in bodies[slug], f"{path}: no section #{anchor}"


def test_key_screens_open_the_chapter_for_their_task(staff):
    news_index = NewsIndexPage.objects.get()
    disaster_index = DisasterIndexPage.objects.get()
    notice = DisasterNoticePage.objects.first()
    survey = SurveyPage.objects.first()
    expected = {
        # /admin/reports/ holds both the 通報 screens and Wagtail's page reports.
        "/admin/reports/": "/admin/manual/reports/",
        "/admin/reports/site-history/": "/admin/manual/audit/#site-history",
        "/admin/reports/aging-pages/": "/admin/manual/news/#page-reports",
        "/admin/reports/workflow/": "/admin/manual/news/#approval",
        # Every page is edited under /admin/pages/: its type decides.
        f"/admin/pages/{NewsPage.objects.live().first().pk}/edit/": "/admin/manual/news/",
        f"/admin/pages/{notice.pk}/edit/": "/admin/manual/disaster/",
        f"/admin/pages/{survey.pk}/edit/": "/admin/manual/surveys/",
        f"/admin/pages/{disaster_index.pk}/": "/admin/manual/disaster/",
        f"/admin/pages/{notice.pk}/history/": "/admin/manual/disaster/",
        f"/admin/pages/{disaster_index.pk}/add_subpage/": "/admin/manual/disaster/",
        f"/admin/pages/{news_index.pk}/": "/admin/manual/news/",
        f"/admin/pages/add/home/disasternoticepage/{disaster_index.pk}/": (
            "/admin/manual/disaster/"
        ),
        "/admin/notices/in-force/": "/admin/manual/disaster/#in-force",
        "/admin/garbage/feedback/": "/admin/manual/garbage/#feedback",
        "/admin/snippets/inbox/cannedreply/": "/admin/manual/inbox/#setup",
        "/admin/refusedreply/": "/admin/manual/delivery/#refused",
        "/admin/images/": "/admin/manual/news/#images",
        "/admin/documents/": "/admin/manual/news/#images",
        "/admin/line/go-live/": "/admin/manual/settings/#go-live",
        "/admin/change-notify/subscriptions/": "/admin/manual/settings/#change-notify",
        "/admin/settings/home/citysettings/": "/admin/manual/settings/#city",
        "/admin/settings/line_delivery/deliveryguardrailsettings/": (
            "/admin/manual/delivery/#guardrails"
        ),
        "/admin/access_log/": "/admin/manual/audit/#access-log",
        "/admin/disaster-mode/": "/admin/manual/disaster/",
    }
    opened = {url: help_link(staff, url)[1] for url in expected}
    assert opened == expected


def test_the_sign_in_screen_opens_its_chapter_readable_signed_out():
    visitor = Client()
    _path, target = help_link(visitor, "/admin/login/")
    assert target == "/manual/signin/"

    page = visitor.get(target)
    html = page.content.decode()
    assert page.status_code == 200 and "サインインと2段階認証" in html
    assert "認証アプリ" in html and 'src="/manual/screens/signin.png"' in html
    picture = visitor.get("/manual/screens/signin.png")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"

    # Only that chapter: the rest of the manual stays for signed-in staff.
    assert visitor.get("/manual/news/").status_code == 404
    assert visitor.get("/manual/screens/news-edit.png").status_code == 404
    assert visitor.get("/admin/manual/news/").status_code == 302

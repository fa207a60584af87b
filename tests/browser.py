"""Headless-Chromium fixtures (pytest plugin): Debian's chromium driven by Playwright.

Use ``phone`` (375×812, the size residents see LIFF pages at) or ``desktop`` (staff
in the admin) with pytest-django's ``live_server``; ``shoot("name")`` keeps a
screenshot under ``test-artifacts/screenshots/<test>/`` for reviewers and CI.
``sign_in_browser(context, live_server, user)`` gives a browser a staff session
that has passed the second factor, the same way ``tests.auth`` does for the client.

Chromium comes from Debian (``scripts/ensure_system_packages.sh``); never
``playwright install``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
import mimetypes
import os
from pathlib import Path
import re

from django.conf import settings
from django.test import Client

import pytest

from tests.auth import sign_in_verified


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 900}


# Function scope on purpose: while Playwright's sync API is running, Django's
# per-context connection handler gives the test thread a different connection wrapper,
# so a session-wide browser made serialized_rollback silently skip restoring the
# migrations' pages for every later live_server test.
@pytest.fixture
def browser(monkeypatch) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run scripts/ensure_system_packages.sh"
        )
    # Playwright's sync API keeps an event loop in this thread; Django would refuse
    # ORM calls from test code between browser steps without this.
    # Scoped to the test: a leaked variable fails `check --deploy` in later tests.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def _context(browser, **options):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", **options)
    # Generous: a busy 2-core machine renders slowly; waits end on their condition.
    context.set_default_timeout(45_000)
    return context


@pytest.fixture
def phone(browser) -> Iterator[object]:
    """A page in a phone-sized browser (iPhone SE-like 375×812, touch, Japanese)."""
    context = _context(
        browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser) -> Iterator[object]:
    """A page in a staff PC browser (1366×900, Japanese)."""
    context = _context(browser, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def shoot(request) -> Callable[[object, str], Path]:
    """``shoot(page, "name")`` saves a full-page PNG named after the test and step."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
    taken: list[str] = []

    def take(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        taken.append(name)
        path = folder / f"{len(taken):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def serve_media(page) -> None:
    """live_server does not serve uploads (DEBUG is off); the browser gets them here."""

    def handle(route):
        path = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?")[0]
        file = Path(settings.MEDIA_ROOT) / path
        if not file.is_file():
            route.fulfill(status=404)
            return
        route.fulfill(
            body=file.read_bytes(),
            content_type=mimetypes.guess_type(file.name)[0] or "image/png",
        )

    page.route(f"**{settings.MEDIA_URL}**", handle)


def sign_in_browser(context, live_server, user) -> None:
    """Give the browser ``context`` a session with both factors passed for ``user``."""
    client = Client()
    sign_in_verified(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )

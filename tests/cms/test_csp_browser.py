"""The Content-Security-Policy lets the admin editor, the website and LIFF work.

Chromium reports every blocked script, style, image or frame as a console message
"Refused to …" and a ``securitypolicyviolation`` event; both are collected.
"""

import pytest

from tests.browser import sign_in_browser
from tests.factories import NewsIndexPageFactory, NewsPageFactory


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
LIFF_SDK = "https://static.line-scdn.net/liff/edge/2/sdk.js"


def watch(page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Refused to" in message.text else None
        ),
    )
    page.add_init_script(COLLECT_VIOLATIONS)
    return refused


def violations(page, refused: list[str]) -> list[str]:
    return refused + page.evaluate("window.__csp")


@pytest.fixture
def news(home_page):
    page = NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page))
    page.save_revision().publish()
    return page


def test_admin_editor_works_under_the_policy(
    live_server, desktop, shoot, news, django_user_model
):
    user = django_user_model.objects.create_superuser("csp-admin", "c@example.jp", "x")
    sign_in_browser(desktop.context, live_server, user)
    refused = watch(desktop)
    desktop.goto(f"{live_server.url}/admin/pages/{news.pk}/edit/")
    desktop.wait_for_load_state("networkidle")
    assert desktop.locator("[data-side-panel-toggle], .w-tabs").first.is_visible()
    # The editor's JavaScript ran (a blocked script would leave the tabs inert).
    desktop.get_by_role("tab").nth(1).click()
    desktop.goto(f"{live_server.url}/admin/")
    desktop.wait_for_load_state("networkidle")
    shoot(desktop, "admin-under-csp")
    assert violations(desktop, refused) == []


def test_website_works_under_the_policy_and_inline_script_is_refused(
    live_server, phone, shoot, news
):
    refused = watch(phone)
    phone.goto(live_server.url + news.url)
    phone.wait_for_load_state("networkidle")
    assert violations(phone, refused) == []
    shoot(phone, "news-under-csp")

    # What an injected script would do: the browser refuses it …
    phone.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__owned = true'; document.body.append(s); }"
    )
    assert phone.evaluate("window.__owned === undefined")
    assert any("script-src" in v for v in violations(phone, refused))


def test_the_liff_sdk_is_allowed(live_server, phone, home_page):
    refused = watch(phone)
    phone.goto(live_server.url + "/")
    # The SDK cannot be fetched offline, but the policy decides before the fetch.
    phone.evaluate(
        "(src) => { const s = document.createElement('script'); s.src = src;"
        " document.head.append(s); }",
        LIFF_SDK,
    )
    phone.wait_for_timeout(500)
    assert violations(phone, refused) == []

"""The API documentation page works in a browser under the site's CSP, without a CDN."""

import pytest


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_docs_page_renders_the_endpoints_with_no_csp_violation(
    live_server, desktop, shoot
):
    problems = []
    desktop.on(
        "console",
        lambda message: message.type == "error" and problems.append(message.text),
    )
    outside = []
    desktop.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url)
            else outside.append(request.url)
        ),
    )
    desktop.goto(live_server.url + "/api/docs/")
    desktop.get_by_text("/api/v1/disaster-notices/", exact=True).first.wait_for()
    assert desktop.get_by_text("Otake LINE Hub public API").first.is_visible()
    shoot(desktop, "api-docs")
    assert problems == []
    assert outside == []

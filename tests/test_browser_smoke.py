"""The browser harness itself: a resident's phone and a staff PC reach real pages."""

import pytest

from tests.browser import sign_in_browser


# live_server needs committed data; serialized_rollback restores the migrations' pages
# (root, HomePage, Site) that the flush after each such test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_resident_reads_the_home_page_on_a_phone(live_server, phone, shoot):
    phone.goto(live_server.url + "/")
    heading = phone.locator("h1").first
    assert heading.is_visible()
    # Large text for elderly residents: body copy is at least 16 CSS pixels.
    size = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 16
    # Nothing wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "home")


def test_staff_reach_the_admin_only_with_both_factors(
    live_server, desktop, shoot, django_user_model
):
    user = django_user_model.objects.create_superuser(
        "browser-admin", "a@example.jp", "x-Unused-Password-1"
    )
    desktop.goto(live_server.url + "/admin/")
    assert "/admin/login/" in desktop.url
    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(live_server.url + "/admin/")
    assert "/admin/login/" not in desktop.url
    assert desktop.locator("main, #main").first.is_visible()
    shoot(desktop, "dashboard")

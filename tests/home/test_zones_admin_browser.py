"""地域の呼び名と地区 and the routes of an event kind: staff edit them in the admin."""

import pytest

from home.models import EventKind, Zone
from tests.browser import sign_in_browser
from tests.line_delivery.mail_helpers import create_otake_places


# live_server needs committed data; serialized_rollback restores the migrations' rows.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_add_a_zone_with_its_chiku_and_see_the_routes_of_a_kind(
    live_server, desktop, shoot, django_user_model
):
    create_otake_places()
    user = django_user_model.objects.create_superuser(
        "kikikanri", "k@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)

    desktop.goto(live_server.url + "/admin/snippets/home/zone/")
    listing = desktop.locator("main").inner_text()
    assert "沿岸部" in listing and "島しょ部" in listing and "阿多田" in listing
    shoot(desktop, "zones-list")

    desktop.goto(live_server.url + "/admin/snippets/home/zone/add/")
    desktop.locator("#id_name").fill("臨海工業地帯")
    desktop.locator("#id_aliases").fill("工業地帯")
    desktop.get_by_label("元町", exact=True).check()
    desktop.get_by_label("立戸", exact=True).check()
    shoot(desktop, "zone-add")
    desktop.get_by_role("button", name="保存").first.click()
    desktop.wait_for_load_state()
    desktop.locator(".messages").wait_for()
    zone = Zone.objects.get(name="臨海工業地帯")
    assert sorted(a.name for a in zone.areas.all()) == ["元町", "立戸"]
    assert "臨海工業地帯" in desktop.locator("main").inner_text()

    ferry = EventKind.objects.get(name="欠航（船）")
    desktop.goto(live_server.url + f"/admin/snippets/home/eventkind/edit/{ferry.pk}/")
    form = desktop.locator("main").inner_text()
    assert "路線・航路・警報の名前" in form
    assert desktop.locator("input[value='阿多田航路']").count() == 1
    shoot(desktop, "event-kind-routes")

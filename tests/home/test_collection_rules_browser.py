"""Staff set collection days with checkboxes in a real browser and see the result."""

import pytest

from home.models import CollectionArea
from tests.browser import sign_in_browser
from tests.factories import AreaFactory, GarbageCategoryFactory


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_tick_weekdays_for_a_collection_area(
    live_server, desktop, shoot, django_user_model
):
    AreaFactory(name="玖波")
    GarbageCategoryFactory(name="燃やせるごみ")
    user = django_user_model.objects.create_superuser(
        "browser-admin", "a@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(live_server.url + "/admin/snippets/home/collectionarea/add/")
    desktop.locator("#id_name").fill("玖波地区")
    desktop.locator("#panel-areas-section").get_by_label("玖波").check()
    desktop.locator("#id_schedules-ADD").click()
    # The category is a snippet chooser: a modal lists the categories.
    desktop.locator("#inline_child_schedules-0 [data-chooser-action-choose]").click()
    desktop.locator(".modal-dialog").get_by_role("link", name="燃やせるごみ").click()
    desktop.locator(".modal-dialog").wait_for(state="hidden")
    desktop.locator("input[name='schedules-0-weekly_days'][value='0']").check()
    desktop.locator("input[name='schedules-0-weekly_days'][value='3']").check()
    shoot(desktop, "collection-area-form")
    desktop.get_by_role("button", name="保存").first.click()
    desktop.wait_for_url("**/admin/snippets/home/collectionarea/")
    saved = CollectionArea.objects.get(name="玖波地区").schedules.get()
    assert saved.days == "毎週月曜日・木曜日"
    shoot(desktop, "collection-area-saved")

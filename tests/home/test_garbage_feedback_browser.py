"""Staff see residents' reactions to garbage answers and fix one with one click."""

import pytest

from home.models import GarbageItem, GarbageQueryFeedback
from tests.browser import sign_in_browser
from tests.factories import GarbageCategoryFactory, GarbageItemFactory


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_turn_a_wrong_answer_into_an_alias(
    live_server, desktop, shoot, django_user_model
):
    burnable = GarbageCategoryFactory(name="燃やせるごみ", slug="moyasu")
    oil = GarbageItemFactory(name="食用油", category=burnable)
    engine = GarbageItemFactory(name="エンジンオイル", category=burnable)
    GarbageQueryFeedback.record("wrong", "揚げ物の油", answered=engine)
    GarbageQueryFeedback.record("wrong", "揚げ物の油", answered=engine)
    user = django_user_model.objects.create_superuser(
        "browser-admin", "a@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    desktop.goto(live_server.url + "/admin/garbage/feedback/")
    row = desktop.locator("tr", has_text="揚げ物の油")
    assert "違うと言われた回答" in row.inner_text() and "2" in row.inner_text()
    shoot(desktop, "feedback-ranked")
    row.get_by_label("正しい品目").select_option(label="食用油")
    row.get_by_role("button", name="別の呼び方に追加").click()
    desktop.wait_for_load_state()
    assert "別の呼び方に追加しました" in desktop.content()
    shoot(desktop, "feedback-fixed")
    assert "揚げ物の油" in GarbageItem.objects.get(pk=oil.pk).alias_list()

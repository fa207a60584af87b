"""Staff change a shelter's status from a phone; residents see it on theirs."""

import pytest

from home.models import Shelter, ShelterStatus
from tests.browser import sign_in_browser


# live_server needs committed data; serialized_rollback restores the migrations' pages.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_one_tap_on_a_phone_opens_a_shelter_for_residents(
    live_server, phone, shoot, django_user_model
):
    Shelter.objects.create(name="総合市民会館")
    Shelter.objects.create(name="玖波公民館")
    user = django_user_model.objects.create_superuser(
        "shelter-staff", "s@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(phone.context, live_server, user)

    phone.goto(live_server.url + "/admin/shelters/status/")
    row = phone.locator("#shelter-" + str(Shelter.objects.get(name="玖波公民館").pk))
    button = row.get_by_role("button", name="開設", exact=True)
    box = button.bounding_box()
    assert box["height"] >= 44  # a thumb-sized target
    shoot(phone, "shelter-status-before")
    button.click()
    phone.wait_for_load_state()
    assert Shelter.objects.get(name="玖波公民館").status == ShelterStatus.OPEN
    assert (
        "開設"
        in phone.locator(
            "#shelter-" + str(Shelter.objects.get(name="玖波公民館").pk)
        ).inner_text()
    )
    shoot(phone, "shelter-status-after")

    phone.goto(live_server.url + "/shelters/")
    first = phone.locator(".shelter-list li").first
    assert "玖波公民館" in first.inner_text() and "開設" in first.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "shelters-page")

"""The public top page on a resident's phone: shelters one tap away in normal times,
and the feed link named so that residents who do not know "Atom" understand it."""

import pytest


# live_server needs committed data; serialized_rollback restores the migrations' pages.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_shelters_are_one_tap_from_the_top_page_and_the_feed_says_what_it_is(
    live_server, phone, shoot
):
    phone.goto(live_server.url + "/")
    assert "発表中の防災情報" not in phone.content()  # normal times
    link = phone.get_by_role("link", name="避難所の開設状況")
    assert link.first.is_visible()
    shoot(phone, "top-page")

    footer = phone.locator("footer").inner_text()
    assert "更新情報（RSS/Atom）" in footer
    assert "（Atom）" not in footer

    link.first.click()
    phone.wait_for_load_state()
    assert phone.url.endswith("/shelters/")
    assert "避難所" in phone.locator("h1").first.inner_text()
    shoot(phone, "shelters-after-one-tap")

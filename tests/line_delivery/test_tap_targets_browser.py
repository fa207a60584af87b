"""Every link and button a resident taps on a phone is at least 44 px high.

Residents are often elderly and open these pages from LINE on a phone (375×812): the
shelter list, a 防災情報 page with its shelters, and the LIFF garbage calendar (with
an ambiguous search, its .ics link, and without a 地区). Each visible link and button is
measured; none may be lower than 44 px (Apple's and WCAG 2.5.5's minimum).
"""

import pytest

from home.models import HomePage
from home.models.shelters import ShelterStatus
from tests.factories import (
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    GarbageItemFactory,
    ShelterFactory,
)

from .conftest import make_friend


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MIN_HEIGHT = 44

MEASURE = """() => Array.from(document.querySelectorAll('a[href], button, [role=button]'))
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
                && !el.closest('.visually-hidden, [hidden]'))
  .map(el => [el.innerText.trim() || el.getAttribute('aria-label') || el.outerHTML.slice(0, 60),
              Math.round(el.getBoundingClientRect().height * 10) / 10])"""


def sandbox_friend(**kwargs):
    friend = make_friend(**kwargs)
    friend.is_sandbox = True
    friend.save()
    return friend


def test_every_link_and_button_on_resident_pages_is_44_px_high(
    live_server, phone, shoot, town
):
    shelters = [
        ShelterFactory(name="小方公民館", status=ShelterStatus.OPEN),
        ShelterFactory(name="玖波公民館", status=ShelterStatus.FULL),
    ]
    index = DisasterIndexPageFactory(parent=HomePage.objects.get())
    notice = DisasterNoticePageFactory(parent=index, title="大雨による避難情報")
    notice.shelters.set(shelters)
    notice.save_revision().publish()
    for name, reading in (
        ("ペットボトル", "ぺっとぼとる"),
        ("ペット用品", "ぺっとようひん"),
    ):
        GarbageItemFactory(name=name, reading=reading, category=town["bottles"])
    with_area = sandbox_friend(areas=[town["ogata"]])
    without_area = sandbox_friend()

    screens = {
        "shelter list": "/shelters/",
        "防災情報 page with shelters": notice.url,
        "calendar, ambiguous search": (
            f"/liff/calendar/?sandbox_friend={with_area.pk}&q=ぺっと"
        ),
        "calendar without a 地区": f"/liff/calendar/?sandbox_friend={without_area.pk}",
    }
    too_small: dict[str, list] = {}
    seen: set[str] = set()
    for name, path in screens.items():
        phone.goto(live_server.url + path)
        phone.wait_for_load_state("load")
        if path.startswith("/liff/"):  # the LIFF sign-in step first, then the page
            phone.get_by_role("heading", name="ごみ収集カレンダー").wait_for()
        shoot(phone, name.replace(" ", "-"))
        targets = phone.evaluate(MEASURE)
        assert targets, name
        seen |= {label for label, _ in targets}
        small = [(label, h) for label, h in targets if h < MIN_HEIGHT]
        if small:
            too_small[name] = small

    # The links the issue and the audit named are among those measured.
    for label in (
        "地図で見る",
        "防災情報一覧へ戻る",
        "ペットボトルの出し方を見る",
        "スマートフォンのカレンダーに登録する",
        "受信設定で地区を選ぶ",
    ):
        assert label in seen, (label, sorted(seen))
    assert not too_small, too_small

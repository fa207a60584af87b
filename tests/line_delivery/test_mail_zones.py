"""Zones (沿岸部, 山間部, 小瀬川沿い …) in a 防災メール reach their 地区 (issue 14).

Staff keep the zone → 地区 list in the admin beside the 地区; a mail that names a
known zone goes to the zone's 地区 and says so; an unknown zone goes citywide and
the duty staff are asked to look, as before.
"""

import json

from django.core import mail as django_mail

import pytest

from home.models import Area, Zone
from line_delivery.models import MailBridgeSettings

from .conftest import make_friend
from .lifecycle_helpers import feed, fresh, home_alerts, mail_bytes, texts


pytestmark = pytest.mark.django_db
DUTY = "tounban@city.otake.example.jp"

SURGE = (
    "こちらは防災大竹市役所です。\n"
    "台風の接近で潮位が高くなっています。\n"
    "海岸や河口付近には近づかないでください。\n"
)


@pytest.fixture
def duty_staff(db):
    config = MailBridgeSettings.load()
    config.duty_staff_emails = DUTY
    config.save()


def test_a_note_naming_a_known_zone_reaches_its_chiku_and_is_labelled_with_it(
    city, duty_staff, line_channel, client, django_capture_on_commit_callbacks
):
    on_the_coast = make_friend(areas=[city["玖波"]])
    on_the_island = make_friend(areas=[city["阿多田"]])
    in_the_hills = make_friend(areas=[city["栗谷"]])

    notice = feed(
        mail_bytes(SURGE + "（沿岸部のみの放送です。）", "高潮に注意してください"),
        django_capture_on_commit_callbacks,
    )

    coast = [a.name for a in Zone.objects.get(name="沿岸部").areas.all()]
    assert set(notice.area_names()) == set(coast) and "栗谷" not in coast
    assert not notice.areas_unread
    assert notice.areas_text.startswith("沿岸部（") and "玖波" in notice.areas_text
    assert texts(line_channel, on_the_coast) and texts(line_channel, on_the_island)
    assert texts(line_channel, in_the_hills) == []
    [card] = line_channel.received(on_the_coast.line_user_id)
    assert "対象地区: 沿岸部（小方、玖波" in json.dumps(
        card.message, ensure_ascii=False
    )
    page = client.get(notice.url).content.decode()
    assert "沿岸部（" in page and "読み取れなかった" not in page
    assert "対象: 沿岸部（" in home_alerts(client)
    assert django_mail.outbox == []  # nothing for the duty staff to fix


def test_an_unknown_zone_still_goes_citywide_and_is_flagged(
    city, duty_staff, line_channel, django_capture_on_commit_callbacks
):
    make_friend(areas=[city["栗谷"]])
    notice = feed(
        mail_bytes(
            SURGE + "（臨海工業地帯のみの放送です。）", "高潮に注意してください"
        ),
        django_capture_on_commit_callbacks,
    )
    assert notice.area_names() == [] and notice.areas_unread
    assert notice.areas_text == "対象地区を読み取れなかったため全域に配信"
    [sent] = line_channel.deliveries
    assert sent.endpoint == "broadcast"  # the safe side: everyone
    [alert] = django_mail.outbox
    assert alert.subject.startswith("【確認】") and "対象地区" in alert.body


def test_staff_add_a_zone_in_the_admin_and_the_next_mail_uses_it(
    city, admin_client, duty_staff, line_channel, django_capture_on_commit_callbacks
):
    listing = admin_client.get("/admin/snippets/home/zone/").content.decode()
    assert "地域の呼び名と地区" in listing and "沿岸部" in listing
    assert "小瀬川沿い" in listing and "含まれる地区" in listing
    form = admin_client.get("/admin/snippets/home/zone/add/").content.decode()
    assert "地域の呼び名" in form and "別の表記" in form and "含まれる地区" in form

    response = admin_client.post(
        "/admin/snippets/home/zone/add/",
        {
            "name": "臨海工業地帯",
            "aliases": "工業地帯",
            "areas": [city["元町"].pk, city["立戸"].pk],
            "sort_order": "20",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    in_motomachi = make_friend(areas=[city["元町"]])
    in_kuba = make_friend(areas=[city["玖波"]])

    notice = feed(
        mail_bytes(SURGE + "※工業地帯のみで放送しています。", "高潮に注意"),
        django_capture_on_commit_callbacks,
    )
    assert notice.area_names() == ["元町", "立戸"]
    assert notice.zone_label == "臨海工業地帯"
    assert texts(line_channel, in_motomachi) and texts(line_channel, in_kuba) == []
    assert django_mail.outbox == []


def test_a_zone_in_the_body_limits_an_order_and_its_lift(
    city, line_channel, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    by_the_river = make_friend(areas=[city["比作"]])
    on_the_coast = make_friend(areas=[city["玖波"]])
    order = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "小瀬川の水位が上がっているため、小瀬川沿いに"
            "「警戒レベル３　高齢者等避難」を発令しました。",
            "【防災情報】小瀬川沿い 高齢者等避難",
        ),
        capture,
    )
    river = {a.name for a in Zone.objects.get(name="小瀬川沿い").areas.all()}
    assert set(order.area_names()) == river and order.level == 3
    assert "小瀬川沿い（" in order.areas_text
    assert texts(line_channel, by_the_river) and texts(line_channel, on_the_coast) == []

    feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "小瀬川沿いに発令していた「警戒レベル３　高齢者等避難」を解除しました。",
            "【防災情報】小瀬川沿い 解除",
        ),
        capture,
    )
    assert not fresh(order).in_force
    assert home_alerts(client) == ""
    [follow_up] = [
        item.text
        for item in line_channel.received(by_the_river.line_user_id)
        if item.message.get("type") == "text"
    ]
    assert follow_up.startswith("【解除】")


def test_named_chiku_in_a_note_win_over_a_zone_word(
    city, django_capture_on_commit_callbacks
):
    notice = feed(
        mail_bytes(SURGE + "※沿岸部のうち、小方地区と元町地区に向けて放送しています。"),
        django_capture_on_commit_callbacks,
    )
    assert notice.area_names() == ["小方", "元町"] and notice.zone_label == ""
    assert Area.objects.filter(name="小方").exists()

"""Disaster mode (災害モード) and shelters, as staff switch them and residents see them."""

import logging

from django.contrib.auth.models import Group, Permission

import pytest

from cms.roles import editor_group_name
from home import disaster_mode
from home.models import (
    Area,
    DisasterMode,
    DisasterModeSwitch,
    DisasterNoticePage,
    Shelter,
    ShelterStatus,
)
from home.signals import disaster_mode_changed
from line_delivery.models import Delivery
from tests.auth import sign_in_verified
from tests.factories import (
    AreaFactory,
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    ShelterFactory,
)

from .conftest import make_friend
from .webhook_helpers import base_event, body_for, post_webhook, text_event


pytestmark = pytest.mark.django_db
SECRET = "fake-channel-secret"


@pytest.fixture
def say(client, line_channel, django_capture_on_commit_callbacks):
    """A friend sends an event; returns what the account answered them."""

    def send(friend, event):
        with django_capture_on_commit_callbacks(execute=True):
            post_webhook(client, body_for(event), SECRET)
        return line_channel.received(friend.line_user_id)

    return send


@pytest.fixture
def signals_sent():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    disaster_mode_changed.connect(receiver, dispatch_uid="test-receiver")
    yield received
    disaster_mode_changed.disconnect(dispatch_uid="test-receiver")


@pytest.fixture
def active_notice(home_page):
    index = DisasterIndexPageFactory(parent=home_page)
    return DisasterNoticePageFactory(parent=index, title="大雨による避難指示", level=4)


def test_switching_in_the_admin_is_logged_signalled_and_shown(
    admin_client, admin_user, signals_sent, caplog
):
    caplog.set_level(logging.INFO, logger="otake.audit")
    response = admin_client.post(
        "/admin/disaster-mode/", {"action": "on", "reason": "台風第14号の接近"}
    )
    assert response.status_code == 302
    assert DisasterMode.load().is_active
    assert signals_sent == [
        {
            "active": True,
            "user": admin_user,
            "reason": "台風第14号の接近",
            "signal": disaster_mode_changed,
        }
    ]
    assert "disaster_mode.on" in caplog.text

    admin_client.post(
        "/admin/disaster-mode/", {"action": "off", "reason": "台風が通過"}
    )
    assert not DisasterMode.load().is_active
    assert [s["active"] for s in signals_sent] == [True, False]
    log = list(DisasterModeSwitch.objects.order_by("at", "pk"))
    assert [(e.kind, e.user, e.reason) for e in log] == [
        ("on", admin_user, "台風第14号の接近"),
        ("off", admin_user, "台風が通過"),
    ]
    page = admin_client.get("/admin/disaster-mode/").content.decode()
    assert "台風第14号の接近" in page and "通常モードに戻した" in page


def test_only_city_administrators_switch(client, django_user_model, signals_sent):
    editor = django_user_model.objects.create_user("editor", password="x" * 12)
    editor.groups.add(Group.objects.get(name=editor_group_name("広報")))
    sign_in_verified(client, editor)

    assert client.get("/admin/disaster-mode/").status_code == 200  # may look
    response = client.post("/admin/disaster-mode/", {"action": "on"})
    # A Japanese 403 page inside the admin, and the attempt is in the audit log.
    assert response.status_code == 403
    assert "この操作の権限がありません" in response.content.decode()
    assert not DisasterMode.load().is_active and signals_sent == []
    from cms.models import AuditEntry

    [refused] = AuditEntry.objects.filter(action="access.denied")
    assert (refused.username, refused.details["path"]) == (
        "editor",
        "/admin/disaster-mode/",
    )
    assert refused.details["method"] == "POST"
    assert refused.action_label == "権限のない操作の試み"

    editor.user_permissions.add(Permission.objects.get(codename="switch_disastermode"))
    client.post("/admin/disaster-mode/", {"action": "on", "reason": "訓練"})
    assert DisasterMode.load().is_active


def test_a_switch_without_a_reason_is_refused_with_a_japanese_message(
    admin_client, signals_sent
):
    response = admin_client.post(
        "/admin/disaster-mode/", {"action": "on", "reason": " "}
    )

    assert response.status_code == 400
    assert "理由を入力してください" in response.content.decode()
    assert not DisasterMode.load().is_active and signals_sent == []
    assert not DisasterModeSwitch.objects.exists()


def test_leaving_disaster_mode_is_always_a_person(signals_sent):
    disaster_mode.enter(reason="防災メール", source=DisasterModeSwitch.Source.MAIL)
    with pytest.raises(ValueError):
        disaster_mode.leave(user=None)
    assert DisasterMode.load().is_active


def test_disaster_mode_puts_the_active_notices_on_every_web_page(
    client, active_notice, home_page
):
    ShelterFactory(name="総合市民会館", status=ShelterStatus.OPEN)
    home_page.save_revision().publish()
    before = client.get("/").content.decode()
    assert "災害対応中" not in before

    disaster_mode.enter(reason="テスト")
    for url in ("/", "/search/?q=ごみ", "/shelters/"):
        html = client.get(url).content.decode()
        assert "災害対応中" in html, url
        assert "大雨による避難指示" in html
        assert "総合市民会館" in html


def test_disaster_mode_changes_the_chats_fallback_to_shelters_and_notices(
    say, active_notice
):
    ShelterFactory(name="木野集会所", status=ShelterStatus.OPEN)
    friend = make_friend()
    [normal] = say(
        friend, text_event(friend.line_user_id, "あいうえおかきくけこ", None)
    )
    assert "見つかりませんでした" in normal.text and "木野集会所" not in normal.text

    disaster_mode.enter(reason="テスト")
    answers = say(
        friend, text_event(friend.line_user_id, "さしすせそたちつてと", None)
    )[1:]
    texts = [a.text for a in answers]
    assert "災害対応中" in texts[0] and "木野集会所" in texts[0]
    assert "大雨による避難指示" in texts[1]  # the latest notices, as a carousel
    assert answers[1].message["contents"]["type"] == "carousel"


def test_one_click_status_shows_on_the_page_and_in_the_chat(admin_client, client, say):
    shelter = ShelterFactory(name="玖波公民館", latitude=34.2, longitude=132.2)
    friend = make_friend()

    page = admin_client.get("/admin/shelters/status/").content.decode()
    assert "玖波公民館" in page and 'name="viewport"' in page
    admin_client.post(f"/admin/shelters/status/{shelter.pk}/", {"status": "open"})

    shelter.refresh_from_db()
    assert shelter.status == ShelterStatus.OPEN
    public = client.get("/shelters/").content.decode()
    assert "玖波公民館" in public and "is-open" in public

    def location():
        return base_event(
            "message",
            friend.line_user_id,
            reply_token=None,
            message={
                "id": "1",
                "type": "location",
                "latitude": 34.2,
                "longitude": 132.2,
            },
        )

    intro, carousel = say(friend, location())
    assert intro.text == "近くの開設中の避難所です。"
    assert (
        "開設"
        in carousel.message["contents"]["contents"][0]["body"]["contents"][1]["text"]
    )

    admin_client.post(f"/admin/shelters/status/{shelter.pk}/", {"status": "full"})
    assert "満" in client.get("/shelters/").content.decode()
    _intro, carousel = say(friend, location())[2:]
    assert carousel.message["contents"]["contents"][0]["body"]["contents"][1][
        "text"
    ].startswith("満")


def test_announcing_open_shelters_reaches_only_their_areas(
    admin_client, home_page, topics, line_channel, django_capture_on_commit_callbacks
):
    DisasterIndexPageFactory(parent=home_page)
    kino, kuba = AreaFactory(name="木野"), AreaFactory(name="玖波")
    shelter = ShelterFactory(name="木野集会所", status=ShelterStatus.OPEN)
    shelter.areas.set([kino])
    shelter.save()  # parental relations are written on save
    closed = ShelterFactory(name="玖波公民館", status=ShelterStatus.CLOSED)
    closed.areas.set([kuba])
    closed.save()
    in_kino, in_kuba = make_friend(areas=[kino]), make_friend(areas=[kuba])

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/shelters/announce/")

    notice = DisasterNoticePage.objects.live().get()
    assert notice.area_names() == ["木野"] and notice.shelter_names() == ["木野集会所"]
    [received] = line_channel.received(in_kino.line_user_id)
    assert "木野集会所" in received.text
    assert line_channel.received(in_kuba.line_user_id) == []
    assert Delivery.objects.get(page=notice).kind == Delivery.Kind.PUBLISH


def test_a_lifted_notice_is_lifted_everywhere_and_told_to_its_recipients(
    client, home_page, topics, line_channel, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    index = DisasterIndexPageFactory(parent=home_page)
    area = AreaFactory(name="栗谷")
    got_it = make_friend(areas=[area])
    make_friend(areas=[AreaFactory(name="小方")])
    notice = DisasterNoticePageFactory(
        parent=index, title="栗谷地区に避難指示", live=False
    )
    notice.target_areas.set([area])
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    joined_later = make_friend(areas=[area])

    notice.lifted_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()  # an edit after the lifting: told once only

    texts = line_channel.received_texts(got_it.line_user_id)
    assert len(texts) == 2 and texts[1].startswith("【解除】")
    assert line_channel.received(joined_later.line_user_id) == []
    assert "【解除】" in client.get(notice.url).content.decode()
    assert (
        "【解除】栗谷地区に避難指示" in client.get("/feeds/disaster/").content.decode()
    )
    api = client.get(f"/api/v2/pages/{notice.pk}/").json()
    assert api["is_lifted"] is True
    assert Area.objects.count() == 2
    assert Shelter.objects.count() == 0

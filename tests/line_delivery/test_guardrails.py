"""配信前の確認: the publish screen warns before over-sending; one click confirms.

Recipients and those already at the city's weekly cap, quiet hours (防災 at level ≥ 3
exempt), a page without topic or 地区 going to everyone; the confirmation is
audit-logged and nothing is sent before it.
"""

import datetime

from django.utils import timezone

import pytest

from cms.models import AuditEntry
from home.models import DisasterNoticePage, NewsPage
from line_delivery.delivery_reports import guardrails
from line_delivery.delivery_reports.models import DeliveryGuardrailSettings
from line_delivery.models import Delivery, DeliveryRequest
from tests.cms.test_roles import disaster_form
from tests.factories import DisasterIndexPageFactory, NewsPageFactory
from tests.home.test_admin_editing import news_form

from .conftest import make_friend


pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(db):
    """Quiet hours far from now (so only the warnings a test sets up appear)."""
    settings = DeliveryGuardrailSettings.load()
    now = timezone.localtime()
    settings.quiet_hours_start = (now + datetime.timedelta(hours=3)).time()
    settings.quiet_hours_end = (now + datetime.timedelta(hours=4)).time()
    settings.weekly_cap = 3
    settings.save()
    return settings


def quiet_now(settings) -> None:
    now = timezone.localtime()
    settings.quiet_hours_start = (now - datetime.timedelta(hours=1)).time()
    settings.quiet_hours_end = (now + datetime.timedelta(hours=1)).time()
    settings.save()


def already_received(friends, times: int) -> None:
    """These friends got ``times`` messages in the last days."""
    for n in range(times):
        delivery = Delivery.objects.create(
            title=f"過去の配信{n}", kind=Delivery.Kind.PUBLISH, status="completed"
        )
        DeliveryRequest.objects.create(
            delivery=delivery,
            sequence=0,
            friend_ids=[f.pk for f in friends],
            recipient_count=len(friends),
            status=DeliveryRequest.Status.ACCEPTED,
            accepted_at=timezone.now() - datetime.timedelta(days=n + 1),
        )


def _news(topics, slug="gomi-news", **extra):
    data = news_form(slug=slug, send_to_line="on", **{"action-publish": "1"}, **extra)
    data["topics"] = [str(topics["gomi"].pk)]
    return data


def test_publishing_to_people_at_the_weekly_cap_asks_first_and_logs_the_confirmation(
    line_channel,
    news_index,
    topics,
    limits,
    admin_client,
    django_capture_on_commit_callbacks,
):
    busy = [make_friend() for _ in range(2)]
    calm = [make_friend() for _ in range(3)]
    make_friend(topics=[topics["event"]])
    already_received(busy, 3)
    add_url = f"/admin/pages/add/home/newspage/{news_index.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(add_url, _news(topics))
    html = response.content.decode()
    assert response.status_code == 200 and "data-guardrails" in html
    assert "<strong data-recipients>5 人</strong>" in html
    assert "<strong data-at-cap>2 人</strong>" in html
    assert "過去7日間にすでに 3 通以上受け取っています" in html
    assert not NewsPage.objects.filter(slug="gomi-news").exists(), "nothing yet"
    assert not Delivery.objects.filter(kind=Delivery.Kind.PUBLISH, page__isnull=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            add_url, {**_news(topics), "confirm_line_guardrails": "1"}
        )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="gomi-news")
    assert page.live
    assert Delivery.objects.get(page=page).accepted_recipients == 5
    assert all(len(line_channel.received(f.line_user_id)) == 1 for f in busy + calm)
    entry = AuditEntry.objects.get(action="delivery.guardrail_confirmed")
    assert entry.details["recipients"] == 5 and entry.details["at_cap"] == 2


def test_no_warning_no_extra_step(
    line_channel, news_index, topics, limits, admin_client
):
    make_friend()
    make_friend(topics=[topics["event"]])
    response = admin_client.post(
        f"/admin/pages/add/home/newspage/{news_index.pk}/", _news(topics)
    )
    assert response.status_code == 302
    assert NewsPage.objects.get(slug="gomi-news").live


def test_quiet_hours_warn_but_a_level_3_disaster_notice_is_exempt(
    line_channel, home_page, limits, admin_client, django_capture_on_commit_callbacks
):
    quiet_now(limits)
    make_friend()
    disaster_index = DisasterIndexPageFactory(parent=home_page)
    add_url = f"/admin/pages/add/home/disasternoticepage/{disaster_index.pk}/"

    response = admin_client.post(
        add_url, disaster_form(slug="chui", level="2", **{"action-publish": "1"})
    )
    assert "いまは配信を控える時間帯" in response.content.decode()
    assert not DisasterNoticePage.objects.filter(slug="chui").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            add_url, disaster_form(slug="hinan", level="3", **{"action-publish": "1"})
        )
    assert response.status_code == 302
    assert DisasterNoticePage.objects.get(slug="hinan").live


def test_a_page_without_topic_going_to_everyone_is_warned(
    line_channel, news_index, limits, admin_client
):
    make_friend()
    make_friend()
    response = admin_client.post(
        f"/admin/pages/add/home/newspage/{news_index.pk}/",
        news_form(slug="zenin", send_to_line="on", **{"action-publish": "1"}),
    )
    assert "トピックも地区も選ばれていないため、友だち全員（2 人）に届きます" in (
        response.content.decode()
    )


def test_quiet_hours_across_midnight():
    settings = DeliveryGuardrailSettings(
        quiet_hours_start=datetime.time(21, 0), quiet_hours_end=datetime.time(7, 0)
    )

    def at(hour, minute=0):
        return timezone.make_aware(datetime.datetime(2026, 12, 3, hour, minute))

    assert guardrails.in_quiet_hours(at(22), settings)
    assert guardrails.in_quiet_hours(at(6, 59), settings)
    assert not guardrails.in_quiet_hours(at(7), settings)
    assert not guardrails.in_quiet_hours(at(12), settings)


def test_received_last_week_counts_broadcasts_and_ignores_test_sends(line_channel):
    friend = make_friend()
    old = make_friend()
    old.followed_at = timezone.now() - datetime.timedelta(days=30)
    old.save()
    friend.followed_at = timezone.now()
    friend.save()
    broadcast = Delivery.objects.create(
        title="一斉", kind=Delivery.Kind.PUBLISH, is_broadcast=True, status="completed"
    )
    DeliveryRequest.objects.create(
        delivery=broadcast,
        sequence=0,
        status=DeliveryRequest.Status.ACCEPTED,
        accepted_at=timezone.now() - datetime.timedelta(days=1),
    )
    test = Delivery.objects.create(title="テスト", kind=Delivery.Kind.TEST)
    DeliveryRequest.objects.create(
        delivery=test,
        sequence=0,
        friend_ids=[old.pk],
        status=DeliveryRequest.Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    counts = guardrails.received_last_week({friend.pk, old.pk})
    assert counts[old.pk] == 1  # the broadcast; the test send is not counted
    assert counts[friend.pk] == 0  # followed after the broadcast


def preview(client, url, **params):
    response = client.get(
        "/admin/line/guardrail-preview/", {"url": url, **params}, follow=False
    )
    assert response.status_code == 200
    return response.json()


def test_the_editor_shows_the_recipients_without_any_warning(
    line_channel, news_index, topics, limits, admin_client
):
    busy = [make_friend() for _ in range(2)]
    make_friend(topics=[topics["gomi"]])
    make_friend(topics=[topics["event"]])
    already_received(busy, 1)  # under the cap: nothing to warn about
    add_url = f"/admin/pages/add/home/newspage/{news_index.pk}/"

    answer = preview(
        admin_client, add_url, send_to_line="on", topics=[topics["gomi"].pk]
    )
    assert answer["delivers"] and answer["warnings"] == []
    assert answer["text"] == (
        "公開すると 3 人の友だちにLINEで届きます。"
        "そのうち 0 人は、過去7日間にすでに 3 通以上受け取っています。"
    )
    assert preview(admin_client, add_url, send_to_line="on")["recipients"] == 4
    assert not preview(admin_client, add_url)["delivers"]  # 「LINEで配信する」 off

    # The editor of a page delivered once says a new publish sends nothing.
    page = NewsPageFactory(parent=news_index, slug="sumi", send_to_line=True)
    Delivery.objects.create(title="配信済み", kind=Delivery.Kind.PUBLISH, page=page)
    answer = preview(admin_client, f"/admin/pages/{page.pk}/edit/", send_to_line="on")
    assert not answer["delivers"] and "配信済み" in answer["text"]


def test_the_editor_loads_the_recipients_script(news_index, admin_client):
    html = admin_client.get(
        f"/admin/pages/add/home/newspage/{news_index.pk}/"
    ).content.decode()
    assert 'data-guardrail-preview-url="/admin/line/guardrail-preview/"' in html

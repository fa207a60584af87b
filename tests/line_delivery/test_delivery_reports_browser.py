"""Headless Chromium: the dashboard, a publish stopped by a guardrail, the report."""

import datetime

from django.utils import timezone

import pytest

from home.models import NewsPage
from line_delivery.delivery_reports.models import DeliveryGuardrailSettings
from line_delivery.models import Delivery
from tests.browser import sign_in_browser
from tests.factories import (
    DisasterIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)

from .conftest import make_friend
from .dashboard_data import fill_dashboard


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def staff(django_user_model, live_server, desktop):
    user = django_user_model.objects.create_superuser(
        "report-admin", "report@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, user)
    return user


def test_dashboard_at_1366x900_with_data(live_server, desktop, shoot, staff, home_page):
    NewsIndexPageFactory(parent=home_page)
    DisasterIndexPageFactory(parent=home_page)
    fill_dashboard()
    desktop.goto(live_server.url + "/admin/")
    desktop.wait_for_selector("canvas[data-chart='friends-chart'][data-drawn='true']")
    desktop.wait_for_selector("canvas[data-chart='blocks-chart'][data-drawn='true']")
    assert desktop.locator("[data-friends-now]").inner_text() == "40 人"
    assert desktop.get_by_role("link", name="お知らせを書く").is_visible()
    assert desktop.get_by_role("link", name="防災情報を出す").is_visible()
    shoot(desktop, "dashboard")
    desktop.locator("#dash-friends ~ details summary").click()
    assert desktop.locator("#dash-friends ~ details table").is_visible()
    shoot(desktop, "dashboard-friends-table")


def test_publish_with_a_guardrail_warning_and_its_confirmation(
    live_server, desktop, shoot, staff, home_page, line_channel, topics
):
    limits = DeliveryGuardrailSettings.load()
    now = timezone.localtime()
    limits.quiet_hours_start = (now - datetime.timedelta(hours=1)).time()
    limits.quiet_hours_end = (now + datetime.timedelta(hours=1)).time()
    limits.save()
    for _ in range(3):
        make_friend()
    make_friend(topics=[topics["event"]])
    index = NewsIndexPageFactory(parent=home_page)
    page = NewsPageFactory(parent=index, title="夜の断水のお知らせ", live=False)
    page.topics.set([topics["gomi"]])
    page.save_revision()

    desktop.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    desktop.locator("footer [data-w-dropdown-target='toggle']").last.click()
    desktop.locator("button[name='action-publish']").click()
    desktop.wait_for_selector("[data-guardrails]")
    text = desktop.locator("[data-guardrails]").inner_text()
    assert "3 人" in text and "いまは配信を控える時間帯" in text
    assert not Delivery.objects.filter(page=page).exists()
    shoot(desktop, "guardrail-warning")

    desktop.get_by_role("button", name="確認したので公開してLINEで配信する").click()
    desktop.wait_for_url(f"**/admin/pages/{index.pk}/**")
    shoot(desktop, "published")
    assert NewsPage.objects.get(pk=page.pk).live
    delivery = Delivery.objects.get(page=page)
    assert delivery.accepted_recipients == 3


def test_the_delivery_report_from_the_delivery_list(
    live_server, desktop, shoot, staff, home_page, line_channel, topics
):
    friends = [make_friend() for _ in range(21)]
    make_friend(topics=[topics["event"]])
    index = NewsIndexPageFactory(parent=home_page)
    page = NewsPageFactory(parent=index, title="ごみ収集日の変更", live=False)
    page.topics.set([topics["gomi"]])
    page.save_revision().publish()
    delivery = Delivery.objects.get(page=page)
    [multicast] = line_channel.requests_for("multicast")
    for friend in friends:
        line_channel.record_interaction(
            multicast.request_id, friend.line_user_id, "impression"
        )
    from line_delivery.delivery_reports.statistics import refresh

    refresh(delivery)

    desktop.goto(live_server.url + "/admin/delivery/")
    desktop.get_by_role("link", name="ごみ収集日の変更").first.click()
    desktop.wait_for_url(f"**/admin/line/deliveries/{delivery.pk}/")
    report = desktop.locator(".line-report")
    assert "配信レポート" in report.inner_text()
    assert desktop.locator("[data-report='accepted']").inner_text() == "21 人"
    assert desktop.locator("[data-stat='unique_impressions']").inner_text() == "21 人"
    shoot(desktop, "delivery-report")


def test_approval_in_the_browser_shows_the_guardrail_and_asks_for_the_tick(
    live_server, desktop, shoot, staff, home_page, line_channel, topics
):
    from cms.roles import ensure_roles

    limits = DeliveryGuardrailSettings.load()
    now = timezone.localtime()
    limits.quiet_hours_start = (now - datetime.timedelta(hours=1)).time()
    limits.quiet_hours_end = (now + datetime.timedelta(hours=1)).time()
    limits.save()
    ensure_roles()
    for _ in range(2):
        make_friend()
    index = NewsIndexPageFactory(parent=home_page)
    page = NewsPageFactory(parent=index, title="夜の工事のお知らせ", live=False)
    page.send_to_line = True
    page.save()
    page.topics.set([topics["gomi"]])
    page.save_revision()
    page.get_workflow().start(page, staff)

    desktop.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    desktop.locator("footer [data-w-dropdown-target='toggle']").last.click()
    desktop.get_by_role("button", name="承認と公開", exact=True).click()
    desktop.wait_for_selector(".modal [data-guardrails]")
    text = desktop.locator(".modal [data-guardrails]").inner_text()
    assert "2 人" in text and "いまは配信を控える時間帯" in text
    shoot(desktop, "approval-guardrail")
    desktop.locator(".modal button[type='submit']").click()
    desktop.wait_for_selector(".modal .error-message, .modal .help-critical")
    assert not NewsPage.objects.get(pk=page.pk).live
    desktop.locator(".modal [data-guardrail-confirm] input[type='checkbox']").check()
    desktop.locator(".modal button[type='submit']").click()
    desktop.wait_for_function(
        "() => !document.querySelector('.modal.show [data-guardrails]')"
    )
    # The page goes live, then (after its commit) its delivery is created: on a busy
    # machine the second can come a moment after the first.
    for _ in range(100):
        if (
            NewsPage.objects.get(pk=page.pk).live
            and Delivery.objects.filter(page=page).exists()
        ):
            break
        desktop.wait_for_timeout(200)
    assert NewsPage.objects.get(pk=page.pk).live
    assert Delivery.objects.filter(page=page).exists()

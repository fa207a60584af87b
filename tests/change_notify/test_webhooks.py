"""Change notifications: a lifted notice reaches the city's receiver, signed, retried."""

from __future__ import annotations

import datetime
import hashlib
import hmac
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
import threading

from django.utils import timezone

import pytest

from change_notify.models import ChangeEvent, WebhookDelivery, WebhookSubscription
from change_notify.targets import refused_reason
from home import disaster_mode
from home.models import ShelterStatus
from home.shelter_actions import set_status
from tests.factories import (
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ShelterFactory,
)


pytestmark = pytest.mark.django_db


class Receiver:
    """A test receiver on loopback: answers the queued statuses, then 200."""

    def __init__(self, statuses: list[int]):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.CHANGE_NOTIFY_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # IT allows loopback
    made = []

    def make(statuses=()):
        made.append(Receiver(list(statuses)))
        return made[-1]

    yield make
    for one in made:
        one.close()


def subscribe(url: str) -> WebhookSubscription:
    subscription = WebhookSubscription(name="市ホームページ", url=url)
    subscription.full_clean()
    subscription.save()
    return subscription


def test_a_lifted_notice_reaches_the_receiver_signed_after_one_500(
    receiver, home_page, django_capture_on_commit_callbacks
):
    target = receiver(statuses=[500])
    subscription = subscribe(target.url)
    notice = DisasterNoticePageFactory(
        parent=DisasterIndexPageFactory(parent=home_page), title="大雨による避難指示"
    )
    notice.lifted_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()

    assert len(target.requests) == 2  # the 500, then the retry that succeeded
    ids = {request["headers"]["X-Hub-Delivery"] for request in target.requests}
    assert len(ids) == 1  # exactly one delivery id across the attempts
    body = target.requests[-1]["body"]
    assert target.requests[0]["body"] == body
    expected = (
        "sha256="
        + hmac.new(subscription.secret.encode(), body, hashlib.sha256).hexdigest()
    )
    assert hmac.compare_digest(
        target.requests[-1]["headers"]["X-Hub-Signature-256"], expected
    )
    event = json.loads(body)
    assert event["type"] == "disaster_notice.lifted"
    assert target.requests[-1]["headers"]["X-Hub-Event"] == "disaster_notice.lifted"
    assert event["data"]["title"] == "大雨による避難指示"
    assert event["data"]["state"] == "lifted"
    assert event["data"]["api_url"].endswith(f"/api/v1/disaster-notices/{notice.pk}/")

    delivery = WebhookDelivery.objects.get()
    assert str(delivery.delivery_id) == ids.pop()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 2
    assert delivery.last_status_code == 200

    # Editing the lifted notice again is an update, not a second lifting.
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    assert (
        json.loads(target.requests[-1]["body"])["type"] == "disaster_notice.published"
    )


def test_publishing_unpublishing_shelters_and_disaster_mode_are_events(
    receiver, home_page, django_capture_on_commit_callbacks, admin_user
):
    target = receiver()
    subscribe(target.url)
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page))
    shelter = ShelterFactory(name="総合市民会館")
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        set_status(shelter, ShelterStatus.OPEN, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        set_status(shelter, ShelterStatus.OPEN, admin_user)  # no change: no event
    with django_capture_on_commit_callbacks(execute=True):
        disaster_mode.enter(user=admin_user, reason="大雨")
    events = [json.loads(request["body"]) for request in target.requests]
    assert [event["type"] for event in events] == [
        "news.published",
        "news.unpublished",
        "shelter.status_changed",
        "disaster_mode.changed",
    ]
    assert events[2]["data"]["status"] == "open"
    assert events[2]["data"]["previous_status"] == "closed"
    assert events[3]["data"] == {"active": True}
    assert len({event["id"] for event in events}) == 4


def test_a_receiver_that_keeps_failing_is_given_up_and_logged(
    receiver, settings, home_page, django_capture_on_commit_callbacks, admin_user
):
    settings.CHANGE_NOTIFY_MAX_ATTEMPTS = 3
    target = receiver(statuses=[503] * 10)
    subscribe(target.url)
    with django_capture_on_commit_callbacks(execute=True):
        disaster_mode.enter(user=admin_user, reason="地震")
    assert len(target.requests) == 3
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.last_error == "HTTP 503"


def test_internal_targets_are_refused_unless_it_allows_them(settings):
    settings.CHANGE_NOTIFY_ALLOWED_NETWORKS = []
    for url in [
        "http://127.0.0.1:8000/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "ftp://example.jp/hook",
    ]:
        assert refused_reason(url), url
    assert refused_reason("https://93.184.216.34/hook") is None
    assert "https" in refused_reason("http://93.184.216.34/hook")
    with pytest.raises(Exception, match="内部のアドレス"):
        WebhookSubscription(name="x", url="https://10.1.2.3/hook").full_clean()
    settings.CHANGE_NOTIFY_ALLOWED_NETWORKS = ["10.1.0.0/16"]
    assert refused_reason("http://10.1.2.3/hook") is None
    assert refused_reason("https://10.2.0.1/hook")


def test_a_target_that_became_internal_is_not_sent_to(
    receiver, settings, home_page, django_capture_on_commit_callbacks, admin_user
):
    target = receiver()
    subscribe(target.url)
    settings.CHANGE_NOTIFY_ALLOWED_NETWORKS = []  # IT withdrew the permission
    with django_capture_on_commit_callbacks(execute=True):
        disaster_mode.enter(user=admin_user, reason="地震")
    assert target.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "内部のアドレス" in delivery.last_error
    assert ChangeEvent.objects.count() == 1


def test_only_city_administrators_see_subscriptions_and_the_log(
    client, django_user_model, admin_user
):
    from django.contrib.auth.models import Group

    from cms.roles import ADMINISTRATORS, APPROVERS, ensure_roles
    from tests.auth import sign_in_verified

    ensure_roles()
    approver = django_user_model.objects.create_user("kachou", password="x" * 20)
    approver.groups.add(Group.objects.get(name=APPROVERS))
    it_admin = django_user_model.objects.create_user("it-kanri", password="x" * 20)
    it_admin.groups.add(Group.objects.get(name=ADMINISTRATORS))
    pages = [
        "/admin/change-notify/subscriptions/",
        "/admin/change-notify/deliveries/",
    ]
    sign_in_verified(client, approver)
    for page in pages:
        assert client.get(page).status_code in (302, 403), page
    client.logout()
    sign_in_verified(client, it_admin)
    for page in pages:
        assert client.get(page).status_code == 200, page
    response = client.get("/admin/change-notify/subscriptions/new/")
    assert response.status_code == 200 and "署名の鍵" in response.content.decode()


def test_a_delivery_whose_task_was_lost_is_sent_by_the_sweep(receiver, admin_user):
    from change_notify.tasks import resume_stranded_webhooks

    target = receiver()
    subscribe(target.url)
    # No on-commit capture: the task is never queued, as if the broker lost it.
    disaster_mode.enter(user=admin_user, reason="地震")
    delivery = WebhookDelivery.objects.get()
    assert target.requests == [] and delivery.status == WebhookDelivery.Status.PENDING
    assert resume_stranded_webhooks() == 0  # too recent to be called lost
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert resume_stranded_webhooks() == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert [r["headers"]["X-Hub-Delivery"] for r in target.requests] == [
        str(delivery.delivery_id)
    ]


def test_a_lift_mail_ending_a_notice_sends_exactly_one_lifted_notification(
    receiver, home_page, django_capture_on_commit_callbacks
):
    from line_delivery.models import TrustedSender
    from tests.line_delivery.lifecycle_helpers import feed, fresh, mail_bytes
    from tests.line_delivery.mail_helpers import SENDER, create_otake_places

    create_otake_places()
    DisasterIndexPageFactory(parent=home_page)
    TrustedSender.objects.create(address=SENDER, action=TrustedSender.Action.PUBLISH)
    target = receiver()
    subscribe(target.url)
    capture = django_capture_on_commit_callbacks

    order = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "松ケ原地区に「警戒レベル４　避難指示」を発令しました。",
            "【防災情報】松ケ原 避難指示",
        ),
        capture,
    )
    lift = feed(
        mail_bytes(
            "こちらは大竹市災害対策本部です。\n"
            "松ケ原地区に発令していた「警戒レベル４　避難指示」を、１５時に解除しました。",
            "【防災情報】松ケ原 避難指示の解除",
        ),
        capture,
    )
    assert not fresh(order).in_force

    events = [json.loads(request["body"]) for request in target.requests]
    about_order = [e for e in events if e["data"]["id"] == order.pk]
    assert [e["type"] for e in about_order] == [
        "disaster_notice.published",
        "disaster_notice.lifted",
    ]
    assert about_order[1]["data"]["state"] == "lifted"
    assert about_order[1]["data"]["lifted_at"]
    # The lifting notice itself was never in force: it is published, not "lifted".
    about_lift = [e for e in events if e["data"]["id"] == lift.pk]
    assert [e["type"] for e in about_lift] == ["disaster_notice.published"]
    assert about_lift[0]["data"]["state"] == "lifted"
    assert [e["type"] for e in events].count("disaster_notice.lifted") == 1

"""A half-failed send is finished without anyone getting the message twice (issue 16).

The monthly limit is recognised (not retried, shown as 「今月の配信上限に達しました」
with what was sent and what was not); after the limit is raised, 「未送信の人にだけ送る」
reaches exactly the friends LINE refused, with new retry keys, checked per user id.
"""

import pytest

from cms.models import AuditEntry
from line_delivery import delivery as engine
from line_delivery.models import Delivery, DeliveryRequest
from tests.factories import NewsPageFactory

from .conftest import make_friend
from .test_publish_delivery import publish


pytestmark = pytest.mark.django_db


@pytest.fixture
def small_requests():
    """Three recipients a request, so a few friends make several requests."""
    engine.MULTICAST_MAX_RECIPIENTS, saved = 3, engine.MULTICAST_MAX_RECIPIENTS
    yield
    engine.MULTICAST_MAX_RECIPIENTS = saved


def _publish_to_gomi(news_index, topics, capture):
    page = NewsPageFactory(parent=news_index, title="ごみ収集日の変更", live=False)
    page.topics.set([topics["gomi"]])
    publish(page, capture)
    return Delivery.objects.get(page=page, kind=Delivery.Kind.PUBLISH)


def _per_user(fake, friends) -> dict[str, int]:
    counts = fake.delivery_counts()
    return {f.line_user_id: counts.get(f.line_user_id, 0) for f in friends}


def test_monthly_limit_stops_without_retrying_and_resend_reaches_exactly_the_missing(
    line_channel,
    news_index,
    topics,
    admin_client,
    small_requests,
    django_capture_on_commit_callbacks,
):
    friends = [make_friend() for _ in range(10)]
    make_friend(topics=[topics["event"]])  # left out: a multicast, not a broadcast
    line_channel.set_monthly_quota(5)  # 3 fit; the next 3 do not; then 1 fits again

    delivery = _publish_to_gomi(news_index, topics, django_capture_on_commit_callbacks)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PARTIAL
    assert (delivery.accepted_recipients, delivery.failed_recipients) == (4, 6)
    refused = delivery.requests.filter(status=DeliveryRequest.Status.FAILED)
    assert refused.count() == 2
    assert set(refused.values_list("attempts", flat=True)) == {1}, "never retried"
    assert len(line_channel.requests_for("multicast")) == 4
    first_keys = {str(k) for k in delivery.requests.values_list("retry_key", flat=True)}

    page = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/").content.decode()
    assert "今月の配信上限に達しました" in page
    assert "LINEが受け付けたのは 4 人、受け付けなかったのは 6 人" in page
    assert "時間をおいて再送します" not in page
    assert "未送信の人にだけ送る（6 人）" in page

    line_channel.set_monthly_quota(1000, used=line_channel.quota_used)
    confirm = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/resend-missing/")
    assert "6 人に送る" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/line/deliveries/{delivery.pk}/resend-missing/"
        )
    assert response.status_code == 302
    resend = Delivery.objects.get(resend_of=delivery)
    assert resend.kind == Delivery.Kind.RESEND
    assert resend.status == Delivery.Status.COMPLETED
    assert resend.accepted_recipients == 6

    assert set(_per_user(line_channel, friends).values()) == {1}, "nobody twice"
    resend_keys = {str(k) for k in resend.requests.values_list("retry_key", flat=True)}
    assert resend_keys and not resend_keys & first_keys, "new keys for new requests"
    assert AuditEntry.objects.filter(action="delivery.resend_missing").count() == 1

    # Nothing is missing any more: a second press sends nothing.
    page = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/").content.decode()
    assert "未送信の人にだけ送る（" not in page
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/line/deliveries/{delivery.pk}/resend-missing/")
    assert Delivery.objects.filter(resend_of=delivery).count() == 1
    assert set(_per_user(line_channel, friends).values()) == {1}


def test_resend_after_a_refused_request_skips_those_whose_fate_is_unknown(
    line_channel,
    news_index,
    topics,
    admin_client,
    small_requests,
    django_capture_on_commit_callbacks,
):
    friends = [make_friend() for _ in range(9)]
    make_friend(topics=[topics["event"]])
    # Request 1: LINE refuses it (400). Request 2: LINE errs on every attempt (5xx),
    # so whether it arrived is unknown to us. Request 3 is accepted.
    line_channel.faults.next_n(1, status=400, endpoints=["multicast"])
    line_channel.faults.next_n(engine_attempts(), status=500, endpoints=["multicast"])
    delivery = _publish_to_gomi(news_index, topics, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PARTIAL

    page = admin_client.get(f"/admin/line/deliveries/{delivery.pk}/").content.decode()
    assert "届いたか分からない人が 3 人" in page
    assert "未送信の人にだけ送る（3 人）" in page
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/line/deliveries/{delivery.pk}/resend-missing/")

    counts = _per_user(line_channel, friends)
    refused, unknown, accepted = friends[0:3], friends[3:6], friends[6:9]
    assert [counts[f.line_user_id] for f in refused + accepted] == [1] * 6
    assert [counts[f.line_user_id] for f in unknown] == [0] * 3  # never risked twice
    resend = Delivery.objects.get(resend_of=delivery)
    assert resend.total_recipients == 3


def engine_attempts() -> int:
    from line_delivery.tasks import MAX_SEND_ATTEMPTS

    return MAX_SEND_ATTEMPTS + 1


def test_a_broadcast_stopped_by_the_monthly_limit_is_sent_again_as_one_broadcast(
    line_channel, news_index, admin_client, django_capture_on_commit_callbacks
):
    friends = [make_friend() for _ in range(4)]
    line_channel.set_followers([f.line_user_id for f in friends])
    line_channel.set_monthly_quota(2)
    page = NewsPageFactory(parent=news_index, live=False)
    publish(page, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(page=page)
    assert delivery.is_broadcast and delivery.status == Delivery.Status.FAILED
    assert (
        "今月の配信上限に達しました"
        in admin_client.get(f"/admin/line/deliveries/{delivery.pk}/").content.decode()
    )

    line_channel.set_monthly_quota(None)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/line/deliveries/{delivery.pk}/resend-missing/")
    assert set(_per_user(line_channel, friends).values()) == {1}
    assert len(line_channel.requests_for("broadcast")) == 2

"""Which requests ``resume_stalled_deliveries`` sends again after a worker crash.

A killed worker's in-flight request has nothing committed (its attempt rolled back
with the transaction), so the delivery's progress decides: nothing attempted for the
stall window (20 s) means its worker is gone. A progressing delivery, and a request
waiting out its retry backoff, are left alone.
"""

import datetime

from django.utils import timezone

import pytest

from line_delivery.delivery import pending_request_ids
from line_delivery.models import Delivery, DeliveryRequest


pytestmark = pytest.mark.django_db
WINDOW = datetime.timedelta(seconds=20)


def _delivery(age_seconds: float) -> Delivery:
    delivery = Delivery.objects.create(
        title="お知らせ", kind=Delivery.Kind.PUBLISH, status=Delivery.Status.SENDING
    )
    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=age_seconds)
    )
    return delivery


def _request(delivery, sequence, *, status="pending", attempted_ago=None, attempts=0):
    at = (
        None
        if attempted_ago is None
        else timezone.now() - datetime.timedelta(seconds=attempted_ago)
    )
    return DeliveryRequest.objects.create(
        delivery=delivery,
        sequence=sequence,
        status=status,
        attempts=attempts,
        last_attempt_at=at,
        first_attempt_at=at,
    )


def test_a_delivery_without_progress_for_the_window_is_resumed():
    delivery = _delivery(age_seconds=60)
    _request(delivery, 1, status="accepted", attempted_ago=25, attempts=1)
    in_flight_when_killed = _request(delivery, 2)  # its attempt rolled back
    never_reached = _request(delivery, 3)
    assert set(pending_request_ids(WINDOW)) == {
        in_flight_when_killed.pk,
        never_reached.pk,
    }


def test_a_delivery_still_progressing_is_left_to_its_worker():
    delivery = _delivery(age_seconds=60)
    _request(delivery, 1, status="accepted", attempted_ago=2, attempts=1)
    _request(delivery, 2)
    _request(delivery, 3)
    assert pending_request_ids(WINDOW) == []


def test_a_new_delivery_is_not_resumed_before_the_window():
    delivery = _delivery(age_seconds=5)
    _request(delivery, 1)
    assert pending_request_ids(WINDOW) == []


def test_a_request_waiting_out_its_backoff_is_left_to_its_retry():
    delivery = _delivery(age_seconds=300)
    # 7th attempt failed 40 s ago: its retry waits 64 s; the window is past, the
    # backoff is not.
    waiting = _request(delivery, 1, attempted_ago=40, attempts=7)
    assert waiting.pk not in pending_request_ids(WINDOW)
    DeliveryRequest.objects.filter(pk=waiting.pk).update(
        last_attempt_at=timezone.now() - datetime.timedelta(seconds=90)
    )
    assert pending_request_ids(WINDOW) == [waiting.pk]


def test_finished_or_cancelled_deliveries_are_never_resumed():
    done = _delivery(age_seconds=600)
    Delivery.objects.filter(pk=done.pk).update(status=Delivery.Status.CANCELLED)
    _request(done, 1)
    assert pending_request_ids(WINDOW) == []

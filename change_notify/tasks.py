"""Sending one webhook delivery: signed, retried with backoff, logged."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from celery import shared_task
import requests

from .models import WebhookDelivery
from .targets import refused_reason


SIGNATURE_HEADER = "X-Hub-Signature-256"
DELIVERY_HEADER = "X-Hub-Delivery"
EVENT_HEADER = "X-Hub-Event"
#: First retry after 30 s, then ×4 each time (2 min, 8 min, 32 min, ~2 h), capped.
FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 6 * 3600


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the raw body with the subscriber's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def retry_delay(attempts: int) -> int:
    return min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 4 ** (attempts - 1))


@shared_task(ignore_result=True)
def deliver_webhook(delivery_pk: int) -> None:
    """One attempt; on failure the next one is queued after a growing delay.

    The row is locked while sending, so two workers never send the same attempt;
    a delivered or failed row is left alone (redelivered tasks do nothing).
    """
    retry_in = None
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("event", "subscription")
            .filter(pk=delivery_pk, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return
        subscription = delivery.subscription
        delivery.attempts += 1
        body = delivery.event.body.encode()
        reason = refused_reason(subscription.url)
        if reason or not subscription.is_active:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.last_error = (reason or "送信先が停止されています。")[:300]
            delivery.save()
            return
        try:
            response = requests.post(
                subscription.url,
                data=body,
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    "User-Agent": "OtakeLineHub-Webhook/1",
                    DELIVERY_HEADER: str(delivery.delivery_id),
                    EVENT_HEADER: delivery.event.type,
                    SIGNATURE_HEADER: signature(subscription.secret, body),
                },
                timeout=settings.CHANGE_NOTIFY_TIMEOUT_SECONDS,
                allow_redirects=False,
            )
            delivery.last_status_code = response.status_code
            ok = 200 <= response.status_code < 300
            delivery.last_error = "" if ok else f"HTTP {response.status_code}"
        except requests.RequestException as error:
            ok = False
            delivery.last_status_code = None
            delivery.last_error = f"{type(error).__name__}: {error}"[:300]
        if ok:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
        elif delivery.attempts >= settings.CHANGE_NOTIFY_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            retry_in = retry_delay(delivery.attempts)
            delivery.next_attempt_at = timezone.now() + datetime.timedelta(
                seconds=retry_in
            )
        delivery.save()
    if retry_in is not None:
        deliver_webhook.apply_async((delivery_pk,), countdown=retry_in)


#: A pending delivery whose next attempt is this late has lost its task (a worker
#: or the broker went away): the sweep queues it again.
STRANDED_AFTER = datetime.timedelta(minutes=10)


@shared_task(ignore_result=True)
def resume_stranded_webhooks() -> int:
    """Beat job: queue pending deliveries that no task will pick up any more."""
    cutoff = timezone.now() - STRANDED_AFTER
    stranded = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING
    ).filter(
        models.Q(next_attempt_at__lt=cutoff)
        | models.Q(next_attempt_at__isnull=True, created_at__lt=cutoff)
    )
    pks = list(stranded.values_list("pk", flat=True)[:1000])
    for pk in pks:
        deliver_webhook.delay(pk)
    return len(pks)

"""Record a change once and plan its delivery to every active subscriber.

The body is built when the change happens (it says what was true at that moment),
stored, and sent byte for byte on every attempt, so the signature and the delivery
id stay the same across retries.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import ChangeEvent, EventType, WebhookDelivery, WebhookSubscription


def absolute(path: str) -> str:
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path.lstrip("/"))


def api_url(name: str, pk: int) -> str:
    return absolute(reverse(f"public_api:{name}-detail", args=[pk]))


def record(
    event_type: EventType, subject: str, data: dict[str, Any]
) -> ChangeEvent | None:
    """Store the event and one pending delivery per active subscriber; queue them."""
    from .tasks import deliver_webhook

    subscriptions = list(WebhookSubscription.objects.filter(is_active=True))
    if not subscriptions:
        return None
    now = timezone.now()
    event = ChangeEvent(type=event_type, subject=subject[:200], occurred_at=now)
    event.body = json.dumps(
        {
            "id": str(event.event_id),
            "type": str(event_type),
            "occurred_at": now.isoformat(),
            "data": data,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    with transaction.atomic():
        event.save()
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(event=event, subscription=subscription)
            for subscription in subscriptions
        )
    for delivery in deliveries:
        deliver_webhook.delay_on_commit(delivery.pk)
    return event

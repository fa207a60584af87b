"""One LINE aggregation unit per delivery, so its multicasts can be counted.

LINE counts push/multicast statistics only by ``customAggregationUnits`` names, at
most 1,000 a calendar month (JST); a name over the budget is silently dropped by
LINE. Our budget (``LINE_AGGREGATION_UNITS_PER_MONTH``) stays under it, and only the
sends staff read reports of get one (not test sends or garbage reminders).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from ..models import Delivery


JST = ZoneInfo("Asia/Tokyo")
UNIT_KINDS = (
    Delivery.Kind.PUBLISH,
    Delivery.Kind.REDELIVER,
    Delivery.Kind.LIFT,
    Delivery.Kind.SURVEY_REMINDER,
    Delivery.Kind.DIGEST,
)


def unit_name(delivery: Delivery) -> str:
    """``^[a-zA-Z0-9_]{1,30}$``: the prefix tells environments sharing a channel apart."""
    return f"{settings.LINE_AGGREGATION_UNIT_PREFIX}d{delivery.pk}"[:30]


def month_start(moment: datetime.datetime | None = None) -> datetime.datetime:
    local = (moment or timezone.now()).astimezone(JST)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def units_used_this_month() -> int:
    return (
        Delivery.objects.exclude(aggregation_unit="")
        .filter(resend_of=None, is_broadcast=False, created_at__gte=month_start())
        .count()
    )


def assign_unit(delivery: Delivery) -> str:
    """Name the delivery's unit (once); '' when it gets none (kind, or the budget)."""
    if delivery.aggregation_unit or delivery.kind not in UNIT_KINDS:
        return delivery.aggregation_unit
    if units_used_this_month() >= settings.LINE_AGGREGATION_UNITS_PER_MONTH:
        return ""
    name = unit_name(delivery)
    Delivery.objects.filter(pk=delivery.pk, aggregation_unit="").update(
        aggregation_unit=name
    )
    delivery.aggregation_unit = name
    return name

"""「未送信の人にだけ送る」: finish a half-failed delivery without sending anyone twice.

A new delivery (kind 未送信の人への送信) is planned with the same messages for the
recipients whose requests LINE did not accept, as new requests with new retry keys
(``delivery.plan_multicasts``). Accepted requests are never sent again: the original's
and every earlier resend's accepted recipients are left out.

A request whose fate is unknown (attempted, and LINE never gave a definite answer:
timeouts, 5xx) may have been delivered; it is not resent, and the report counts it
apart, so that nobody can get the message twice.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from ..delivery import plan_multicasts
from ..models import Delivery, DeliveryRequest, Friend


@dataclass
class Recipients:
    """Who a delivery (with its resends) reached, by friend id."""

    planned: set[int]
    accepted: set[int]
    refused: set[int]
    """LINE definitely did not deliver (4xx, the monthly limit, never attempted)."""
    uncertain: set[int]
    """Attempted without a definite answer: perhaps delivered, so never resent."""
    broadcast_accepted: bool = False
    broadcast_missing: bool = False


def root_of(delivery: Delivery) -> Delivery:
    return delivery.resend_of or delivery


def _definitely_refused(request: DeliveryRequest) -> bool:
    code = request.last_status_code
    if request.attempts == 0:
        return True
    # The same retry key answered with a 4xx (not 409): LINE never accepted it.
    return code is not None and 400 <= code < 500 and code != 409


def _family(root: Delivery) -> QuerySet[DeliveryRequest]:
    return DeliveryRequest.objects.filter(
        Q(delivery=root) | Q(delivery__resend_of=root)
    )


def recipients(delivery: Delivery) -> Recipients:
    """Planned / accepted / refused / uncertain of the delivery and all its resends."""
    root = root_of(delivery)
    result = Recipients(set(), set(), set(), set())
    broadcast_seen = False
    for request in _family(root).select_related("delivery").order_by("pk"):
        ids = set(request.friend_ids)
        if request.delivery_id == root.pk:
            result.planned |= ids
        if request.delivery.is_broadcast:
            broadcast_seen = True
            if request.status == DeliveryRequest.Status.ACCEPTED:
                result.broadcast_accepted = True
            continue
        if request.status == DeliveryRequest.Status.ACCEPTED:
            result.accepted |= ids
        elif request.status in (
            DeliveryRequest.Status.FAILED,
            DeliveryRequest.Status.CANCELLED,
        ):
            if _definitely_refused(request):
                result.refused |= ids
            else:
                result.uncertain |= ids
    result.refused -= result.accepted
    result.uncertain -= result.accepted
    result.refused -= result.uncertain
    if broadcast_seen and not result.broadcast_accepted:
        uncertain = _family(root).filter(delivery__is_broadcast=True)
        result.broadcast_missing = all(_definitely_refused(r) for r in uncertain)
    return result


def missing_friend_ids(delivery: Delivery) -> list[int]:
    """Friends still following whom LINE definitely did not reach (sorted)."""
    found = recipients(delivery)
    following = set(
        Friend.objects.following()
        .filter(pk__in=found.refused)
        .values_list("pk", flat=True)
    )
    return sorted(following)


def can_resend(delivery: Delivery) -> bool:
    root = root_of(delivery)
    family = Delivery.objects.filter(Q(pk=root.pk) | Q(resend_of=root))
    if family.exclude(status__in=Delivery.FINISHED).exists():
        return False
    found = recipients(root)
    return bool(missing_friend_ids(root)) or found.broadcast_missing


def resend_missing(delivery: Delivery, user=None) -> Delivery | None:
    """Plan the new delivery to the missing recipients; None if nobody is missing.

    The caller queues its requests (``tasks.send_delivery_request``) on commit.
    """
    with transaction.atomic():
        root = Delivery.objects.select_for_update().get(pk=root_of(delivery).pk)
        if not can_resend(root):
            return None
        found = recipients(root)
        broadcast = root.is_broadcast and found.broadcast_missing
        friend_ids = [] if broadcast else missing_friend_ids(root)
        total = Friend.objects.following().count() if broadcast else len(friend_ids)
        resend = Delivery.objects.create(
            page=root.page,
            revision=root.revision,
            kind=Delivery.Kind.RESEND,
            title=root.title,
            messages=root.messages,
            is_broadcast=broadcast,
            total_recipients=total,
            status=Delivery.Status.SENDING,
            aggregation_unit=root.aggregation_unit,
            resend_of=root,
            requested_by=user,
        )
        if broadcast:
            DeliveryRequest.objects.create(
                delivery=resend, sequence=0, recipient_count=total
            )
        else:
            plan_multicasts(resend, friend_ids)
        return resend


def request_ids(delivery: Delivery) -> list[int]:
    return list(
        delivery.requests.filter(status=DeliveryRequest.Status.PENDING).values_list(
            "pk", flat=True
        )
    )


def monthly_limit_counts(delivery: Delivery) -> tuple[int, int] | None:
    """(sent, not sent) when LINE's monthly limit stopped this delivery, else None."""
    from ..delivery import MONTHLY_LIMIT_REASON

    stopped = delivery.requests.filter(
        status=DeliveryRequest.Status.FAILED, error_message=MONTHLY_LIMIT_REASON
    )
    if not stopped.exists():
        return None
    not_sent = sum(stopped.values_list("recipient_count", flat=True))
    return delivery.accepted_recipients, not_sent

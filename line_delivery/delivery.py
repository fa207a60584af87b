"""The delivery engine: plan a page's send as LINE requests, send each exactly once.

Exactly once, even with retries, timeouts and killed workers, rests on three things:

1. The plan (recipients per request, and each request's ``X-Line-Retry-Key``) is
   committed before the first attempt, and never changes.
2. A request is sent only while holding its row lock and only while ``pending``, so two
   workers never send it at the same time, and an accepted request is never re-sent.
3. A crash after LINE accepted but before we recorded it is answered by LINE with 409
   on the next attempt (same key), which we count as accepted.
"""

from dataclasses import dataclass
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from . import client, ratelimit
from .audience import audience_friends
from .flex import as_test, page_message, reminder_message
from .models import Delivery, DeliveryRequest, Friend, TestMember
from .surveys.answers import non_respondent_friend_ids
from .validation import line_problems


logger = logging.getLogger(__name__)

MULTICAST_MAX_RECIPIENTS = 500
SEND_FIELDS = [
    "status",
    "attempts",
    "first_attempt_at",
    "last_attempt_at",
    "accepted_at",
    "line_request_id",
    "accepted_request_id",
    "last_status_code",
    "error_message",
]
"""What sending changes on a request (``friend_ids`` is never rewritten)."""


class SendOutcome:
    DONE = "done"
    RETRY = "retry"


@dataclass
class PlanResult:
    delivery: Delivery | None
    request_ids: list[int]


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def create_page_delivery(page, revision, kind: str, user=None) -> Delivery | None:
    """The Delivery row for a published revision (None if this revision already has one)."""
    if kind == Delivery.Kind.PUBLISH:
        existing = Delivery.objects.filter(revision=revision, kind=kind).first()
        if existing:
            return None
    # One lifting message per notice, however often it is re-published.
    if (
        kind == Delivery.Kind.LIFT
        and Delivery.objects.filter(page=page, kind=kind).exists()
    ):
        return None
    return Delivery.objects.create(
        page=page, revision=revision, kind=kind, title=page.title, requested_by=user
    )


def plan(delivery: Delivery, page) -> list[int]:
    """Build and validate the messages, fix the audience and the requests; return their ids.

    Idempotent: a delivery that is already planned returns its pending requests.
    """
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status != Delivery.Status.PLANNING:
            return list(
                delivery.requests.filter(
                    status=DeliveryRequest.Status.PENDING
                ).values_list("pk", flat=True)
            )
        messages = [page_message(page)]
        original = None
        if delivery.kind == Delivery.Kind.TEST:
            messages = [as_test(message) for message in messages]
            friends = Friend.objects.following().filter(test_member__is_active=True)
        elif delivery.kind == Delivery.Kind.SURVEY_REMINDER:
            messages = [reminder_message(page)]
            friends = Friend.objects.filter(pk__in=non_respondent_friend_ids(page))
        elif delivery.kind == Delivery.Kind.LIFT:
            original, friends = original_recipients(page)
        elif delivery.kind == Delivery.Kind.FOLLOW_UP:
            from .follow_up import follow_up_message, follow_up_recipients

            messages = [follow_up_message(page, delivery.ending)]
            original, _friends = original_recipients(page)
            friends = follow_up_recipients(delivery, page)
        else:
            friends = audience_friends(page)

        # Our own check first (no network), then LINE's validate endpoint itself.
        problems = line_problems(messages)
        verdict = None if problems else client.validate_multicast(messages)
        if verdict is not None and verdict.retryable:
            raise ValidationUnavailable(_describe(verdict))
        if problems or (verdict is not None and not verdict.accepted):
            details = problems or verdict.details or [{"message": verdict.message}]
            fail(
                delivery,
                "LINEの規則に合わないため配信できません: "
                + "; ".join(
                    f"{p.get('property', '')} {p.get('message', '')}".strip()
                    for p in details
                ),
            )
            return []

        friend_ids = list(friends.order_by("pk").values_list("pk", flat=True))
        everyone = (
            # A reminder is for named non-respondents only: never a broadcast.
            # A follow-up goes to the known recipients of the notice: never a broadcast.
            delivery.kind
            not in (
                Delivery.Kind.TEST,
                Delivery.Kind.SURVEY_REMINDER,
                Delivery.Kind.FOLLOW_UP,
            )
            and friend_ids
            and len(friend_ids) == Friend.objects.following().count()
            and (original is None or original.is_broadcast)
        )
        delivery.messages = messages
        delivery.total_recipients = len(friend_ids)
        delivery.is_broadcast = bool(everyone)
        if everyone:
            requests = [
                DeliveryRequest(
                    delivery=delivery, sequence=0, recipient_count=len(friend_ids)
                )
            ]
            DeliveryRequest.objects.bulk_create(requests)
        else:
            requests = plan_multicasts(delivery, friend_ids)
        delivery.status = (
            Delivery.Status.SENDING if requests else Delivery.Status.COMPLETED
        )
        if not requests:
            delivery.finished_at = timezone.now()
        delivery.save()
        return list(delivery.requests.values_list("pk", flat=True))


def plan_multicasts(delivery: Delivery, friend_ids: list[int]) -> list[DeliveryRequest]:
    """Store the delivery's multicast requests (≤500 recipients, each its retry key)."""
    return DeliveryRequest.objects.bulk_create(
        [
            DeliveryRequest(
                delivery=delivery,
                sequence=number,
                friend_ids=chunk,
                recipient_count=len(chunk),
            )
            for number, chunk in enumerate(
                _chunks(friend_ids, MULTICAST_MAX_RECIPIENTS)
            )
        ],
        batch_size=1000,
    )


def original_recipients(page) -> tuple[Delivery | None, QuerySet[Friend]]:
    """Who got the notice when it was published: a lifting (解除) goes to them.

    A broadcast reached every friend then; the friends still following are the
    nearest we know. Friends who blocked the account since are left out.
    """
    original = (
        Delivery.objects.filter(page=page, kind=Delivery.Kind.PUBLISH)
        .order_by("pk")
        .first()
    )
    if original is None:
        return None, Friend.objects.none()
    following = Friend.objects.following()
    if original.is_broadcast:
        return original, following.filter(created_at__lte=original.created_at)
    ids: set[int] = set()
    # 「未送信の人にだけ送る」 (kind resend) reached the rest of them.
    for friend_ids in DeliveryRequest.objects.filter(
        Q(delivery=original) | Q(delivery__resend_of=original),
        status=DeliveryRequest.Status.ACCEPTED,
    ).values_list("friend_ids", flat=True):
        ids.update(friend_ids)
    return original, following.filter(pk__in=ids)


class ValidationUnavailable(Exception):
    """LINE's validate endpoint could not answer; planning is retried later."""


def fail(delivery: Delivery, reason: str) -> None:
    delivery.status = Delivery.Status.FAILED
    delivery.error_message = reason
    delivery.finished_at = timezone.now()
    delivery.save(update_fields=["status", "error_message", "finished_at"])


def send(request_id: int) -> str:
    """Send one planned request, at most once. Returns DONE or RETRY."""
    with transaction.atomic():
        request = (
            # Lock only this request: a plain FOR UPDATE also locks the joined
            # Delivery row for the whole HTTP call, and the sends of a delivery would
            # run one at a time whatever the worker concurrency (bench/README.md).
            DeliveryRequest.objects.select_for_update(of=("self",))
            .select_related("delivery")
            .filter(pk=request_id)
            .first()
        )
        if request is None or request.status != DeliveryRequest.Status.PENDING:
            return SendOutcome.DONE
        delivery = request.delivery
        now = timezone.now()
        if delivery.status == Delivery.Status.CANCELLED:
            request.status = DeliveryRequest.Status.CANCELLED
            request.save(update_fields=["status"])
            return SendOutcome.DONE
        window = datetime.timedelta(seconds=settings.LINE_RETRY_WINDOW_SECONDS)
        if request.first_attempt_at and now - request.first_attempt_at > window:
            _record_failure(
                request,
                None,
                "再送できる期間（24時間）を過ぎたため、二重送信を避けて中止しました。",
            )
            return SendOutcome.DONE

        request.attempts += 1
        request.first_attempt_at = request.first_attempt_at or now
        request.last_attempt_at = now
        if delivery.is_broadcast:
            ratelimit.acquire("broadcast")
            result = client.broadcast(delivery.messages, request.retry_key)
        else:
            user_ids = list(
                Friend.objects.filter(pk__in=request.friend_ids).values_list(
                    "line_user_id", flat=True
                )
            )
            ratelimit.acquire("multicast")
            result = client.multicast(
                user_ids,
                delivery.messages,
                request.retry_key,
                delivery.aggregation_unit or None,
            )

        request.last_status_code = result.status
        request.line_request_id = result.request_id or request.line_request_id
        if result.accepted:
            request.status = DeliveryRequest.Status.ACCEPTED
            request.accepted_at = timezone.now()
            request.accepted_request_id = result.accepted_request_id
            request.error_message = ""
            request.save(update_fields=SEND_FIELDS)
            Delivery.objects.filter(pk=delivery.pk).update(
                accepted_recipients=F("accepted_recipients") + request.recipient_count
            )
            outcome = SendOutcome.DONE
        elif result.retryable:
            request.error_message = _describe(result)
            request.save(update_fields=SEND_FIELDS)
            outcome = SendOutcome.RETRY
        else:
            _record_failure(request, result, _describe(result))
            outcome = SendOutcome.DONE
    if outcome == SendOutcome.DONE:
        finish_if_done(request.delivery_id)
    return outcome


MONTHLY_LIMIT_REASON = (
    "今月の配信上限に達しました。LINEはこの分を受け付けていません（再送はしません）。"
    "上限を上げてから「未送信の人にだけ送る」で送れます。"
)
"""A request LINE refused for the monthly quota (``delivery_reports`` recognises it by this)."""


def _describe(result: client.SendResult) -> str:
    if result.is_monthly_limit:
        return MONTHLY_LIMIT_REASON
    if result.status is None:
        return (
            f"LINEから応答がありません（{result.message}）。同じ再送キーで再送します。"
        )
    if result.status == 429:
        return "LINEの送信数の上限に達しました。時間をおいて再送します。"
    if result.status >= 500:
        return f"LINE側のエラー（{result.status}）。同じ再送キーで再送します。"
    details = "; ".join(
        f"{d.get('property', '')}: {d.get('message', '')}" for d in result.details
    )
    return f"LINEが受け付けませんでした（{result.status} {result.message}{'：' + details if details else ''}）。"


def _record_failure(
    request: DeliveryRequest, result: client.SendResult | None, reason: str
) -> None:
    request.status = DeliveryRequest.Status.FAILED
    request.error_message = reason
    if result is not None:
        request.error_details = result.details
    request.save(update_fields=[*SEND_FIELDS, "error_details"])
    Delivery.objects.filter(pk=request.delivery_id).update(
        failed_recipients=F("failed_recipients") + request.recipient_count
    )


def give_up(request_id: int) -> None:
    """Retries exhausted: the request is failed, with the last reason kept."""
    with transaction.atomic():
        request = (
            DeliveryRequest.objects.select_for_update().filter(pk=request_id).first()
        )
        if request is None or request.status != DeliveryRequest.Status.PENDING:
            return
        _record_failure(
            request, None, f"再送を重ねても届きませんでした: {request.error_message}"
        )
    finish_if_done(request.delivery_id)


def finish_if_done(delivery_id: int) -> None:
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.is_finished or delivery.status == Delivery.Status.PLANNING:
            return
        requests = delivery.requests
        if requests.filter(status=DeliveryRequest.Status.PENDING).exists():
            return
        totals = {
            status: requests.filter(status=status).aggregate(n=Sum("recipient_count"))[
                "n"
            ]
            or 0
            for status in (
                DeliveryRequest.Status.ACCEPTED,
                DeliveryRequest.Status.FAILED,
            )
        }
        delivery.accepted_recipients = totals[DeliveryRequest.Status.ACCEPTED]
        delivery.failed_recipients = totals[DeliveryRequest.Status.FAILED]
        if delivery.status != Delivery.Status.CANCELLED:
            if not delivery.failed_recipients:
                delivery.status = Delivery.Status.COMPLETED
            elif delivery.accepted_recipients:
                delivery.status = Delivery.Status.PARTIAL
            else:
                delivery.status = Delivery.Status.FAILED
        delivery.finished_at = timezone.now()
        delivery.save()


def cancel(delivery: Delivery) -> int:
    """Stop a delivery that has not finished; returns how many requests were stopped."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.is_finished:
            return 0
        delivery.status = Delivery.Status.CANCELLED
        delivery.save(update_fields=["status"])
        stopped = delivery.requests.filter(
            status=DeliveryRequest.Status.PENDING
        ).update(status=DeliveryRequest.Status.CANCELLED)
    finish_if_done(delivery.pk)
    return stopped


def retry_backoff_seconds(attempts: int) -> int:
    """The wait ``tasks.send_delivery_request`` leaves after attempt ``attempts``."""
    return min(2 ** max(attempts - 1, 0), 64) if attempts else 0


def pending_request_ids(older_than: datetime.timedelta) -> list[int]:
    """Pending requests of deliveries that made no progress for a while (crashes).

    A worker killed while sending leaves its request pending with nothing committed
    (the attempt's row update rolls back with its transaction), so the request
    itself cannot tell "in flight elsewhere" from "lost". The delivery can: no
    request of it was attempted within ``older_than``. A request waiting out its
    retry backoff is left to its own retry. Queueing a request that is in fact still
    being sent is harmless: ``send`` takes the row lock, and LINE answers 409 to the
    same retry key.
    """
    now = timezone.now()
    cutoff = now - older_than
    latest_attempt = (
        DeliveryRequest.objects.filter(delivery=OuterRef("delivery"))
        .exclude(last_attempt_at=None)
        .order_by("-last_attempt_at")
        .values("last_attempt_at")[:1]
    )
    stalled = (
        DeliveryRequest.objects.filter(
            status=DeliveryRequest.Status.PENDING,
            delivery__status=Delivery.Status.SENDING,
            delivery__created_at__lt=cutoff,
        )
        .annotate(delivery_touched=Subquery(latest_attempt))
        .filter(Q(delivery_touched__isnull=True) | Q(delivery_touched__lt=cutoff))
        .values_list("pk", "attempts", "last_attempt_at")
    )
    return [
        pk
        for pk, attempts, last_attempt_at in stalled
        if last_attempt_at is None
        or last_attempt_at + datetime.timedelta(seconds=retry_backoff_seconds(attempts))
        < cutoff
    ]


def test_members_count() -> int:
    return TestMember.objects.filter(
        is_active=True,
        friend__status=Friend.Status.FOLLOWING,
        **({} if client.is_sandbox() else {"friend__is_sandbox": False}),
    ).count()

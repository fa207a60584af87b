"""The delivery engine: plan a page's send as LINE requests, send each exactly once.

Exactly once, even with retries, timeouts and killed workers, rests on three things:

1. The plan (recipients per request, and each request's ``X-Line-Retry-Key``) is
   committed before the first attempt, and never changes.
2. A request is sent only while holding its row lock and only while ``pending``, so two
   workers never send it at the same time, and an accepted request is never re-sent.
3. A crash after LINE accepted but before we recorded it is answered by LINE with 409
   on the next attempt (same key), which we count as accepted.
"""

from collections.abc import Callable
from dataclasses import dataclass
import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
)
from django.utils import timezone

from . import client, ratelimit
from .audience import FriendRange, audience_condition, audience_friends
from .crypto import decrypt_many
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
"""What sending changes on a request (``friend_ids`` is never rewritten), in the
order ``_record`` writes them."""


class SendOutcome:
    DONE = "done"
    RETRY = "retry"


@dataclass
class PlanResult:
    delivery: Delivery | None
    request_ids: list[int]


def _chunks(ids: list, size: int) -> list[list]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


PLAN_BATCH_REQUESTS = 20
"""Requests written per planning transaction: 10,000 friends in memory at a time."""


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


def plan(
    delivery: Delivery,
    page,
    on_planned: Callable[[list[int]], None] | None = None,
) -> list[int]:
    """Build and validate the messages, fix the audience and the requests; return their ids.

    The audience is read in pages of ``PLAN_BATCH_REQUESTS`` requests (keyset on the
    friend's pk), so memory stays flat whatever its size. Each page of requests is
    committed — recipients and retry keys fixed — before ``on_planned`` gets its ids,
    so sending starts while the rest is still being planned. The delivery stays
    ``planning`` until the last page is written (it cannot finish before that), and a
    plan interrupted by a crash resumes after its last committed request.

    Idempotent: a delivery that is already planned returns its pending requests.
    """
    with transaction.atomic():
        _without_jit()
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status != Delivery.Status.PLANNING:
            return list(
                delivery.requests.filter(
                    status=DeliveryRequest.Status.PENDING
                ).values_list("pk", flat=True)
            )
        resuming = delivery.requests.exists()
        if resuming:
            # A plan cut short (a killed worker): what it committed stands; its
            # requests may never have been queued.
            messages, everyone = delivery.messages, delivery.is_broadcast
            friends = _audience(delivery, page)[1]
            pending = list(
                delivery.requests.filter(
                    status=DeliveryRequest.Status.PENDING
                ).values_list("pk", flat=True)
            )
            if on_planned is not None and pending:
                transaction.on_commit(lambda: on_planned(pending))
        else:
            decided = _decide(delivery, page)
            if decided is None:
                return []
            messages, friends, everyone = decided
            delivery.messages = messages
            delivery.is_broadcast = everyone
            delivery.save(update_fields=["messages", "is_broadcast"])
        if everyone:
            # One request, for every friend: LINE expands it.
            total = friends.count()
            if not resuming:
                DeliveryRequest.objects.create(
                    delivery=delivery, sequence=0, recipient_count=total
                )
            return _finish_planning(delivery.pk, total, on_planned)

    total, pages = 0, 2
    audience = _paged(delivery, page, friends)
    while True:
        # Small pages first, so the first requests are on their way at once.
        batch = _plan_batch(delivery.pk, audience, pages)
        pages = min(pages * 2, PLAN_BATCH_REQUESTS)
        if batch is None:
            break
        request_ids, recipients = batch
        total += recipients
        if on_planned is not None and request_ids:
            on_planned(request_ids)
    return _finish_planning(delivery.pk, None, on_planned)


def _audience(delivery: Delivery, page) -> tuple[Delivery | None, QuerySet[Friend]]:
    """(the original publish for a lifting, else None; who receives this delivery)."""
    if delivery.kind == Delivery.Kind.TEST:
        return None, Friend.objects.following().filter(test_member__is_active=True)
    if delivery.kind == Delivery.Kind.SURVEY_REMINDER:
        return None, Friend.objects.filter(pk__in=non_respondent_friend_ids(page))
    if delivery.kind == Delivery.Kind.LIFT:
        return original_recipients(page)
    if delivery.kind == Delivery.Kind.FOLLOW_UP:
        from .follow_up import follow_up_recipients

        original, _friends = original_recipients(page)
        return original, follow_up_recipients(delivery, page)
    return None, audience_friends(page)


def _paged(
    delivery: Delivery, page, friends: QuerySet[Friend]
) -> Callable[[FriendRange], QuerySet[Friend]]:
    """The audience among one range of friend keys (a page of ``plan``)."""
    if delivery.kind not in _OWN_AUDIENCE_KINDS:
        # The page's own audience: its subqueries are limited to the range too.
        return lambda friend_range: audience_friends(page, friend_range)

    def in_range(friend_range: FriendRange) -> QuerySet[Friend]:
        after, up_to = friend_range
        ranged = friends.filter(pk__gt=after)
        return ranged if up_to is None else ranged.filter(pk__lte=up_to)

    return in_range


_OWN_AUDIENCE_KINDS = (
    Delivery.Kind.TEST,
    Delivery.Kind.SURVEY_REMINDER,
    Delivery.Kind.LIFT,
    Delivery.Kind.FOLLOW_UP,
)
"""Kinds whose audience ``_audience`` chooses otherwise than by the page's 受信設定."""


def _without_jit() -> None:
    """No JIT compilation for this transaction's queries (PostgreSQL).

    The audience's subqueries make the planner's cost estimate large enough to
    compile each page's query, which takes longer than running it (about 30 ms a
    page, docs/benchmarks.md).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _decide(
    delivery: Delivery, page
) -> tuple[list[dict], QuerySet[Friend], bool] | None:
    """Messages, audience and broadcast-or-not; None when the messages are refused."""
    messages = [page_message(page)]
    if delivery.kind == Delivery.Kind.TEST:
        messages = [as_test(message) for message in messages]
    elif delivery.kind == Delivery.Kind.SURVEY_REMINDER:
        messages = [reminder_message(page)]
    elif delivery.kind == Delivery.Kind.FOLLOW_UP:
        from .follow_up import follow_up_message

        messages = [follow_up_message(page, delivery.ending)]
    original, friends = _audience(delivery, page)
    if refused(delivery, messages):
        return None
    # Who would be left out of a broadcast: the audience is "every friend" when no
    # following friend fails its condition. Decided before the first request is
    # written (they are sent while the rest is planned); the query stops at the
    # first friend left out, where counting would read the whole audience.
    condition: Q | None = None
    if delivery.kind in (Delivery.Kind.PUBLISH, Delivery.Kind.REDELIVER):
        condition = audience_condition(page)
    elif (
        delivery.kind == Delivery.Kind.LIFT
        and original is not None
        and original.is_broadcast
    ):  # lifting a broadcast; a follow-up goes to the known recipients, never broadcast
        condition = Q(created_at__lte=original.created_at)
    # Test sends and reminders (named non-respondents only) are never broadcasts.
    following = Friend.objects.following()
    everyone = (
        condition is not None
        and following.exists()
        and (not condition or not following.exclude(condition).exists())
    )
    return messages, friends, everyone


def refused(delivery: Delivery, messages: list[dict]) -> bool:
    """Check the messages before anything is sent; a refusal fails the delivery with
    LINE's reasons in Japanese. Raises ``ValidationUnavailable`` when LINE cannot say.

    Our own check first (no network), then LINE's validate endpoint itself.
    """
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
        return True
    return False


def _plan_batch(
    delivery_id: int,
    audience: Callable[[FriendRange], QuerySet[Friend]],
    requests: int = PLAN_BATCH_REQUESTS,
) -> tuple[list[int], int] | None:
    """Write the next page of requests (None when the audience is exhausted or the
    delivery was cancelled); returns their ids and how many recipients they hold.

    The audience is read in windows of friend keys (as many friends as the page
    holds, whoever they are), each window's query limited to its own range, until
    the page is full: every request of a page is full but the very last one.
    """
    size = MULTICAST_MAX_RECIPIENTS
    wanted = size * requests
    # No row lock on the delivery: every send of it updates that row (its running
    # total), and would wait for the page being written. Two planners (a resumed
    # plan beside a slow one) cannot both write a sequence: the unique key refuses
    # the second, which stops. Requests written just after a cancellation are
    # cancelled by ``send``.
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PLANNING:
        return None
    with transaction.atomic():
        _without_jit()
        last = (
            delivery.requests.order_by("-sequence")
            .values_list("sequence", "friend_ids")
            .first()
        )
        sequence, after = (last[0] + 1, max(last[1], default=0)) if last else (0, 0)
        rows: list[tuple[int, str]] = []
        # Friends per window: a tenth more than the page holds, then as many as the
        # audience's share in the last window says the rest of the page needs.
        window = wanted + wanted // 10
        while len(rows) < wanted:
            window_end = list(
                Friend.objects.filter(pk__gt=after)
                .order_by("pk")
                .values_list("pk", flat=True)[window - 1 : window]
            )
            up_to = window_end[0] if window_end else None
            limit = wanted - len(rows)
            found = list(
                audience((after, up_to))
                .order_by("pk")
                # The ciphertext as stored: decrypted below in one go.
                .annotate(token=ExpressionWrapper(F("line_user_id"), TextField()))
                .values_list("pk", "token")[:limit]
            )
            rows += zip(
                (pk for pk, _token in found),
                decrypt_many([token for _pk, token in found]),
                strict=True,
            )
            if up_to is None:
                break  # the last window: the audience is exhausted
            after = found[-1][0] if len(found) == limit else up_to
            share = max(len(found), 1) / window
            window = min(int((wanted - len(rows)) / share * 1.1) + 1, 20 * wanted)
        if not rows:
            return None
        try:
            with transaction.atomic():
                requests = _requests_for(delivery, rows, sequence)
        except IntegrityError:
            logger.info("Delivery %s is being planned by another worker", delivery_id)
            return None
        return [request.pk for request in requests], len(rows)


def _requests_for(
    delivery: Delivery, rows: list[tuple[int, str]], first_sequence: int = 0
) -> list[DeliveryRequest]:
    """Store multicast requests for (friend pk, LINE user id) rows, ≤500 each."""
    return DeliveryRequest.objects.bulk_create(
        [
            DeliveryRequest(
                delivery=delivery,
                sequence=first_sequence + number,
                friend_ids=[pk for pk, _user_id in chunk],
                recipients=[user_id for _pk, user_id in chunk],
                recipient_count=len(chunk),
            )
            for number, chunk in enumerate(_chunks(rows, MULTICAST_MAX_RECIPIENTS))
        ],
        batch_size=100,
    )


def _finish_planning(
    delivery_id: int,
    broadcast_total: int | None,
    on_planned: Callable[[list[int]], None] | None,
) -> list[int]:
    """The plan is complete: the delivery may finish now. Returns every request id."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        request_ids = list(delivery.requests.values_list("pk", flat=True))
        if delivery.status == Delivery.Status.PLANNING:
            delivery.total_recipients = (
                broadcast_total
                if broadcast_total is not None
                else delivery.requests.aggregate(n=Sum("recipient_count"))["n"] or 0
            )
            delivery.status = (
                Delivery.Status.SENDING if request_ids else Delivery.Status.COMPLETED
            )
            if not request_ids:
                delivery.finished_at = timezone.now()
            delivery.save(update_fields=["total_recipients", "status", "finished_at"])
    if broadcast_total is not None and on_planned is not None and request_ids:
        transaction.on_commit(lambda: on_planned(request_ids))
    if request_ids:
        # Every send may have finished while the plan was being written.
        finish_if_done(delivery_id)
    return request_ids


def plan_multicasts(delivery: Delivery, friend_ids: list[int]) -> list[DeliveryRequest]:
    """Store the delivery's multicast requests (≤500 recipients, each its retry key)."""
    requests: list[DeliveryRequest] = []
    page = MULTICAST_MAX_RECIPIENTS * PLAN_BATCH_REQUESTS
    for start in range(0, len(friend_ids), page):
        ids = friend_ids[start : start + page]
        user_ids = dict(
            Friend.objects.filter(pk__in=ids).values_list("pk", "line_user_id")
        )
        rows = [(pk, user_ids[pk]) for pk in ids if pk in user_ids]
        requests += _requests_for(delivery, rows, len(requests))
    return requests


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


SEND_BATCH_REQUESTS = 5
"""Requests one task claims, sends and records together: one claim, one rate-limit
call, one update and one commit for all of them instead of for each (five database
round trips and one Redis round trip per request before; docs/benchmarks.md)."""

_CLAIM_FIELDS = (
    "pk",
    "delivery_id",
    "recipients",
    "friend_ids",
    "recipient_count",
    "retry_key",
    "attempts",
    "first_attempt_at",
    "line_request_id",
    "delivery__status",
    "delivery__is_broadcast",
    "delivery__messages",
    "delivery__aggregation_unit",
)


@dataclass
class _Attempt:
    """A claimed request and what this attempt did to it (a row, not a model)."""

    pk: int
    delivery_id: int
    recipients: list[str] | None
    friend_ids: list[int]
    recipient_count: int
    retry_key: Any
    attempts: int
    first_attempt_at: datetime.datetime | None
    line_request_id: str
    delivery_status: str
    is_broadcast: bool
    messages: list[dict]
    aggregation_unit: str
    status: str = DeliveryRequest.Status.PENDING
    last_attempt_at: datetime.datetime | None = None
    accepted_at: datetime.datetime | None = None
    accepted_request_id: str = ""
    last_status_code: int | None = None
    error_message: str = ""
    error_details: list | None = None


def send(request_id: int) -> str:
    """Send one planned request, at most once. Returns DONE or RETRY."""
    return SendOutcome.RETRY if send_batch([request_id]) else SendOutcome.DONE


def send_batch(request_ids: list[int]) -> list[tuple[int, int]]:
    """Send planned requests, each at most once; return those to retry, with the
    attempts each has had.

    The pending ones are claimed by one ``SELECT … FOR UPDATE SKIP LOCKED``: each is
    sent only while this transaction holds its row lock, so no two workers send a
    request at the same time (a request locked by another worker is left to it), and
    a worker that dies mid-batch loses its locks and its uncommitted attempts with
    its connection (the retry key makes LINE answer 409 to what it had accepted).
    The attempts are recorded by one ``executemany`` before the commit.
    """
    if not request_ids:
        return []
    with transaction.atomic():
        rows = list(
            # Lock only the requests: a plain FOR UPDATE also locks the joined
            # Delivery row for the whole HTTP call, and the sends of a delivery would
            # run one at a time whatever the worker concurrency (bench/README.md).
            DeliveryRequest.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(pk__in=request_ids, status=DeliveryRequest.Status.PENDING)
            .order_by("delivery_id", "sequence")
            .values_list(*_CLAIM_FIELDS)
        )
        if not rows:
            return []
        claimed = [_Attempt(*row) for row in rows]
        window = datetime.timedelta(seconds=settings.LINE_RETRY_WINDOW_SECONDS)
        now = timezone.now()
        to_send: list[_Attempt] = []
        for attempt in claimed:
            if attempt.delivery_status == Delivery.Status.CANCELLED:
                attempt.status = DeliveryRequest.Status.CANCELLED
            elif attempt.first_attempt_at and now - attempt.first_attempt_at > window:
                _failed(
                    attempt,
                    None,
                    "再送できる期間（24時間）を過ぎたため、二重送信を避けて中止しました。",
                )
            else:
                to_send.append(attempt)
        _send_attempts(to_send)
        _record(claimed)
    retry = [
        (attempt.pk, attempt.attempts)
        for attempt in claimed
        if attempt.status == DeliveryRequest.Status.PENDING
    ]
    for delivery_id in dict.fromkeys(
        attempt.delivery_id
        for attempt in claimed
        if attempt.status != DeliveryRequest.Status.PENDING
    ):
        finish_if_done(delivery_id)
    return retry


def _send_attempts(attempts: list[_Attempt]) -> None:
    """Send each claimed request once, in order, taking the rate limit's tokens for
    as many of them as are free in one call."""
    tokens = {"multicast": 0, "broadcast": 0}
    for index, attempt in enumerate(attempts):
        endpoint = "broadcast" if attempt.is_broadcast else "multicast"
        if not tokens[endpoint]:
            remaining = sum(
                1
                for later in attempts[index:]
                if later.is_broadcast == attempt.is_broadcast
            )
            tokens[endpoint] = ratelimit.acquire(endpoint, remaining)
        tokens[endpoint] -= 1
        now = timezone.now()
        attempt.attempts += 1
        attempt.first_attempt_at = attempt.first_attempt_at or now
        attempt.last_attempt_at = now
        if attempt.is_broadcast:
            result = client.broadcast(attempt.messages, attempt.retry_key)
        else:
            user_ids = attempt.recipients
            if user_ids is None:  # planned before recipients were stored with it
                user_ids = list(
                    Friend.objects.filter(pk__in=attempt.friend_ids).values_list(
                        "line_user_id", flat=True
                    )
                )
            result = client.multicast(
                user_ids,
                attempt.messages,
                attempt.retry_key,
                attempt.aggregation_unit or None,
            )
        attempt.last_status_code = result.status
        attempt.line_request_id = result.request_id or attempt.line_request_id
        if result.accepted:
            attempt.status = DeliveryRequest.Status.ACCEPTED
            attempt.accepted_at = timezone.now()
            attempt.accepted_request_id = result.accepted_request_id
            attempt.error_message = ""
        elif result.retryable:
            attempt.error_message = _describe(result)
        else:
            _failed(attempt, result, _describe(result))


def _failed(attempt: _Attempt, result: client.SendResult | None, reason: str) -> None:
    attempt.status = DeliveryRequest.Status.FAILED
    attempt.error_message = reason
    if result is not None:
        attempt.error_details = result.details


def _record(attempts: list[_Attempt]) -> None:
    """Write what happened to each claimed request, in one round trip.

    The delivery's totals are added up when it finishes (finish_if_done): a running
    total here would make every send wait for the others' COMMIT on that one row.
    Failures are the exception (rare, and shown while the delivery is under way).
    """
    ops = connection.ops
    table = DeliveryRequest._meta.db_table
    columns = ", ".join(f"{column} = %s" for column in SEND_FIELDS)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {columns} WHERE id = %s",  # noqa: S608 - constants only
            [
                (
                    attempt.status,
                    attempt.attempts,
                    ops.adapt_datetimefield_value(attempt.first_attempt_at),
                    ops.adapt_datetimefield_value(attempt.last_attempt_at),
                    ops.adapt_datetimefield_value(attempt.accepted_at),
                    attempt.line_request_id,
                    attempt.accepted_request_id,
                    attempt.last_status_code,
                    attempt.error_message,
                    attempt.pk,
                )
                for attempt in attempts
            ],
        )
    failed: dict[int, int] = {}
    for attempt in attempts:
        if attempt.status != DeliveryRequest.Status.FAILED:
            continue
        failed[attempt.delivery_id] = (
            failed.get(attempt.delivery_id, 0) + attempt.recipient_count
        )
        if attempt.error_details is not None:
            DeliveryRequest.objects.filter(pk=attempt.pk).update(
                error_details=attempt.error_details
            )
    for delivery_id, recipients in failed.items():
        Delivery.objects.filter(pk=delivery_id).update(
            failed_recipients=F("failed_recipients") + recipients
        )


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
    pending = DeliveryRequest.objects.filter(
        delivery_id=delivery_id, status=DeliveryRequest.Status.PENDING
    )
    if pending.exists():
        # Not the last one (checked after this request's own commit, so the request
        # that commits last always sees none pending): no need to lock the delivery.
        return
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


def warm_up() -> None:
    """Do a worker's once-per-process work before the first delivery needs it:
    Django's URL resolver (page links in messages) and the LINE rule checker (the
    OpenAPI spec) each take a few hundred ms the first time (docs/benchmarks.md)."""
    from cms.warmup import populate_url_resolvers

    from .validation import line_problems

    populate_url_resolvers()
    line_problems([{"type": "text", "text": "warm-up"}])


def stalled_plan_ids(older_than: datetime.timedelta) -> list[int]:
    """Deliveries still ``planning`` long after they were made, with no request
    attempted for a while: their planner died (``plan`` resumes where it stopped).

    Queueing a plan that is in fact still running is harmless: each page of requests
    is written under the delivery's row lock, after the last one committed.
    """
    cutoff = timezone.now() - older_than
    requests = DeliveryRequest.objects.filter(delivery=OuterRef("pk"))
    return list(
        Delivery.objects.filter(
            status=Delivery.Status.PLANNING, created_at__lt=cutoff, page__isnull=False
        )
        # Only plans that got past validation (a delivery waiting out LINE's
        # validate endpoint is left to its own retries) and made no progress since.
        .filter(Exists(requests))
        .exclude(Exists(requests.filter(last_attempt_at__gte=cutoff)))
        .values_list("pk", flat=True)
    )


def test_members_count() -> int:
    return TestMember.objects.filter(
        is_active=True,
        friend__status=Friend.Status.FOLLOWING,
        **({} if client.is_sandbox() else {"friend__is_sandbox": False}),
    ).count()

"""Plan one minute of garbage reminders as deliveries (the delivery engine sends them).

Exactly once per friend per collection, whatever happens around it:

* one ``ReminderRun`` per minute (unique): a second beat, or a task redelivered after
  a worker died, finds the run and only re-queues its pending requests;
* a ``ReminderReceipt`` per (friend, day, category) (unique), written in the same
  transaction as the planned LINE requests, before any send: a friend already told
  about a collection is left out of every later plan;
* each request keeps its ``X-Line-Retry-Key`` from planning on, so retries after a
  timeout or a crash are answered 409 by LINE instead of being delivered twice
  (``line_delivery/delivery.py``).

Residents with the same content (same day, same categories, same wording) share
multicast requests of up to 500 recipients.
"""

from collections import defaultdict
import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from home.collection_calendar import collections_on, format_day
from home.models import CollectionArea, GarbageCategory

from .. import client
from ..delivery import plan_multicasts
from ..flex import absolute_url, text, uri_button, vertical_box
from ..models import Delivery, DeliveryRequest, Friend
from ..validation import line_problems
from .models import GarbageReminder, ReminderReceipt, ReminderRun


logger = logging.getLogger(__name__)

ONE_MINUTE = datetime.timedelta(minutes=1)
CATCH_UP = datetime.timedelta(minutes=10)
"""Minutes missed while beat or every worker was down are still sent, this far back."""


def calendar_url() -> str:
    """The garbage calendar as a LIFF page inside LINE, else on the web."""
    if settings.LINE_LIFF_ID:
        return f"https://liff.line.me/{settings.LINE_LIFF_ID}/calendar/"
    return absolute_url("/liff/calendar/")


def reminder_message(
    day: datetime.date, categories: list[GarbageCategory], when: str
) -> dict[str, Any]:
    """「明日 11月25日(水) は 燃やせるごみ の日です」 as a Flex bubble."""
    names = "・".join(category.name for category in categories)
    rows = [
        vertical_box(
            [text(category.name, weight="bold", size="lg")],
            borderWidth="4px",
            borderColor=category.colour,
            paddingAll="8px",
            cornerRadius="6px",
        )
        for category in categories
    ]
    bubble = {
        "type": "bubble",
        "body": vertical_box(
            [
                text("ごみ出しのお知らせ", weight="bold", color="#555555"),
                text(f"{when} {format_day(day)} は", size="lg", weight="bold"),
                *rows,
                text("の収集日です。"),
            ],
            spacing="md",
        ),
        "footer": vertical_box(
            [uri_button("収集カレンダーを見る", calendar_url(), style="secondary")]
        ),
    }
    return {
        "type": "flex",
        "altText": f"【ごみ出し】{when} {format_day(day)} は {names} の日です。"[:400],
        "contents": bubble,
    }


def floor_minute(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(second=0, microsecond=0)


def due_minutes(now: datetime.datetime) -> list[datetime.datetime]:
    """The minutes to plan now: this one, and any missed since the last run."""
    current = floor_minute(now)
    last = (
        ReminderRun.objects.filter(scheduled_for__lte=current)
        .order_by("-scheduled_for")
        .values_list("scheduled_for", flat=True)
        .first()
    )
    start = current if last is None else max(last + ONE_MINUTE, current - CATCH_UP)
    minutes = []
    minute = min(start, current)
    while minute <= current:
        minutes.append(minute)
        minute += ONE_MINUTE
    return minutes


def _targets(minute: datetime.datetime) -> list[tuple[Any, datetime.date, str]]:
    """(reminders due, collection day, wording) for this minute in Japan time."""
    local = timezone.localtime(minute)
    due = GarbageReminder.objects.filter(
        enabled=True, friend__status=Friend.Status.FOLLOWING
    )
    if not client.is_sandbox():  # the sandbox's friends are not on a real channel
        due = due.filter(friend__is_sandbox=False)
    targets = [
        (
            due.filter(
                timing=GarbageReminder.Timing.EVENING_BEFORE,
                evening_time=local.time().replace(tzinfo=None),
            ),
            local.date() + datetime.timedelta(days=1),
            "明日",
        )
    ]
    if local.time().replace(tzinfo=None) == settings.GARBAGE_REMINDER_MORNING_TIME:
        targets.append(
            (due.filter(timing=GarbageReminder.Timing.MORNING_OF), local.date(), "今日")
        )
    return targets


def _recipients_by_content(
    reminders, day: datetime.date
) -> dict[tuple[int, ...], list[int]]:
    """Category ids (display order) → friend ids to remind of exactly those, that day."""
    collected = collections_on(day)
    if not collected:
        return {}
    reminder_rows = list(reminders.values_list("pk", "friend_id"))
    if not reminder_rows:
        return {}
    friend_of = dict(reminder_rows)
    order = {
        category.pk: (category.sort_order, category.name)
        for categories in collected.values()
        for category in categories
    }
    collection_areas_of_area: dict[int, set[int]] = defaultdict(set)
    for area_id, collection_area_id in CollectionArea.areas.through.objects.filter(
        collectionarea_id__in=list(collected)
    ).values_list("area_id", "collectionarea_id"):
        collection_areas_of_area[area_id].add(collection_area_id)
    categories_of_friend: dict[int, set[int]] = defaultdict(set)
    for friend_id, area_id in Friend.areas.through.objects.filter(
        friend__garbage_reminder__in=reminders
    ).values_list("friend_id", "area_id"):
        for collection_area_id in collection_areas_of_area.get(area_id, ()):
            categories_of_friend[friend_id].update(
                category.pk for category in collected[collection_area_id]
            )
    chosen: dict[int, set[int]] = defaultdict(set)
    for reminder_id, category_id in GarbageReminder.categories.through.objects.filter(
        garbagereminder__in=reminders
    ).values_list("garbagereminder_id", "garbagecategory_id"):
        chosen[friend_of[reminder_id]].add(category_id)
    already = set(
        ReminderReceipt.objects.filter(collection_date=day).values_list(
            "friend_id", "category_id"
        )
    )
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for friend_id in sorted(categories_of_friend):
        wanted = categories_of_friend[friend_id]
        if chosen.get(friend_id):
            wanted = wanted & chosen[friend_id]
        wanted = {c for c in wanted if (friend_id, c) not in already}
        if wanted:
            groups[tuple(sorted(wanted, key=order.__getitem__))].append(friend_id)
    return groups


def plan_minute(minute: datetime.datetime) -> list[int]:
    """Plan the reminders due in ``minute`` once; return the requests left to send."""
    minute = floor_minute(minute)
    with transaction.atomic():
        run, created = ReminderRun.objects.get_or_create(scheduled_for=minute)
        if not created:
            return list(
                DeliveryRequest.objects.filter(
                    delivery__in=run.deliveries.all(),
                    status=DeliveryRequest.Status.PENDING,
                ).values_list("pk", flat=True)
            )
        request_ids: list[int] = []
        for reminders, day, when in _targets(minute):
            groups = _recipients_by_content(reminders, day)
            if not groups:
                continue
            categories = GarbageCategory.objects.in_bulk(
                {pk for key in groups for pk in key}
            )
            for category_ids, friend_ids in groups.items():
                delivery = _plan_group(
                    day, [categories[pk] for pk in category_ids], when, friend_ids
                )
                if delivery is None:
                    continue
                run.deliveries.add(delivery)
                run.recipients += len(friend_ids)
                request_ids += list(delivery.requests.values_list("pk", flat=True))
        run.save(update_fields=["recipients"])
    return request_ids


def _plan_group(
    day: datetime.date,
    categories: list[GarbageCategory],
    when: str,
    friend_ids: list[int],
) -> Delivery | None:
    message = reminder_message(day, categories, when)
    problems = line_problems([message])
    if problems:
        logger.error("Reminder message refused by our LINE checks: %s", problems)
        return None
    delivery = Delivery.objects.create(
        kind=Delivery.Kind.REMINDER,
        title=message["altText"][:255],
        status=Delivery.Status.SENDING,
        messages=[message],
        total_recipients=len(friend_ids),
    )
    requests = plan_multicasts(delivery, friend_ids)
    request_of = {
        friend_id: request.pk
        for request in requests
        for friend_id in request.friend_ids
    }
    _insert_receipts(
        [
            (friend_id, day, category.pk, request_of[friend_id])
            for friend_id in friend_ids
            for category in categories
        ]
    )
    return delivery


def _insert_receipts(rows: list[tuple[int, datetime.date, int, int]]) -> None:
    """(friend, day, category, request) receipts; COPY on PostgreSQL (25,000 friends
    write ~40,000 rows, which the ORM takes seconds to build and insert)."""
    if connection.vendor == "postgresql":
        table = ReminderReceipt._meta.db_table
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {table} (friend_id, collection_date, category_id, request_id) "
                "FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    ReminderReceipt.objects.bulk_create(
        [
            ReminderReceipt(
                friend_id=friend_id,
                collection_date=day,
                category_id=category_id,
                request_id=request_id,
            )
            for friend_id, day, category_id, request_id in rows
        ],
        batch_size=500,
    )

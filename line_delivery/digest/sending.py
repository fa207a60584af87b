"""まとめて配信: which published pages wait for the day's digest, and its one send.

A page whose topics are all 「まとめて配信（1日1回）」 topics is not sent when it is
published: it waits (``DigestEntry``) for the day's digest time (配信の注意設定). Then
each friend gets one message — the pages they would have got one by one (topics and
地区 as ``audience_friends`` decides), side by side in a carousel — and friends with
the same pages share one multicast. Urgent pages (防災情報, 警戒レベル3以上) are never
held.

Exactly once rests on the delivery engine (``line_delivery.delivery``): the day's run,
its deliveries and every request with its retry key are committed in one transaction
before the first attempt, and the run's date is unique, so a second beat run, a
crashed worker or a LINE 500 and its retry never send a friend the digest twice.
"""

from collections import defaultdict
from collections.abc import Callable
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cms import audit

from .. import delivery as engine
from ..audience import audience_friends
from ..delivery_reports.models import DeliveryGuardrailSettings
from ..delivery_reports.units import assign_unit
from ..flex import MAX_CAROUSEL_BUBBLES, Message, carousel_message
from ..models import Delivery
from .models import DigestEntry, DigestRun


MAX_MESSAGES_PER_REQUEST = 5
"""LINE takes at most 5 messages per multicast (notes/line-platform.md §1.2)."""
PAGES_PER_DELIVERY = MAX_CAROUSEL_BUBBLES * MAX_MESSAGES_PER_REQUEST
URGENT_LEVEL = 3
"""警戒レベル from which a page is never held, whatever its topics."""


def is_urgent(page) -> bool:
    """防災情報 and anything at 警戒レベル 3 or above goes at once."""
    from home.models import DisasterNoticePage

    if isinstance(page, DisasterNoticePage):
        return True
    level = getattr(page, "level", None)
    return level is not None and level >= URGENT_LEVEL


def holds(page, topics: list | None = None) -> bool:
    """Publishing ``page`` queues it for the digest instead of sending it at once:
    it has topics, and every one of them is a digest topic.

    ``topics`` replaces the page's own (the editor's form, before it is saved).
    """
    if is_urgent(page):
        return False
    topics = list(page.topics.all()) if topics is None else topics
    return bool(topics) and all(topic.digest for topic in topics)


def digest_time() -> datetime.time:
    return DeliveryGuardrailSettings.load().digest_time


def digest_date_for(moment: datetime.datetime | None = None) -> datetime.date:
    """The day whose digest a page published at ``moment`` goes out in: today, or
    tomorrow once today's digest time has passed (or today's digest was sent)."""
    local = timezone.localtime(moment or timezone.now())
    today = local.date()
    if (
        local.time() < digest_time()
        and not DigestRun.objects.filter(date=today).exists()
    ):
        return today
    return today + datetime.timedelta(days=1)


def sent_in_digest(page_id: int) -> bool:
    """The page went out in a digest (a re-publish does not send it again)."""
    return DigestEntry.objects.filter(page_id=page_id, run__isnull=False).exists()


def queue(page, revision) -> DigestEntry | None:
    """Hold the published page for its digest (None if a digest sent it already).

    A page re-published while it waits keeps its place; its latest content is sent.
    """
    with transaction.atomic():
        entry, created = DigestEntry.objects.select_for_update().get_or_create(
            page_id=page.pk,
            defaults={"revision": revision, "digest_date": digest_date_for()},
        )
        if created:
            return entry
        if entry.is_sent:
            return None
        entry.revision = revision
        entry.save(update_fields=["revision"])
        return entry


def withdraw(page_id: int) -> int:
    """Unpublished (or now sent at once): the page leaves the digest it waits for."""
    deleted, _by_model = DigestEntry.objects.filter(
        page_id=page_id, run__isnull=True
    ).delete()
    return deleted


def _when(day: datetime.date, now: datetime.datetime | None = None) -> str:
    today = timezone.localdate(now)
    if day == today:
        return ""
    if day == today + datetime.timedelta(days=1):
        return "明日"
    return f"{day.month}月{day.day}日"


def queued_notice(page, now: datetime.datetime | None = None) -> str:
    """What editors are told about a page waiting for the digest ('' if it is not)."""
    entry = DigestEntry.objects.filter(page_id=page.pk, run__isnull=True).first()
    if entry is None:
        return ""
    return notice_text(entry.digest_date, now)


def notice_text(day: datetime.date, now: datetime.datetime | None = None) -> str:
    return (
        f"このページは{_when(day, now)}{digest_time():%H:%M}のまとめて配信で"
        "送られます（すぐには送りません）。"
    )


def digest_messages(pages: list) -> list[Message]:
    """The pages as carousels of ≤12 bubbles (≤5 messages, one request)."""
    carousels = [
        pages[start : start + MAX_CAROUSEL_BUBBLES]
        for start in range(0, len(pages), MAX_CAROUSEL_BUBBLES)
    ]
    heading = f"今日のお知らせ（{len(pages)}件）"
    return [
        carousel_message(
            chunk, heading if len(carousels) == 1 else f"{heading} {n}/{len(carousels)}"
        )
        for n, chunk in enumerate(carousels, 1)
    ]


def _title(day: datetime.date, pages: list) -> str:
    titles = "、".join(page.title for page in pages)
    title = f"まとめて配信 {day.month}月{day.day}日（{len(pages)}件）: {titles}"
    return title if len(title) <= 255 else title[:254] + "…"


def send_due(
    now: datetime.datetime | None = None,
    on_planned: Callable[[list[int]], None] | None = None,
) -> list[int]:
    """Once today's digest time has passed, plan today's digest (once a day) and
    return its request ids; ``on_planned`` gets them after the commit."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.time() < digest_time():
        return []
    today = local.date()
    with transaction.atomic():
        # Locked first: a second run waits here for the first one's commit, then
        # finds these entries sent and today's run made.
        entries = list(
            DigestEntry.objects.select_for_update(of=("self",))
            .filter(run__isnull=True, digest_date__lte=today)
            .select_related("page")
        )
        if not entries or DigestRun.objects.filter(date=today).exists():
            # Nothing waits, or a page that came in as today's digest was being
            # planned: it waits for tomorrow's (nobody gets two digests a day).
            return []
        try:
            with transaction.atomic():
                run = DigestRun.objects.create(date=today, created_at=now)
        except IntegrityError:
            return []  # another worker made today's run
        request_ids = _plan_run(run, entries)
        audit.record(
            None,
            "delivery.digest",
            run,
            date=run.date.isoformat(),
            page_ids=list(run.entries.values_list("page_id", flat=True)),
            delivery_ids=sorted(
                Delivery.objects.filter(digest_entries__run=run)
                .distinct()
                .values_list("pk", flat=True)
            ),
        )
        if on_planned is not None and request_ids:
            transaction.on_commit(lambda: on_planned(request_ids))
    return request_ids


def _plan_run(run: DigestRun, entries: list[DigestEntry]) -> list[int]:
    """The run's deliveries, one per set of pages, and all their requests."""
    pages: dict[int, object] = {}
    for entry in entries:
        page = entry.page.specific
        if not page.live or not getattr(page, "send_to_line", False):
            entry.delete()  # unpublished or switched off since: not in the digest
            continue
        pages[entry.page_id] = page
    sent = [entry for entry in entries if entry.page_id in pages]
    DigestEntry.objects.filter(pk__in=[entry.pk for entry in sent]).update(run=run)

    # Each friend: the pages they would have got one by one, in publishing order.
    wanted: dict[int, list[int]] = defaultdict(list)
    for page_id, page in pages.items():
        for friend_id in audience_friends(page).values_list("pk", flat=True):
            wanted[friend_id].append(page_id)
    groups: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for friend_id, page_ids in wanted.items():
        groups[tuple(page_ids)].append(friend_id)

    entry_of = {entry.page_id: entry for entry in sent}
    request_ids: list[int] = []
    for page_ids, friend_ids in sorted(groups.items()):
        for start in range(0, len(page_ids), PAGES_PER_DELIVERY):
            chunk = [pages[pk] for pk in page_ids[start : start + PAGES_PER_DELIVERY]]
            delivery = Delivery.objects.create(
                kind=Delivery.Kind.DIGEST, title=_title(run.date, chunk)
            )
            for page in chunk:
                entry_of[page.pk].deliveries.add(delivery)
            request_ids += _plan_group(delivery, chunk, sorted(friend_ids))
    return request_ids


def _plan_group(delivery: Delivery, pages: list, friend_ids: list[int]) -> list[int]:
    """These pages as one request's messages, multicast to these friends."""
    messages = digest_messages(pages)
    if engine.refused(delivery, messages):
        return []
    assign_unit(delivery)
    delivery.messages = messages
    requests = engine.plan_multicasts(delivery, friend_ids)
    delivery.total_recipients = sum(request.recipient_count for request in requests)
    delivery.status = Delivery.Status.SENDING
    delivery.save(update_fields=["messages", "total_recipients", "status"])
    return [request.pk for request in requests]

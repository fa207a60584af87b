"""The short follow-up (終了のお知らせ) to those who received a notice that has ended.

When events end (``home.signals.notice_events_ended``: a mail lifted them, or staff
ended a notice), each ended notice that was delivered gets one ``Delivery`` of kind
``FOLLOW_UP`` for that end, to the friends who received the notice. A friend who
received several notices of one end (the Lv3, then the Lv4 that raised it) is told
once: the notices are planned one after another in one task, and each plan leaves out
the friends an earlier follow-up of the same end already covers. Sending goes through
the delivery engine (retry keys saved before the first attempt), so a rerun of the
task or a killed worker never tells anyone twice.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from home.models import DisasterNoticePage, NoticeEnding, NoticeEvent

from .models import Delivery, DeliveryRequest, Friend


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def follow_up_text(notice: DisasterNoticePage, ending: NoticeEnding) -> str:
    """「【解除】…／比作・木野: 警戒レベル3（高齢者等避難） 7月3日 11:30 解除」."""
    # Everything this end ended, not only this notice's part: a friend who received
    # several of the ended notices gets one follow-up, and it must tell them all.
    events = sorted(
        NoticeEvent.objects.filter(ending=ending, superseded_by=None).select_related(
            "kind", "area", "lowered_to__kind"
        ),
        key=lambda event: (event.notice_id != notice.pk, event.pk),
    )
    labels = list(dict.fromkeys(e.end_label or "解除" for e in events)) or ["解除"]
    lines = [f"【{'・'.join(labels)}】{notice.title}"]
    grouped: dict[tuple[str, str], list[str]] = {}
    for event in events:
        if event.kind_id is None:
            continue
        key = (event.what_label, event.end_text)
        grouped.setdefault(key, []).append(event.area_label)
    for (what, label), areas in grouped.items():
        lines.append(f"{'・'.join(dict.fromkeys(areas))}: {what} {label}")
    lines.append(f"{_when(ending.ended_at)} {labels[0]}")
    url = notice.get_full_url()
    if url:
        lines.append(f"詳しく: {url}")
    return "\n".join(lines)


def follow_up_message(
    notice: DisasterNoticePage, ending: NoticeEnding
) -> dict[str, Any]:
    return {"type": "text", "text": follow_up_text(notice, ending)[:4900]}


def follow_up_recipients(delivery: Delivery, page) -> QuerySet[Friend]:
    """Who received ``page``, less those an earlier follow-up of the same end covers."""
    from .delivery import original_recipients

    _original, friends = original_recipients(page)
    earlier = Delivery.objects.filter(
        kind=Delivery.Kind.FOLLOW_UP, ending_id=delivery.ending_id, pk__lt=delivery.pk
    )
    if earlier.filter(is_broadcast=True).exists():
        return Friend.objects.none()
    covered: set[int] = set()
    for friend_ids in DeliveryRequest.objects.filter(delivery__in=earlier).values_list(
        "friend_ids", flat=True
    ):
        covered.update(friend_ids or [])
    return friends.exclude(pk__in=covered)


def follow_up_deliveries(ending: NoticeEnding) -> list[Delivery]:
    """One follow-up per ended notice that was delivered, in the order they were issued.

    Only notices whose own events were still in force: an older notice that a newer
    one had already raised or extended ends with it on the website, but its readers
    were addressed again by the newer one, whose follow-up tells them.
    """
    deliveries = []
    directly_ended = NoticeEvent.objects.filter(ending=ending, superseded_by=None)
    for notice in ending.ended_notices().filter(
        pk__in=directly_ended.values("notice_id")
    ):
        if not Delivery.objects.filter(
            page=notice, kind=Delivery.Kind.PUBLISH
        ).exists():
            continue  # never sent on LINE: nobody to tell
        delivery = Delivery.objects.filter(
            page=notice, ending=ending, kind=Delivery.Kind.FOLLOW_UP
        ).first()
        if delivery is None:
            try:
                with transaction.atomic():
                    delivery = Delivery.objects.create(
                        page=notice,
                        revision_id=notice.live_revision_id,
                        ending=ending,
                        kind=Delivery.Kind.FOLLOW_UP,
                        title=notice.title,
                    )
            except IntegrityError:
                delivery = Delivery.objects.get(
                    page=notice, ending=ending, kind=Delivery.Kind.FOLLOW_UP
                )
        deliveries.append(delivery)
    return deliveries

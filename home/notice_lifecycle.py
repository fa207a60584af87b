"""Whether a disaster notice is in force (現在発表中), read from its events.

The one source of truth for the web pages, the feed, the public API, the LIFF banner
and the chat: ``lifecycle(notice)`` for one notice and ``in_force(queryset)`` for a
list. A notice is no longer in force when

* staff typed a 解除日時 on the page (``lifted_at``), or
* it put things in force (``NoticeEvent``) and none of them is any more: each was
  ended (解除・再開・復旧 …) or superseded by a newer notice, or
* it has no level (お知らせ, 0) and the hours staff set for its hazard have passed
  since it was issued, unless staff extended it.

Ending and extending are here too, so the admin screen and the mail bridge change the
state the same way; ``signals.notice_events_ended`` lets channels tell residents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from cms import audit

from .models import DisasterNoticePage, HazardDuration, NoticeEnding, NoticeEvent
from .signals import notice_events_ended


IN_FORCE = "in_force"
ENDED = "ended"
SUPERSEDED = "superseded"
EXPIRED = "expired"

STATE_LABELS = {
    IN_FORCE: "発表中",
    SUPERSEDED: "新しい情報に更新",
    EXPIRED: "掲載期間の終了",
}


@dataclass(frozen=True)
class EventLine:
    """One 地区's part of a notice, as residents read it (「比作: 解除 7/3 11:30」)."""

    area: str
    what: str
    status: str
    label: str
    changed_at: datetime.datetime | None
    own: bool = True
    """False: another notice's event that this notice ended (「大雨警報 — 解除」)."""


def _line(event: NoticeEvent, *, own: bool = True) -> EventLine:
    ended = event.status == NoticeEvent.Status.ENDED
    return EventLine(
        area=event.area_label,
        what=event.what_label,
        status=event.status,
        label=event.end_text if ended else STATE_LABELS.get(event.status, ""),
        changed_at=None
        if event.status == NoticeEvent.Status.IN_FORCE
        else event.changed_at,
        own=own,
    )


@dataclass(frozen=True)
class NoticeLifecycle:
    state: str
    label: str
    """What residents read: 発表中, 解除, 運航再開, 復旧, 新しい情報に更新 …"""
    changed_at: datetime.datetime | None
    """When it stopped being in force (None while in force)."""
    lines: list[EventLine] = field(default_factory=list)

    @property
    def in_force(self) -> bool:
        return self.state == IN_FORCE

    @property
    def partly_ended(self) -> bool:
        return self.in_force and any(
            line.status != IN_FORCE for line in self.lines if line.own
        )


def _in_force_until(notice: DisasterNoticePage, events: list[NoticeEvent]):
    if notice.level:
        return None
    until = notice.issued_at + HazardDuration.durations()[notice.hazard]
    extended = [
        e.in_force_until
        for e in events
        if e.status == NoticeEvent.Status.IN_FORCE and e.in_force_until
    ]
    return max([until, *extended])


def lifecycle(
    notice: DisasterNoticePage, now: datetime.datetime | None = None
) -> NoticeLifecycle:
    now = now or timezone.now()
    if notice.lifted_at is not None:
        return NoticeLifecycle(ENDED, "解除", notice.lifted_at)
    # An unsaved notice (the editor's LINE preview of a new page) has no events yet.
    related = ("kind", "area", "lowered_to__kind")
    events = list(notice.events.select_related(*related)) if notice.pk else []
    lines = [_line(event) for event in events if event.kind_id is not None]
    if notice.pk:
        # What this notice ended, so a lowering reads whole on the new notice too:
        # 「大雨警報 — 解除（大雨注意報に切り替え）」 above 「大雨注意報 — 発表中」.
        ended_here = (
            NoticeEvent.objects.filter(ending__ending_notice=notice, superseded_by=None)
            .exclude(notice=notice)
            .exclude(kind=None)
            .select_related(*related)
        )
        lines = [_line(event, own=False) for event in ended_here] + lines
    in_force_events = [e for e in events if e.status == NoticeEvent.Status.IN_FORCE]
    if events and not in_force_events:
        # Partly ended, partly carried on by a newer notice: it was updated.
        superseded = any(e.status == NoticeEvent.Status.SUPERSEDED for e in events)
        last = max(events, key=lambda e: e.changed_at)
        if superseded:
            return NoticeLifecycle(
                SUPERSEDED, STATE_LABELS[SUPERSEDED], last.changed_at, lines
            )
        return NoticeLifecycle(ENDED, last.end_label or "解除", last.changed_at, lines)
    until = _in_force_until(notice, events)
    if until is not None and until <= now:
        return NoticeLifecycle(EXPIRED, STATE_LABELS[EXPIRED], until, lines)
    return NoticeLifecycle(IN_FORCE, STATE_LABELS[IN_FORCE], None, lines)


def in_force(queryset: QuerySet, now: datetime.datetime | None = None) -> QuerySet:
    """The notices of ``queryset`` that are in force (the same rules as ``lifecycle``)."""
    now = now or timezone.now()
    events = NoticeEvent.objects.filter(notice=OuterRef("pk"))
    live_events = events.filter(status=NoticeEvent.Status.IN_FORCE)
    fresh = Q(level__gt=0) | Exists(live_events.filter(in_force_until__gt=now))
    for hazard, duration in HazardDuration.durations().items():
        fresh |= Q(hazard=hazard, issued_at__gt=now - duration)
    return (
        queryset.filter(lifted_at__isnull=True)
        .exclude(Exists(events) & ~Exists(live_events))
        .filter(fresh)
    )


def last_expiry(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """The latest moment, up to ``now``, at which a live notice ran out of its hours.

    Expiry changes what is in force without any row changing, so the API's
    ``Last-Modified`` takes it into account (an ``If-Modified-Since`` client would
    otherwise keep a list with the expired notice in it). Two queries.
    """
    now = now or timezone.now()
    notices = DisasterNoticePage.objects.live().filter(level=0, lifted_at=None)
    passed = Q(pk__in=[])
    durations = HazardDuration.durations()
    for hazard, duration in durations.items():
        passed |= Q(hazard=hazard, issued_at__lte=now - duration)
    moments = [
        latest + durations[hazard]
        for hazard, latest in notices.filter(passed)
        .values("hazard")
        .annotate(latest=Max("issued_at"))
        .values_list("hazard", "latest")
    ]
    extended = NoticeEvent.objects.filter(
        notice__in=notices, in_force_until__lte=now
    ).aggregate(latest=Max("in_force_until"))["latest"]
    if extended is not None:
        moments.append(extended)
    return max(moments, default=None)


def _announce(ending: NoticeEnding) -> None:
    transaction.on_commit(
        lambda: notice_events_ended.send(sender=NoticeEnding, ending_id=ending.pk)
    )


def end_events(
    events: list[NoticeEvent],
    *,
    label_for,
    ended_at: datetime.datetime,
    ending_notice: DisasterNoticePage | None = None,
    user=None,
) -> NoticeEnding | None:
    """End ``events`` and the older events they superseded (one chain, one end).

    ``label_for(event)`` says what residents read (解除, 運航再開 …). Returns the
    ending, or None when nothing was in force.
    """
    events = [e for e in events if e.status == NoticeEvent.Status.IN_FORCE]
    if not events:
        return None
    ending = NoticeEnding.objects.create(
        ended_at=ended_at, ending_notice=ending_notice, ended_by=user
    )
    for event in events:
        label = label_for(event)
        chain = [event]
        while chain:
            current = chain.pop()
            current.status = NoticeEvent.Status.ENDED
            current.changed_at = ended_at
            current.ending = ending
            current.end_label = label
            current.save()
            chain.extend(
                current.supersedes.filter(status=NoticeEvent.Status.SUPERSEDED)
            )
    # A staff extension keeps a notice's remaining time, not an ended event, alive.
    for notice_id in {event.notice_id for event in events}:
        rest = NoticeEvent.objects.filter(
            notice_id=notice_id, status=NoticeEvent.Status.IN_FORCE
        )
        if not rest.exclude(kind=None).exists():
            rest.update(
                status=NoticeEvent.Status.ENDED,
                changed_at=ended_at,
                ending=ending,
                end_label=label_for(events[0]),
            )
    _announce(ending)
    return ending


def end_notice(notice: DisasterNoticePage, user, label: str = "解除") -> NoticeEnding:
    """Staff end a notice in one click: everything it still has in force ends."""
    now = timezone.now()
    with transaction.atomic():
        events = list(notice.events.filter(status=NoticeEvent.Status.IN_FORCE))
        if not events:
            events = [NoticeEvent.objects.create(notice=notice, kind=None, level=0)]
        ending = end_events(events, label_for=lambda _e: label, ended_at=now, user=user)
        audit.record(user, "notice.end", notice, label=label, ending_id=ending.pk)
    return ending


def extend_notice(notice: DisasterNoticePage, user, hours: int) -> datetime.datetime:
    """Staff keep a notice without a level in force ``hours`` longer from now."""
    until = timezone.now() + datetime.timedelta(hours=hours)
    with transaction.atomic():
        event = notice.events.filter(
            status=NoticeEvent.Status.IN_FORCE, kind=None
        ).first() or NoticeEvent(notice=notice, kind=None, level=notice.level)
        event.in_force_until = until
        event.save()
        audit.record(user, "notice.extend", notice, hours=hours, until=until)
    return until


def supersede(old: NoticeEvent, new: NoticeEvent, at: datetime.datetime) -> None:
    old.status = NoticeEvent.Status.SUPERSEDED
    old.superseded_by = new
    old.changed_at = at
    old.save()

"""What a disaster mail starts, continues and ends, and what that does to earlier notices.

Read per sentence with the staff's event kinds (``home.EventKind``: target, start,
end and not-end words) and the level words of the mail-bridge settings:

* a sentence about a kind (one of its target words) with an end word and no not-end
  word *ends* it: 「阿多田島汽船は…運航を再開します」, 「…避難指示を解除しました」;
  when the mail's subject or text names a kind that has no level, an end word alone
  is enough (「先ほどの男の子は発見されました」 in a mail about a 行方不明者);
* otherwise a start word *starts or continues* it: 「…欠航となります」, 「…発令しました」,
  「引き続き継続します」; a level switch (「…緊急安全確保は…避難指示に切り替えました」)
  starts the level named last;
* each part is per 地区 or citywide (「市内全域」 or no 地区 named). Levels end where the
  sentence says (citywide and 地区 parts independently); other kinds end in the 地区
  named when such a part is in force, else everywhere.

``plan_events`` reads; ``apply_events`` records the new notice's events, supersedes
the older events they continue, and ends what the mail ends (one ``NoticeEnding``:
those who received the ended notices are told once, see ``follow_up``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime

from home.models import Area, DisasterNoticePage, EventKind, NoticeEvent
from home.notice_lifecycle import end_events, supersede

from .reading import Vocabulary, find_names, sentences


START = "start"
END = "end"


@dataclass
class Statement:
    action: str
    kind: EventKind
    areas: list[str | None]
    """Canonical 地区 names; None is citywide."""
    levels: list[int] = field(default_factory=list)
    """Evacuation levels named (start: the one put in force; end: those ended)."""


@dataclass
class EventPlan:
    statements: list[Statement]

    @property
    def starts(self) -> list[Statement]:
        return [s for s in self.statements if s.action == START]

    @property
    def ends(self) -> list[Statement]:
        return [s for s in self.statements if s.action == END]

    @property
    def start_level(self) -> int | None:
        levels = [max(s.levels) for s in self.starts if s.levels]
        return max(levels) if levels else None

    def level_areas(self) -> tuple[set[str | None], set[str | None]]:
        """(地区 a level is in force in after the mail, 地区 a level was lifted in)."""
        started = {
            a for s in self.starts if s.kind.is_evacuation_level for a in s.areas
        }
        ended = {a for s in self.ends if s.kind.is_evacuation_level for a in s.areas}
        return started, ended


def _has(text: str, words: list[str]) -> bool:
    return any(word and word in text for word in words)


def _positions(sentence: str, level_words: dict[str, int]) -> list[tuple[int, int]]:
    found = []
    for word, level in level_words.items():
        start = sentence.find(word)
        if start != -1:
            found.append((start, level))
    return sorted(found)


def _areas(sentence: str, vocabulary: Vocabulary) -> tuple[list[str], bool]:
    named = find_names(sentence, vocabulary.areas, suffixes=vocabulary.area_suffixes)
    return named, _has(sentence, vocabulary.whole_city_words)


def _read_sentence(
    sentence: str,
    kind: EventKind,
    vocabulary: Vocabulary,
    mail_names_kind: bool,
) -> Statement | None:
    level_words = {
        word: number
        for number, words in vocabulary.level_words.items()
        for word in words
    }
    named, whole_city = _areas(sentence, vocabulary)
    ends = _has(sentence, kind.end_list()) and not _has(sentence, kind.not_end_list())
    if kind.is_evacuation_level:
        levels = _positions(sentence, level_words)
        if not levels and not _has(sentence, kind.target_list()):
            return None
        if (
            ends
            and len(levels) >= 2
            and _has(sentence, ["切り替え", "切替", "移行", "引き下げ", "引き上げ"])
        ):
            # 「緊急安全確保は…避難指示に切り替えました」: the last level named is in force.
            return Statement(START, kind, named or [None], [levels[-1][1]])
        if ends:
            # 「市内全域（栗谷地区を含む）…解除」 ends both; no place named: every place.
            areas: list[str | None] = [*named, *([None] if whole_city else [])]
            return Statement(
                END, kind, areas or [], [level for _pos, level in levels] or [3, 4, 5]
            )
        if levels and _has(sentence, kind.start_list()):
            areas = [None] if whole_city or not named else list(named)
            return Statement(START, kind, areas, [max(lv for _p, lv in levels)])
        return None
    about = _has(sentence, kind.target_list())
    if ends and (about or mail_names_kind):
        return Statement(END, kind, list(named))
    if about and _has(sentence, kind.start_list()):
        return Statement(START, kind, [named[0] if named else None])
    return None


def plan_events(
    subject: str, text: str, vocabulary: Vocabulary, *, is_drill: bool = False
) -> EventPlan:
    """What the mail starts and ends, sentence by sentence (a drill states nothing)."""
    if is_drill:
        return EventPlan([])
    kinds = list(EventKind.objects.all())
    whole = subject + "\n" + text
    named_kinds = {
        kind.pk
        for kind in kinds
        if not kind.is_evacuation_level and _has(whole, kind.target_list())
    }
    statements = []
    for sentence in sentences(text):
        for kind in kinds:
            statement = _read_sentence(
                sentence, kind, vocabulary, kind.pk in named_kinds
            )
            if statement is not None:
                statements.append(statement)
    return EventPlan(statements)


def adjust_new_notice(page: DisasterNoticePage, plan: EventPlan) -> None:
    """The level header reflects the state after the mail (before the page is saved).

    A mail that lifts a level in some 地区 and keeps it in others is addressed to the
    others only, at the level still in force; the lifted 地区 hear of the lift as the
    follow-up of the notice they received. A mail that only ends things reads as 解除;
    when it ends notices we sent, their recipients get the short follow-up instead of
    this notice on LINE (it stays on the website, feed and API).
    """
    started, ended = plan.level_areas()
    if plan.start_level is not None:
        page.level = plan.start_level
        lifted_areas = {a for a in ended if a is not None} - started
        if lifted_areas and None not in started:
            page.target_areas = list(
                Area.objects.filter(name__in=[a for a in started if a]).order_by(
                    "sort_order", "name"
                )
            )
    elif plan.ends and not plan.starts:
        page.lifted_at = page.issued_at
        if _events_to_end(plan, None):
            page.send_to_line = False


def _area_ids(names: list[str | None]) -> dict[str | None, int | None]:
    ids: dict[str | None, int | None] = dict(
        Area.objects.filter(name__in=[n for n in names if n]).values_list("name", "pk")
    )
    if None in names:
        ids[None] = None
    return ids


def _record_starts(
    page: DisasterNoticePage, plan: EventPlan, at: datetime.datetime
) -> None:
    created: dict[tuple[int, int | None], NoticeEvent] = {}
    for statement in plan.starts:
        area_ids = _area_ids(statement.areas)
        for name in statement.areas:
            if name not in area_ids:
                continue
            # A level is per 地区; anything else is one event per notice (a search,
            # a ferry), placed in the first 地区 the mail names for it.
            key = (
                statement.kind.pk,
                area_ids[name] if statement.kind.is_evacuation_level else None,
            )
            level = max(statement.levels) if statement.levels else 0
            if key in created:
                created[key].level = max(created[key].level, level)
                created[key].save()
                continue
            created[key] = NoticeEvent.objects.create(
                notice=page,
                kind=statement.kind,
                area_id=area_ids[name],
                level=level,
                changed_at=at,
            )


def _supersede_older(page: DisasterNoticePage, at: datetime.datetime) -> None:
    """Raised, lowered or extended: the older notice of the same thing steps aside."""
    for event in page.events.filter(status=NoticeEvent.Status.IN_FORCE).exclude(
        kind=None
    ):
        for older in NoticeEvent.objects.filter(
            status=NoticeEvent.Status.IN_FORCE,
            kind=event.kind,
            area_id=event.area_id,
        ).exclude(notice=page):
            supersede(older, event, at)


def _events_to_end(
    plan: EventPlan, page: DisasterNoticePage | None
) -> list[NoticeEvent]:
    chosen: dict[int, NoticeEvent] = {}
    live = NoticeEvent.objects.filter(status=NoticeEvent.Status.IN_FORCE)
    if page is not None:
        live = live.exclude(notice=page)
    for statement in plan.ends:
        candidates = live.filter(kind=statement.kind).select_related("area", "kind")
        named = [a for a in statement.areas if a]
        if statement.kind.is_evacuation_level:
            candidates = candidates.filter(level__in=statement.levels)
            if statement.areas:
                place = candidates.filter(area__name__in=named)
                if None in statement.areas:
                    place = place | candidates.filter(area=None)
                candidates = place
        elif named and candidates.filter(area__name__in=named).exists():
            candidates = candidates.filter(area__name__in=named)
        for event in candidates:
            chosen[event.pk] = event
    return list(chosen.values())


def apply_events(
    page: DisasterNoticePage, plan: EventPlan, at: datetime.datetime, *, publish: bool
) -> list[str]:
    """Record what the new notice puts in force, and end what it ends.

    Returns the titles of the notices ended, for the mail's log. A draft only records
    its own events: the older notices step aside, and what it ends ends, when staff
    publish it (``apply_on_first_publish``).
    """
    _record_starts(page, plan, at)
    if not publish:
        return []
    _supersede_older(page, at)
    to_end = _events_to_end(plan, page)
    ending = end_events(
        to_end,
        label_for=lambda event: event.kind.end_label if event.kind else "解除",
        ended_at=at,
        ending_notice=page,
    )
    if ending is None:
        return []
    return [notice.title for notice in ending.ended_notices()]


def apply_on_first_publish(page_id: int) -> list[str]:
    """A drafted mail's notice was published by staff: act on it as if just received.

    Once per mail (``reading["lifecycle_applied"]``): a later edit of the same notice
    must not end things that were issued after it.
    """
    from django.db import transaction

    from .models import IncomingMail, MailBridgeSettings

    with transaction.atomic():
        mail = (
            IncomingMail.objects.select_for_update()
            .filter(page_id=page_id, outcome=IncomingMail.Outcome.DRAFTED)
            .first()
        )
        page = DisasterNoticePage.objects.live().filter(pk=page_id).first()
        if mail is None or page is None or mail.reading.get("lifecycle_applied"):
            return []
        vocabulary = MailBridgeSettings.load().vocabulary()
        plan = plan_events(
            mail.subject,
            mail.text,
            vocabulary,
            is_drill=bool(mail.reading.get("is_drill")),
        )
        at = page.issued_at
        _supersede_older(page, at)
        ending = end_events(
            _events_to_end(plan, page),
            label_for=lambda event: event.kind.end_label if event.kind else "解除",
            ended_at=at,
            ending_notice=page,
        )
        mail.reading = {**mail.reading, "lifecycle_applied": True}
        mail.save(update_fields=["reading"])
    return [n.title for n in ending.ended_notices()] if ending else []

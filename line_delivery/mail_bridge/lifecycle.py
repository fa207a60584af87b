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
* a kind's named routes, lines or warnings (``EventKind.subjects``: 阿多田航路,
  JR山陽本線, 大雨警報) are separate events: 「阿多田島汽船は運航を再開」 ends only the
  阿多田航路's suspension; a sentence that names none (「全便運航を再開」) ends all of
  the kind. An end reads its names before the end word, a start anywhere in the
  sentence, else in the mail's subject;
* a kind named *after* the end word, with a start word after it, is what goes on:
  「大雨警報を解除し、大雨注意報に切り替えました」 ends the warning and puts the
  advisory in force, linked as its lowered state (``NoticeEvent.lowered_to``).

``plan_events`` reads; ``apply_events`` records the new notice's events, supersedes
the older events they continue, and ends what the mail ends (one ``NoticeEnding``:
those who received the ended notices are told once, see ``follow_up``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime

from home.models import Area, DisasterNoticePage, EventKind, NoticeEvent
from home.notice_lifecycle import end_events, supersede

from .reading import Vocabulary, find_names, find_zones, level_changed_to, sentences


START = "start"
END = "end"
SWITCH_WORDS = ["切り替え", "切り替わ", "切替", "移行", "引き下げ", "引き上げ", "変わ"]


@dataclass
class Statement:
    action: str
    kind: EventKind
    areas: list[str | None]
    """Canonical 地区 names; None is citywide."""
    levels: list[int] = field(default_factory=list)
    """Evacuation levels named (start: the one put in force; end: those ended)."""
    subjects: list[str] = field(default_factory=list)
    """Routes, lines or warnings named (阿多田航路); [] is every one of the kind."""
    replaces: Statement | None = None
    """The end this start is the lowered state of (警報 → 注意報 in one sentence)."""


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


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of every word, in text order."""
    found = []
    for word in words:
        if not word:
            continue
        start = text.find(word)
        while start != -1:
            found.append((start, start + len(word)))
            start = text.find(word, start + 1)
    return sorted(found)


def _subjects(text: str, kind: EventKind, spellings) -> list[str]:
    return find_names(text, spellings.get(kind.pk, {})) if spellings else []


def _positions(sentence: str, level_words: dict[str, int]) -> list[tuple[int, int]]:
    found = []
    for word, level in level_words.items():
        start = sentence.find(word)
        if start != -1:
            found.append((start, level))
    return sorted(found)


def _areas(sentence: str, vocabulary: Vocabulary) -> tuple[list[str], bool]:
    named = find_names(sentence, vocabulary.areas, suffixes=vocabulary.area_suffixes)
    if not named:
        _zones, named = find_zones(sentence, vocabulary)  # 「沿岸部の避難指示を解除」
    return named, _has(sentence, vocabulary.whole_city_words)


def _read_sentence(
    sentence: str,
    kind: EventKind,
    vocabulary: Vocabulary,
    mail_names_kind: bool,
    spellings: dict[int, dict[str, set[str]]] | None = None,
    subject_line_names: list[str] | None = None,
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
        changed_to = level_changed_to(sentence)
        if changed_to and _has(sentence, SWITCH_WORDS):
            # 「警戒レベルを４から３に引き下げ」: digits only, no level names.
            return Statement(START, kind, named or [None], [changed_to])
        if not levels and not _has(sentence, kind.target_list()):
            return None
        if ends and len(levels) >= 2 and _has(sentence, SWITCH_WORDS):
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
    fallback = subject_line_names or []
    if ends and (about or mail_names_kind):
        end_spans = _spans(sentence, kind.end_list())
        targets = [
            b
            for b, _e in _spans(sentence, kind.target_list())
            if not any(start <= b < end for start, end in end_spans)
        ]
        last_end = end_spans[-1][1]
        if targets and targets[0] >= last_end:
            after = sentence[targets[0] :]
            if _has(after, kind.start_list()):
                # The end word was about something before: this kind goes on.
                return Statement(
                    START,
                    kind,
                    [named[0] if named else None],
                    subjects=_subjects(sentence[last_end:], kind, spellings),
                )
        subjects = (
            _subjects(sentence[: end_spans[0][1]], kind, spellings)
            or _subjects(sentence, kind, spellings)
            or fallback
        )
        return Statement(END, kind, list(named), subjects=subjects)
    if about and _has(sentence, kind.start_list()):
        subjects = _subjects(sentence, kind, spellings) or fallback
        return Statement(START, kind, [named[0] if named else None], subjects=subjects)
    return None


def plan_events(
    subject: str, text: str, vocabulary: Vocabulary, *, is_drill: bool = False
) -> EventPlan:
    """What the mail starts and ends, sentence by sentence (a drill states nothing)."""
    if is_drill:
        return EventPlan([])
    kinds = list(EventKind.objects.prefetch_related("subjects"))
    whole = subject + "\n" + text
    named_kinds = {
        kind.pk
        for kind in kinds
        if not kind.is_evacuation_level and _has(whole, kind.target_list())
    }
    spellings = {kind.pk: kind.subject_spellings() for kind in kinds}
    statements = []
    for sentence in sentences(text):
        in_sentence = []
        for kind in kinds:
            statement = _read_sentence(
                sentence,
                kind,
                vocabulary,
                kind.pk in named_kinds,
                spellings,
                _subjects(subject, kind, spellings),
            )
            if statement is not None:
                in_sentence.append(statement)
        _link_switch(sentence, in_sentence)
        statements.extend(in_sentence)
    return EventPlan(statements)


def _link_switch(sentence: str, statements: list[Statement]) -> None:
    """「大雨警報を解除し、大雨注意報に切り替え」: the advisory is the warning lowered."""
    ends = [s for s in statements if s.action == END and not s.kind.is_evacuation_level]
    if not ends or not _has(sentence, SWITCH_WORDS):
        return
    for statement in statements:
        if statement.action == START and not statement.kind.is_evacuation_level:
            ended = [s for s in ends if s.kind.pk != statement.kind.pk]
            if ended:
                statement.replaces = ended[0]


def adjust_new_notice(page: DisasterNoticePage, plan: EventPlan) -> None:
    """The level header reflects the state after the mail (before the page is saved).

    A mail that lifts a level in some 地区 and keeps it in others is addressed to the
    others only, at the level still in force; the lifted 地区 hear of the lift as the
    follow-up of the notice they received. A mail that only ends things reads as 解除;
    when it ends notices we sent, their recipients get the short follow-up instead of
    this notice on LINE (it stays on the website, feed and API).
    """
    started, ended = plan.level_areas()
    if plan.starts:
        # Something goes on (「…大雨注意報に切り替えました」): the notice is in force.
        page.lifted_at = None
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
    elif (
        plan.starts
        and all(s.replaces is not None for s in plan.starts)
        and _events_to_end(plan, None)
    ):
        # Only lowers (「大雨警報を解除し、大雨注意報に切り替え」): the warning's readers
        # get one follow-up that says so; the advisory is on the web, feed and API.
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
    created: dict[tuple[int, int | None, str], NoticeEvent] = {}
    for statement in plan.starts:
        area_ids = _area_ids(statement.areas)
        for name in statement.areas:
            if name not in area_ids:
                continue
            # A level is per 地区; anything else is one event per notice and route
            # (a search, the 阿多田航路), placed in the first 地区 the mail names.
            level = max(statement.levels) if statement.levels else 0
            for subject in statement.subjects or [""]:
                key = (
                    statement.kind.pk,
                    area_ids[name] if statement.kind.is_evacuation_level else None,
                    subject,
                )
                if key in created:
                    created[key].level = max(created[key].level, level)
                    created[key].save()
                    continue
                created[key] = NoticeEvent.objects.create(
                    notice=page,
                    kind=statement.kind,
                    area_id=area_ids[name],
                    subject=subject,
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
            subject=event.subject,
        ).exclude(notice=page):
            supersede(older, event, at)


def _ended_by(
    statement: Statement, page: DisasterNoticePage | None
) -> list[NoticeEvent]:
    live = NoticeEvent.objects.filter(status=NoticeEvent.Status.IN_FORCE)
    if page is not None:
        live = live.exclude(notice=page)
    candidates = live.filter(kind=statement.kind).select_related("area", "kind")
    if statement.subjects:
        # A named route ends its own suspension (and one that named no route).
        candidates = candidates.filter(subject__in=[*statement.subjects, ""])
    return list(_in_place(statement, candidates))


def _events_to_end(
    plan: EventPlan, page: DisasterNoticePage | None
) -> list[NoticeEvent]:
    chosen: dict[int, NoticeEvent] = {}
    for statement in plan.ends:
        for event in _ended_by(statement, page):
            chosen[event.pk] = event
    return list(chosen.values())


def _in_place(statement: Statement, candidates):
    """The candidates in the 地区 the statement ends (levels: exactly where it says)."""
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
    return candidates


def _link_lowered(page: DisasterNoticePage, plan: EventPlan) -> None:
    """Ended warnings point at the advisory this notice keeps in force (lowered)."""
    for statement in plan.starts:
        if statement.replaces is None:
            continue
        lowered = list(page.events.filter(kind=statement.kind))
        if not lowered:
            continue
        by_subject = {event.subject: event for event in lowered}
        for ended in NoticeEvent.objects.filter(
            ending__ending_notice=page,
            kind=statement.replaces.kind,
            superseded_by=None,
            lowered_to=None,
        ):
            lower_name = ended.subject.replace("特別警報", "警報").replace(
                "警報", "注意報"
            )
            ended.lowered_to = by_subject.get(
                lower_name, by_subject.get("", lowered[0])
            )
            ended.save(update_fields=["lowered_to"])


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
    _link_lowered(page, plan)
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
        if ending is not None:
            _link_lowered(page, plan)
        mail.reading = {**mail.reading, "lifecycle_applied": True}
        mail.save(update_fields=["reading"])
    return [n.title for n in ending.ended_notices()] if ending else []

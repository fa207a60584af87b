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
  advisory in force, linked as its lowered state (``NoticeEvent.lowered_to``);
  within one kind, what is named right before 「…に切り替え」 goes on and the kind's
  names before it end (「大雨特別警報を解除し、大雨警報に切り替え」);
* a route nobody listed is read from the kind's ``subject_endings`` (「宮島航路」), and
  a sentence whose routes fare differently is read per route (「Ａ航路は運航を再開
  しましたが、Ｂ航路は引き続き欠航」).

``plan_events`` reads; ``apply_events`` records the new notice's events, supersedes
the older events they continue, and ends what the mail ends (one ``NoticeEnding``:
those who received the ended notices are told once, see ``follow_up``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime
import itertools

from home.models import Area, DisasterNoticePage, EventKind, NoticeEvent
from home.notice_lifecycle import end_events, supersede

from .reading import (
    Vocabulary,
    find_names,
    find_spans,
    find_zones,
    level_changed_to,
    name_start,
    sentences,
)


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
    raises: list[str] = field(default_factory=list)
    """Names this start raises (「大雨警報を大雨特別警報に切り替え」): they step aside."""


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


Span = tuple[int, int, str]
LIST_JOINERS = ("と", "、", "や", "及び", "および", "並びに")
NOT_ROUTE_BEGINNINGS = (
    "全",
    "各",
    "始発",
    "最終",
    "臨時",
    "定期",
    "通常",
    "上下",
    "午前",
    "午後",
    "本日",
    "終日",
    "当該",
)
"""A name before 航路/線/便 that begins so is no route (全路線, 始発便, 臨時便)."""
SUBJECT_LENGTH = 40


def _route_spans(text: str, kind: EventKind) -> list[tuple[int, int, int, str]]:
    """「宮島航路」「岩徳線」: names ending in one of the kind's ``subject_endings``.

    (start of the written run, start of the name, end, name). The name is the
    kanji/katakana run before the ending after the kind's own words (「大竹市生活交通
    バス玖波線」 and 「ＪＲ岩徳線」 name 玖波線 and 岩徳線), at least two characters, without
    digits (「１４時便」 is a time).
    """
    own = [w for w in (*kind.target_list(), *kind.start_list(), *kind.end_list()) if w]
    found: list[tuple[int, int, int, str]] = []
    for ending in sorted(kind.subject_ending_list(), key=len, reverse=True):
        at = text.find(ending)
        while at != -1:
            run, end = name_start(text, at), at + len(ending)
            begin = max([run, *(_last_end(text[run:at], w) + run for w in own)])
            stem = text[begin:at]
            if (
                len(stem) >= 2
                and end - begin <= SUBJECT_LENGTH
                and not any(char.isdigit() for char in stem)
                and not stem.startswith(NOT_ROUTE_BEGINNINGS)
                and not stem.endswith("路")  # 全路線, バス路線
                and not any(r < end and run < e for r, _b, e, _n in found)
            ):
                found.append((run, begin, end, text[begin:end]))
            at = text.find(ending, at + 1)
    return sorted(found)


def _last_end(text: str, word: str) -> int:
    """Where the last ``word`` in ``text`` ends (0 when it is not there)."""
    at = text.rfind(word)
    return at + len(word) if at != -1 else 0


def _subject_spans(text: str, kind: EventKind, spellings) -> list[Span]:
    """Listed names (阿多田航路 for 「阿多田島汽船」) and unlisted routes, in text order.

    A listed spelling inside an unlisted route's written run gives way (「ＪＲ岩徳線」 is
    not the 「ＪＲ」 of JR山陽本線) unless it covers the route's name at least as long
    (「阿多田島航路」 is the listed 阿多田航路).
    """
    listed = find_spans(text, spellings.get(kind.pk, {})) if spellings else []
    routes = [
        (run, begin, end, name)
        for run, begin, end, name in _route_spans(text, kind)
        if not any(b <= begin and end <= e for b, e, _n in listed)
    ]
    listed = [
        span
        for span in listed
        if not any(run <= span[0] and span[1] <= end for run, _b, end, _n in routes)
        and not any(b < span[1] and span[0] < e for _r, b, e, _n in routes)
    ]
    return sorted(listed + [(b, e, n) for _r, b, e, n in routes])


def _subjects(text: str, kind: EventKind, spellings) -> list[str]:
    return list(dict.fromkeys(n for _b, _e, n in _subject_spans(text, kind, spellings)))


def _grade_words(kind: EventKind, spellings) -> list[str]:
    """Target words that end listed names without being one: 特別警報, 警報, 注意報."""
    names = spellings.get(kind.pk, {}) if spellings else {}
    written = {spelling for spellings_ in names.values() for spelling in spellings_}
    return [
        word
        for word in kind.target_list()
        if word not in written
        and any(name != word and name.endswith(word) for name in names)
    ]


def _stem(name: str, grades: list[str]) -> str:
    """「大雨」 of 大雨特別警報, 大雨警報 and 大雨注意報: what a lowering keeps."""
    for grade in sorted(grades, key=len, reverse=True):
        if name != grade and name.endswith(grade):
            return name[: -len(grade)]
    return name


def _list_start(text: str, end: int) -> int:
    """Where the list of names ending at ``end`` begins (「暴風警報と波浪警報」)."""
    begin = name_start(text, end)
    while begin < end:
        joiner = next((j for j in LIST_JOINERS if text[:begin].endswith(j)), None)
        if joiner is None:
            break
        previous = name_start(text, begin - len(joiner))
        if previous == begin - len(joiner):
            break
        begin = previous
    return begin


def _switch_within_kind(
    sentence: str,
    kind: EventKind,
    named: list[str],
    spellings,
) -> list[Statement]:
    """「大雨特別警報を解除し、大雨警報に切り替え」: the kind ends and goes on lower.

    What is named right before 「に切り替え」 (「へ移行」 …) is in force; what the
    kind names before that ends and points at it (lowered). A grade word alone
    (「特別警報は警報に切り替え」) stands for the names in force that end in it.
    """
    switch = _spans(sentence, SWITCH_WORDS)
    if not switch:
        return []
    at = switch[-1][0]
    if sentence[:at].endswith("の"):
        at -= 1  # 「大雨警報への切り替え」
    if not sentence[:at].endswith(("に", "へ")):
        return []
    target_end = at - 1
    target_start = _list_start(sentence, target_end)
    grades = _grade_words(kind, spellings)
    names = _subject_spans(sentence, kind, spellings)
    grade_spans = [
        span
        for span in find_spans(sentence, {g: {g} for g in grades})
        if not any(b < span[1] and span[0] < e for b, e, _n in names)
    ]
    mentions = sorted(names + [(b, e, "") for b, e, _g in grade_spans])
    before = [(b, e, n) for b, e, n in mentions if e <= target_start]
    after = [(b, e, n) for b, e, n in mentions if target_start <= b and e <= target_end]
    if not before or not after:
        return []
    live: list[str] | None = None
    ended: list[str] = []
    for b, e, name in before:
        if name:
            ended.append(name)
            continue
        if live is None:
            live = list(
                NoticeEvent.objects.filter(
                    status=NoticeEvent.Status.IN_FORCE, kind=kind
                )
                .exclude(subject="")
                .values_list("subject", flat=True)
                .distinct()
            )
        ended.extend(s for s in live if s.endswith(sentence[b:e]))
    ended = list(dict.fromkeys(ended))
    if not ended:
        return []
    listed = spellings.get(kind.pk, {}) if spellings else {}
    going_on: list[str] = []
    for b, e, name in after:
        if name:
            going_on.append(name)
            continue
        for lowered in (_stem(old, grades) + sentence[b:e] for old in ended):
            if lowered in listed:
                going_on.append(lowered)
    going_on = [name for name in dict.fromkeys(going_on) if name not in ended]
    if not going_on:
        return []  # 「…代行バスに切り替えて運行」 names nothing of the kind that goes on
    area = [named[0] if named else None]
    if _grade_rank(going_on, grades) > _grade_rank(ended, grades, highest=True):
        # 「大雨警報を大雨特別警報に切り替え」: raised, not ended — the warning's notice
        # steps aside (新しい情報に更新) and this one goes to LINE as any raise does.
        return [Statement(START, kind, area, subjects=going_on, raises=ended)]
    end = Statement(END, kind, list(named), subjects=ended)
    start = Statement(START, kind, area, subjects=going_on, replaces=end)
    return [end, start]


# How grave each grade word of a warning kind is (JMA's 注意報 < 警報 < 特別警報).
GRADE_RANK = {"注意報": 1, "警報": 2, "特別警報": 3}


def _grade_rank(names: list[str], grades: list[str], *, highest: bool = False) -> int:
    """The lowest (or highest) grade among ``names``; 0 when a name has no grade."""
    ranks = []
    for name in names:
        grade = next(
            (g for g in sorted(grades, key=len, reverse=True) if name.endswith(g)), ""
        )
        ranks.append(GRADE_RANK.get(grade, 0))
    if not ranks:
        return 0
    return max(ranks) if highest else min(ranks)


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
    return _read_clause(
        sentence,
        kind,
        named,
        ends,
        _has(sentence, kind.target_list()),
        mail_names_kind,
        spellings,
        subject_line_names or [],
    )


def _read_clause(
    sentence: str,
    kind: EventKind,
    named: list[str],
    ends: bool,
    about: bool,
    mail_names_kind: bool,
    spellings,
    fallback: list[str],
) -> Statement | None:
    """What one sentence (or one route's clause of it) says about a kind (no level)."""
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


def _read_kind(
    sentence: str,
    kind: EventKind,
    vocabulary: Vocabulary,
    mail_names_kind: bool,
    spellings: dict[int, dict[str, set[str]]],
    subject_line_names: list[str],
) -> list[Statement]:
    """The statements one sentence makes about one kind.

    Besides the sentence as a whole: a lowering within the kind (``_switch_within_kind``)
    and one clause per route when routes fare differently (「阿多田島航路は運航を再開
    しましたが、宮島航路は引き続き欠航しています」「○○線は運転を再開、△△線は運休」).
    """
    if not kind.is_evacuation_level:
        named, _whole_city = _areas(sentence, vocabulary)
        switched = _switch_within_kind(sentence, kind, named, spellings)
        if switched:
            return switched
        clauses = _route_clauses(sentence, kind, spellings)
        if len(clauses) > 1:
            return _read_route_clauses(clauses, kind, named, mail_names_kind, spellings)
    statement = _read_sentence(
        sentence, kind, vocabulary, mail_names_kind, spellings, subject_line_names
    )
    return [statement] if statement is not None else []


def _route_clauses(sentence: str, kind: EventKind, spellings) -> list[str]:
    """The sentence cut before each route it names, when the routes fare differently.

    Only the part from the first route on counts: in 「暴風警報を解除し、強風注意報と
    波浪注意報に切り替え」 the 解除 is about the warnings, not the advisories.
    """
    spans = _subject_spans(sentence, kind, spellings)
    if len({name for _b, _e, name in spans}) < 2:
        return [sentence]
    about_routes = sentence[spans[0][0] :]
    if not (
        _has(about_routes, kind.end_list()) and _has(about_routes, kind.start_list())
    ):
        return [sentence]
    cuts = [*(b for b, _e, _n in spans), len(sentence)]
    return [sentence[a:b] for a, b in itertools.pairwise(cuts) if sentence[a:b]]


def _read_route_clauses(
    clauses: list[str],
    kind: EventKind,
    named: list[str],
    mail_names_kind: bool,
    spellings,
) -> list[Statement]:
    """Each route takes what its clause says; a clause that says nothing (「Ａ航路と」)
    takes what the next one says."""
    statements: list[Statement] = []
    waiting: list[str] = []
    for clause in clauses:
        ends = _has(clause, kind.end_list()) and not _has(clause, kind.not_end_list())
        statement = _read_clause(
            clause, kind, named, ends, True, mail_names_kind, spellings, []
        )
        if statement is None:
            waiting.extend(_subjects(clause, kind, spellings))
            continue
        statement.subjects = list(dict.fromkeys([*waiting, *statement.subjects]))
        waiting = []
        statements.append(statement)
    return statements


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
            in_sentence.extend(
                _read_kind(
                    sentence,
                    kind,
                    vocabulary,
                    kind.pk in named_kinds,
                    spellings,
                    _subjects(subject, kind, spellings),
                )
            )
        _link_switch(sentence, in_sentence)
        statements.extend(in_sentence)
    return EventPlan(statements)


def _link_switch(sentence: str, statements: list[Statement]) -> None:
    """「大雨警報を解除し、大雨注意報に切り替え」: the advisory is the warning lowered."""
    ends = [s for s in statements if s.action == END and not s.kind.is_evacuation_level]
    if not ends or not _has(sentence, SWITCH_WORDS):
        return
    for statement in statements:
        if statement.replaces is not None:
            continue  # lowered within its own kind (「特別警報…警報に切り替え」)
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
        same = _route_spellings([event.subject], event.kind) if event.subject else [""]
        for older in NoticeEvent.objects.filter(
            status=NoticeEvent.Status.IN_FORCE,
            kind=event.kind,
            area_id=event.area_id,
            subject__in=same,
        ).exclude(notice=page):
            supersede(older, event, at)


def _supersede_raised(
    page: DisasterNoticePage, plan: EventPlan, at: datetime.datetime
) -> None:
    """Raised within the kind (警報 → 特別警報): the older warning steps aside."""
    for statement in plan.starts:
        if not statement.raises:
            continue
        raised = list(
            page.events.filter(kind=statement.kind, status=NoticeEvent.Status.IN_FORCE)
        )
        if not raised:
            continue
        grades = _grade_words(
            statement.kind, {statement.kind.pk: statement.kind.subject_spellings()}
        )
        by_stem = {_stem(event.subject, grades): event for event in raised}
        older = NoticeEvent.objects.filter(
            status=NoticeEvent.Status.IN_FORCE,
            kind=statement.kind,
            subject__in=statement.raises,
        ).exclude(notice=page)
        for event in _in_place(statement, older):
            supersede(event, by_stem.get(_stem(event.subject, grades), raised[0]), at)


def _ended_by(
    statement: Statement, page: DisasterNoticePage | None
) -> list[NoticeEvent]:
    live = NoticeEvent.objects.filter(status=NoticeEvent.Status.IN_FORCE)
    if page is not None:
        live = live.exclude(notice=page)
    candidates = live.filter(kind=statement.kind).select_related("area", "kind")
    if statement.subjects:
        # A named route ends its own suspension (and one that named no route).
        names = _route_spellings(statement.subjects, statement.kind)
        candidates = candidates.filter(subject__in=[*names, ""])
    return list(_in_place(statement, candidates))


def _route_spellings(names: list[str], kind: EventKind) -> list[str]:
    """The names with each other ending of the kind: 「宮島便」 is the 宮島航路."""
    endings = kind.subject_ending_list()
    spelled = list(names)
    for name in names:
        for ending in endings:
            if name.endswith(ending) and len(name) > len(ending):
                spelled.extend(name[: -len(ending)] + other for other in endings)
    return list(dict.fromkeys(spelled))


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
        kinds = {statement.kind, statement.replaces.kind}
        grades = [
            grade
            for kind in kinds
            for grade in _grade_words(kind, {kind.pk: kind.subject_spellings()})
        ]
        # 大雨特別警報 → 大雨警報, 大雨警報 → 大雨注意報: the same 「大雨」 goes on.
        by_stem = {_stem(event.subject, grades): event for event in lowered}
        unnamed = next((event for event in lowered if not event.subject), lowered[0])
        for ended in NoticeEvent.objects.filter(
            ending__ending_notice=page,
            kind=statement.replaces.kind,
            superseded_by=None,
            lowered_to=None,
        ):
            ended.lowered_to = by_stem.get(_stem(ended.subject, grades), unnamed)
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
    _supersede_raised(page, plan, at)
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
        _supersede_raised(page, plan, at)
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

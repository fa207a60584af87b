"""What a disaster-radio text says, read with the word lists staff keep in the admin.

Pure Python (no database): ``Vocabulary`` holds the staff's words, the 地区 and the
shelters; ``read`` returns a ``Reading``. The rules follow the format of the city's
mails (shared data README, notes/otake-facts.md):

* the text is split into sentences (``。`` and line ends); a sentence with a lifting
  word (解除 …) lifts what it names, otherwise a sentence with an issuing word
  (発令, 継続 …) puts the level it names in force — so 「発令していた…を解除」 lifts;
* an area note (「…のみの放送です」, 「この放送は…で流しています」, 「放送区域：…」)
  limits the message to the 地区 it names; a note that names none, or no note, falls
  back to the 地区 that the body's actions (or, for an unnamed note, the body) name
  with a suffix (地区, 地域 …); 「市内全域」 means the whole city. A note whose 地区
  cannot be read (「沿岸部のみの放送です」) is *unclear*: the caller sends citywide,
  the safe side, and tells the duty staff;
* a drill or test (訓練, テスト) states no level and opens no shelter;
* shelters are read per sentence: each named shelter takes the state word (開設,
  閉鎖, 満員 …) that follows it in its sentence, else the one before it; a line that
  only lists names takes the state of the sentence before it (「次の避難所を開設しま
  した。」). A shelter said closed is never also opened. Names that look like a
  shelter (…集会所, …公民館) but are not in the city's list are reported as unknown;
* the summary keeps sentences apart, drops headers, openings and notes, and puts the
  first sentence that tells residents what to do first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
import hashlib
import re
import unicodedata


AREA_SUFFIX = "地区"
SUMMARY_LENGTH = 100
# The first line of the JMA automatic format: 「2026年07月02日04時35分 発表」 (any
# widths and spaces, after NFKC). Fixed by the format, so not a staff word list.
JMA_FIRST_LINE = re.compile(
    r"^\d{4}年\d{1,2}月\d{1,2}日\d{1,2}時\d{1,2}分(発表|.*気象台発表)$"
)
LIST_SEPARATORS = "、，,・ 　"


def word_list(text: str) -> list[str]:
    """Staff type one word per line (、 and , also separate); blanks are dropped."""
    for separator in ("、", ",", "，"):
        text = text.replace(separator, "\n")
    return [
        unicodedata.normalize("NFC", word.strip())
        for word in text.splitlines()
        if word.strip()
    ]


def line_list(text: str) -> list[str]:
    """One entry per line, kept whole (header/footer line beginnings contain 、)."""
    return [
        unicodedata.normalize("NFC", line.strip())
        for line in text.splitlines()
        if line.strip()
    ]


def spelling_variants(name: str) -> set[str]:
    """ヶ, ケ and ヵ are used interchangeably in place names (松ケ原, 松ヶ原)."""
    variants = {name}
    for a, b in (("ヶ", "ケ"), ("ケ", "ヶ"), ("ヶ", "ヵ")):
        variants |= {v.replace(a, b) for v in variants}
    return variants


@dataclass
class Vocabulary:
    """Everything ``read`` knows: staff word lists plus the 地区 and shelter names."""

    level_words: dict[int, list[str]] = field(default_factory=dict)
    issue_words: list[str] = field(default_factory=list)
    lift_words: list[str] = field(default_factory=list)
    lift_targets: list[str] = field(default_factory=list)
    area_note_markers: list[str] = field(default_factory=list)
    whole_city_words: list[str] = field(default_factory=list)
    repeat_note_markers: list[str] = field(default_factory=list)
    mail_only_markers: list[str] = field(default_factory=list)
    drill_words: list[str] = field(default_factory=list)
    shelter_open_words: list[str] = field(default_factory=list)
    shelter_close_words: list[str] = field(default_factory=list)
    shelter_full_words: list[str] = field(default_factory=list)
    not_shelter_words: list[str] = field(default_factory=list)
    shelter_name_endings: list[str] = field(default_factory=list)
    """How shelter names end (…集会所): a name so ending but not listed is unknown."""
    area_suffixes: list[str] = field(default_factory=lambda: [AREA_SUFFIX])
    """What follows a 地区 name when the body names it (地区, 地域 …)."""
    instruction_words: list[str] = field(default_factory=list)
    """A sentence with one of these tells residents what to do (…してください)."""
    courtesy_words: list[str] = field(default_factory=list)
    """…but not when it only asks for understanding (ご理解とご協力をお願いします)."""
    summary_skip_beginnings: list[str] = field(default_factory=list)
    """Summary lines left out when they begin so (こちらは…, 緊急放送…)."""
    summary_skip_endings: list[str] = field(default_factory=list)
    """…or end so (…からお知らせします。)."""
    header_lines: list[str] = field(default_factory=list)
    footer_lines: list[str] = field(default_factory=list)
    broadcast_header_marker: str = "放送内容】"
    areas: dict[str, set[str]] = field(default_factory=dict)
    """Canonical 地区 name → spellings (name and aliases)."""
    shelters: dict[str, set[str]] = field(default_factory=dict)
    """Shelter name → spellings."""
    zones: dict[str, set[str]] = field(default_factory=dict)
    """Zone name (沿岸部, 山間部 …) → spellings; a zone stands for ``zone_areas``."""
    zone_areas: dict[str, list[str]] = field(default_factory=dict)
    """Zone name → its canonical 地区 names."""


@dataclass
class Reading:
    text: str
    """What residents read: the body without the platform's header and footer."""
    level: int | None
    lifts: list[str]
    lift_areas: list[str]
    """地区 named in the lifting sentences ([] when the lifting is not limited)."""
    areas: list[str]
    area_limited: bool
    mail_only: bool
    is_drill: bool
    announces_repeat: bool
    shelters_opened: list[str]
    shelters_closed: list[str]
    shelters_full: list[str] = field(default_factory=list)
    unknown_shelters: list[str] = field(default_factory=list)
    """Shelter-like names in an open/close/full sentence that the city does not list."""
    area_unclear: bool = False
    """An area note was there but no 地区 could be read from it or from the body."""
    zones: list[str] = field(default_factory=list)
    """Zones (沿岸部 …) the 地区 were read from: the notice is labelled with them."""

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def strip_platform_lines(text: str, vocabulary: Vocabulary) -> str:
    """Drop the leading header lines and the trailing footer lines staff listed."""
    lines = text.split("\n")

    def starts(line: str, beginnings: list[str]) -> bool:
        stripped = line.strip()
        return any(stripped.startswith(b) for b in beginnings)

    while lines and (not lines[0].strip() or starts(lines[0], vocabulary.header_lines)):
        lines.pop(0)
    while lines and (
        not lines[-1].strip() or starts(lines[-1], vocabulary.footer_lines)
    ):
        lines.pop()
    return "\n".join(lines)


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(part for part in line.split("。") if part.strip())
    return out


def _contains_any(text: str, words: Iterable[str]) -> bool:
    return any(word and word in text for word in words)


def find_spans(
    text: str, spellings: dict[str, set[str]], *, suffixes: Iterable[str] = ("",)
) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of every mention in ``text``, in text order.

    Longer spellings are matched first and their characters consumed, so 小方ヶ丘
    is not also read as 小方. With ``suffixes``, a spelling only counts when followed
    by one of them (「木野地区」「木野地域」, not 「木野集会所」).
    """
    candidates = sorted(
        (
            (variant, name)
            for name, names in spellings.items()
            for spelling in names
            for variant in spelling_variants(spelling)
        ),
        key=lambda pair: -len(pair[0]),
    )
    taken = [False] * len(text)
    found: list[tuple[int, int, str]] = []
    for spelling, name in candidates:
        for suffix in suffixes:
            start = text.find(spelling + suffix)
            while start != -1:
                end = start + len(spelling)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * (end - start)
                    found.append((start, end, name))
                start = text.find(spelling + suffix, start + 1)
    return sorted(found)


def find_names(
    text: str, spellings: dict[str, set[str]], *, suffixes: Iterable[str] = ("",)
) -> list[str]:
    """Canonical names found in ``text``, in order of first mention (``find_spans``)."""
    ordered: list[str] = []
    for _start, _end, name in find_spans(text, spellings, suffixes=suffixes):
        if name not in ordered:
            ordered.append(name)
    return ordered


def find_zones(text: str, vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """(zones named in ``text``, their 地区 in the city's order of mention)."""
    zones = find_names(text, vocabulary.zones)
    areas: list[str] = []
    for zone in zones:
        for name in vocabulary.zone_areas.get(zone, []):
            if name not in areas:
                areas.append(name)
    return zones, areas


# 「レベルを４から３に」「レベル4からレベル3へ」 after NFKC; internal, never shown to staff.
LEVEL_CHANGE = re.compile(
    r"レベル\D{0,3}?([1-5])\s*から\s*(?:警戒)?(?:レベル)?\s*([1-5])"
)


def level_changed_to(sentence: str) -> int | None:
    """The level a 「レベルをNからMに」 sentence changes to, if it says so in digits."""
    match = LEVEL_CHANGE.search(unicodedata.normalize("NFKC", sentence))
    return int(match.group(2)) if match else None


def read(raw_text: str, vocabulary: Vocabulary) -> Reading:
    text = strip_platform_lines(raw_text, vocabulary)
    all_sentences = sentences(text)
    is_drill = _contains_any(text, vocabulary.drill_words)

    level: int | None = None
    lifts: list[str] = []
    action_areas: list[str] = []
    lift_areas: list[str] = []
    action_zones: list[str] = []
    whole_city = False
    level_names = {
        word: number
        for number, words in vocabulary.level_words.items()
        for word in words
    }
    for sentence in all_sentences:
        lifting = _contains_any(sentence, vocabulary.lift_words)
        issuing = _contains_any(sentence, vocabulary.issue_words)
        changed_to = None if lifting else level_changed_to(sentence)
        if not (lifting or issuing or changed_to):
            continue
        if _contains_any(sentence, vocabulary.whole_city_words):
            whole_city = True
        named_levels = [w for w in level_names if w in sentence]
        if lifting:
            for target in [*named_levels, *vocabulary.lift_targets]:
                if target in sentence and target not in lifts:
                    lifts.append(target)
        elif named_levels and not is_drill:
            strongest = max(level_names[w] for w in named_levels)
            level = strongest if level is None else max(level, strongest)
        elif changed_to and not is_drill:
            # 「警戒レベルを４から３に引き下げ」: the level it changes to is in force.
            level = changed_to if level is None else max(level, changed_to)
        if named_levels or lifting or changed_to:
            named = find_names(
                sentence, vocabulary.areas, suffixes=vocabulary.area_suffixes
            )
            if not named:
                zones, named = find_zones(sentence, vocabulary)
                action_zones.extend(z for z in zones if z not in action_zones)
            for name in named:
                if name not in action_areas:
                    action_areas.append(name)
                if lifting and name not in lift_areas:
                    lift_areas.append(name)

    areas, area_limited, area_unclear, zones = _read_area_note(
        text,
        vocabulary,
        action_areas=action_areas,
        action_zones=action_zones,
        whole_city=whole_city,
    )
    shelters = _read_shelters([] if is_drill else all_sentences, vocabulary)

    return Reading(
        text=text,
        level=level,
        lifts=lifts,
        lift_areas=lift_areas,
        areas=areas,
        area_limited=area_limited,
        area_unclear=area_unclear and not is_drill,
        mail_only=_contains_any(text, vocabulary.mail_only_markers)
        or is_jma_automatic(text),
        is_drill=is_drill,
        announces_repeat=_contains_any(text, vocabulary.repeat_note_markers),
        shelters_opened=shelters.opened,
        shelters_closed=shelters.closed,
        shelters_full=shelters.full,
        unknown_shelters=shelters.unknown,
        zones=zones,
    )


def is_jma_automatic(text: str) -> bool:
    """The JMA automatic format (never broadcast): its first line is the issue time."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    compact = "".join(unicodedata.normalize("NFKC", first).split())
    return bool(JMA_FIRST_LINE.match(compact))


def _read_area_note(
    text: str,
    vocabulary: Vocabulary,
    *,
    action_areas: list[str],
    action_zones: list[str],
    whole_city: bool,
) -> tuple[list[str], bool, bool, list[str]]:
    """(地区, area_limited, area_unclear, zones) from the area note, else the body.

    A note names 地区 (「小方地区、元町地区のみ」), else a zone staff mapped to 地区
    (「沿岸部のみの放送です」); a zone nobody mapped leaves the note unclear.
    """
    notes = [
        line
        for line in text.split("\n")
        if _contains_any(line, vocabulary.area_note_markers)
        and not _contains_any(line, vocabulary.mail_only_markers)
        and not _contains_any(line, vocabulary.repeat_note_markers)
    ]
    if not notes:
        areas = [] if whole_city else action_areas
        zones = action_zones if areas else []
        unclear = _has_unrecognised_broadcast_note(text, vocabulary)
        if unclear and not areas:
            # 「（この放送は沿岸部の屋外スピーカーで流しています）」: a known zone.
            zones, areas = find_zones(_broadcast_notes(text, vocabulary), vocabulary)
            if areas:
                return areas, True, False, zones
        return areas, bool(areas), unclear, zones
    note_text = "\n".join(notes)
    if _contains_any(note_text, vocabulary.whole_city_words):
        return [], False, False, []
    areas = find_names(note_text, vocabulary.areas)
    if areas:
        return areas, True, False, []
    zones, areas = find_zones(note_text, vocabulary)
    if areas:
        return areas, True, False, zones
    areas = find_names(text, vocabulary.areas, suffixes=vocabulary.area_suffixes)
    return areas, True, not areas, []


NOTE_BEGINNINGS = ("※", "＊", "（", "(")
BROADCAST_WORDS = ("放送", "流して", "流れ")


def _has_unrecognised_broadcast_note(text: str, vocabulary: Vocabulary) -> bool:
    """A note about the broadcast that no marker explains (「（…で流れています）」).

    It may limit the 地区 in words nobody listed yet: the mail still goes citywide,
    but the duty staff are asked to look.
    """
    return bool(_broadcast_notes(text, vocabulary))


def _broadcast_notes(text: str, vocabulary: Vocabulary) -> str:
    """The note lines about the broadcast that no marker explains, joined."""
    found = []
    for line in text.split("\n"):
        line = line.strip(" \u3000")
        if not line.startswith(NOTE_BEGINNINGS):
            continue
        if not any(word in line for word in BROADCAST_WORDS):
            continue
        if _contains_any(
            line,
            [
                *vocabulary.repeat_note_markers,
                *vocabulary.mail_only_markers,
                *vocabulary.whole_city_words,
                *vocabulary.drill_words,
            ],
        ):
            continue
        found.append(line)
    return "\n".join(found)


@dataclass
class ShelterStates:
    opened: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    full: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def add(self, name: str, state: str) -> None:
        bucket = getattr(self, state)
        if name not in bucket:
            bucket.append(name)

    def settle(self) -> None:
        """Closed beats full beats open: a closed shelter is never shown as open."""
        self.full = [n for n in self.full if n not in self.closed]
        self.opened = [
            n for n in self.opened if n not in self.closed and n not in self.full
        ]


def _state_spans(sentence: str, vocabulary: Vocabulary) -> list[tuple[int, int, str]]:
    """Where the sentence says opened/closed/full; the longest word wins (開設を終了)."""
    words = {
        "closed": vocabulary.shelter_close_words,
        "full": vocabulary.shelter_full_words,
        "opened": vocabulary.shelter_open_words,
    }
    return find_spans(
        sentence, {state: {w for w in ws if w} for state, ws in words.items()}
    )


def _is_name_char(char: str) -> bool:
    """Kanji, katakana and letters/digits make up a place name; kana particles do not."""
    if char == "々":
        return True
    name = unicodedata.name(char, "")
    return name.startswith(("CJK UNIFIED", "KATAKANA", "FULLWIDTH LATIN", "LATIN")) or (
        char.isdigit()
    )


def name_start(text: str, end: int) -> int:
    """Where the name that ends at ``end`` begins (「宮島」 in 「…、宮島航路」).

    Kanji, katakana, letters and digits; 「・」 only between them (大竹・栗谷線).
    """
    begin = end
    while begin > 0:
        char = text[begin - 1]
        between = begin < end and begin > 1 and _is_name_char(text[begin - 2])
        if _is_name_char(char) or (char == "・" and between):
            begin -= 1
            continue
        break
    return begin


def _unknown_shelter_spans(
    sentence: str, vocabulary: Vocabulary, known: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Names ending like a shelter (…集会所) that overlap no listed shelter."""
    found: list[tuple[int, int, str]] = []
    for ending in sorted(vocabulary.shelter_name_endings, key=len, reverse=True):
        start = sentence.find(ending)
        while start != -1:
            end = start + len(ending)
            begin = start
            while begin > 0 and _is_name_char(sentence[begin - 1]):
                begin -= 1
            overlaps = any(b < end and begin < e for b, e, _ in [*known, *found])
            if start - begin >= 2 and not overlaps:
                found.append((begin, end, sentence[begin:end]))
            start = sentence.find(ending, end)
    return sorted(found)


def _only_names(sentence: str, spans: list[tuple[int, int, str]]) -> bool:
    """A list line: nothing but names and separators (「大竹市役所、総合市民会館」)."""
    rest = list(sentence)
    for start, end, _name in spans:
        rest[start:end] = [""] * (end - start)
    leftover = "".join(c for c in rest if c not in LIST_SEPARATORS)
    return len(leftover.removesuffix("です").removesuffix("など")) <= 2


def _read_shelters(all_sentences: list[str], vocabulary: Vocabulary) -> ShelterStates:
    states = ShelterStates()
    carried: str | None = None
    for sentence in all_sentences:
        if _contains_any(sentence, vocabulary.not_shelter_words):
            carried = None
            continue
        known = find_spans(sentence, vocabulary.shelters)
        unknown = _unknown_shelter_spans(sentence, vocabulary, known)
        mentions = sorted(
            [(s, e, n, True) for s, e, n in known]
            + [(s, e, n, False) for s, e, n in unknown]
        )
        said = _state_spans(sentence, vocabulary)
        if not said:
            if mentions and carried and _only_names(sentence, known + unknown):
                for _s, _e, name, listed in mentions:
                    states.add(name, carried if listed else "unknown")
                continue
            carried = None
            continue
        carried = None if mentions else said[-1][2]
        for start, end, name, listed in mentions:
            after = [state for s, _e, state in said if s >= end]
            before = [state for _s, e, state in said if e <= start]
            state = after[0] if after else before[-1] if before else None
            if state is None:
                continue
            states.add(name, state if listed else "unknown")
    states.settle()
    return states


def summary(text: str, vocabulary: Vocabulary, limit: int = SUMMARY_LENGTH) -> str:
    """What LINE shows under the title: sentences on their own lines, what to do first.

    Headers (【…放送内容です】), alarm lines, the opening (こちらは…), the department
    line (…からお知らせします), notes (※…, （…）) and the JMA time line are left out;
    a sentence said twice (J-ALERT tests) is kept once. Whole sentences are kept up
    to ``limit`` characters; only a first sentence longer than that is cut.
    """
    kept: list[str] = []
    for line in text.split("\n"):
        line = line.strip(" \u3000")
        if not line or _is_summary_heading_or_note(line, vocabulary):
            continue
        pieces = line.split("。")
        for number, piece in enumerate(pieces):
            piece = piece.strip(" \u3000")
            if not piece:
                continue
            sentence = piece + "。" if number < len(pieces) - 1 else piece
            if not _is_summary_formula(sentence, vocabulary) and sentence not in kept:
                kept.append(sentence)
    if not kept:
        return text.replace("\n", "")[:limit]
    first_instruction = next(
        (
            s
            for s in kept
            if _contains_any(s, vocabulary.instruction_words)
            and not _contains_any(s, vocabulary.courtesy_words)
        ),
        None,
    )
    if first_instruction is not None:
        kept.remove(first_instruction)
        kept.insert(0, first_instruction)
    if len(kept[0]) > limit:
        return kept[0][: limit - 1] + "…"
    out = kept[0]
    for sentence in kept[1:]:
        if len(out) + 1 + len(sentence) > limit:
            break
        out += "\n" + sentence
    return out


def _is_summary_heading_or_note(line: str, vocabulary: Vocabulary) -> bool:
    if line.startswith("【") and (
        line.endswith("】") or vocabulary.broadcast_header_marker.rstrip("】") in line
    ):
        return True  # 【令和…の防災行政無線放送内容です】, 【…からのお知らせ】
    return line.startswith(("※", "（", "(", "■", "◆")) or is_jma_automatic(line)


FORMULA_LENGTH = 25
"""A closing formula is short: 「上下水道局です。」, not a sentence that ends so."""


def _is_summary_formula(sentence: str, vocabulary: Vocabulary) -> bool:
    """The opening (こちらは…), the department line, an alarm line."""
    if any(sentence.startswith(w) for w in vocabulary.summary_skip_beginnings):
        return True
    return len(sentence) <= FORMULA_LENGTH and any(
        sentence.endswith(w) for w in vocabulary.summary_skip_endings
    )


def repeat_key(reading: Reading, vocabulary: Vocabulary) -> str:
    """The text without the broadcast-time header and the repeat note, hashed.

    A repeat broadcast that an earlier mail announced (「※同じ内容を16時00分にも放送
    予定です。」) has the same key as that mail.
    """
    lines = [
        line
        for line in reading.text.split("\n")
        if vocabulary.broadcast_header_marker not in line
        and not _contains_any(line, vocabulary.repeat_note_markers)
    ]
    kept = "\n".join(lines).strip("\n")
    return hashlib.sha256(kept.encode()).hexdigest()

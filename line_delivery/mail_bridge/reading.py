"""What a disaster-radio text says, read with the word lists staff keep in the admin.

Pure Python (no database): ``Vocabulary`` holds the staff's words, the 地区 and the
shelters; ``read`` returns a ``Reading``. The rules follow the format of the city's
mails (shared data README, notes/otake-facts.md):

* the text is split into sentences (``。`` and line ends); a sentence with a lifting
  word (解除 …) lifts what it names, otherwise a sentence with an issuing word
  (発令, 継続 …) puts the level it names in force — so 「発令していた…を解除」 lifts;
* an area note (「…のみの放送です」) limits the message to the 地区 it names; a note
  that names none, or no note, falls back to the 地区 that the body's actions (or, for
  an unnamed note, the body) name with the suffix 地区; 「市内全域」 means the whole city;
* a drill or test (訓練, テスト) states no level;
* shelters count as opened when the text opens shelters (開設) and names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
import hashlib
import unicodedata


AREA_SUFFIX = "地区"


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
    not_shelter_words: list[str] = field(default_factory=list)
    header_lines: list[str] = field(default_factory=list)
    footer_lines: list[str] = field(default_factory=list)
    broadcast_header_marker: str = "放送内容】"
    areas: dict[str, set[str]] = field(default_factory=dict)
    """Canonical 地区 name → spellings (name and aliases)."""
    shelters: dict[str, set[str]] = field(default_factory=dict)
    """Shelter name → spellings."""


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


def find_names(
    text: str, spellings: dict[str, set[str]], *, suffix: str = ""
) -> list[str]:
    """Canonical names found in ``text``, in order of first mention.

    Longer spellings are matched first and their characters consumed, so 小方ヶ丘
    is not also read as 小方. With ``suffix``, a spelling only counts when followed
    by it (「木野地区」, not 「木野集会所」).
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
    found: list[tuple[int, str]] = []
    for spelling, name in candidates:
        start = text.find(spelling + suffix)
        while start != -1:
            end = start + len(spelling)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append((start, name))
            start = text.find(spelling + suffix, start + 1)
    ordered: list[str] = []
    for _position, name in sorted(found):
        if name not in ordered:
            ordered.append(name)
    return ordered


def read(raw_text: str, vocabulary: Vocabulary) -> Reading:
    text = strip_platform_lines(raw_text, vocabulary)
    all_sentences = sentences(text)
    is_drill = _contains_any(text, vocabulary.drill_words)

    level: int | None = None
    lifts: list[str] = []
    action_areas: list[str] = []
    lift_areas: list[str] = []
    whole_city = False
    level_names = {
        word: number
        for number, words in vocabulary.level_words.items()
        for word in words
    }
    for sentence in all_sentences:
        lifting = _contains_any(sentence, vocabulary.lift_words)
        issuing = _contains_any(sentence, vocabulary.issue_words)
        if not (lifting or issuing):
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
        if named_levels or lifting:
            for name in find_names(sentence, vocabulary.areas, suffix=AREA_SUFFIX):
                if name not in action_areas:
                    action_areas.append(name)
                if lifting and name not in lift_areas:
                    lift_areas.append(name)

    notes = [
        s for s in text.split("\n") if _contains_any(s, vocabulary.area_note_markers)
    ]
    area_limited = bool(notes)
    if notes:
        areas = find_names("\n".join(notes), vocabulary.areas)
        if not areas:
            areas = find_names(text, vocabulary.areas, suffix=AREA_SUFFIX)
    else:
        areas = [] if whole_city else action_areas
        area_limited = bool(areas)

    opened: list[str] = []
    closed: list[str] = []
    if not is_drill:
        text_opens = _contains_any(text, vocabulary.shelter_open_words)
        for sentence in all_sentences:
            if _contains_any(sentence, vocabulary.not_shelter_words):
                continue
            names = find_names(sentence, vocabulary.shelters)
            if _contains_any(sentence, vocabulary.shelter_close_words):
                closed += [n for n in names if n not in closed]
            elif text_opens:
                opened += [n for n in names if n not in opened]

    return Reading(
        text=text,
        level=level,
        lifts=lifts,
        lift_areas=lift_areas,
        areas=areas,
        area_limited=area_limited,
        mail_only=_contains_any(text, vocabulary.mail_only_markers),
        is_drill=is_drill,
        announces_repeat=_contains_any(text, vocabulary.repeat_note_markers),
        shelters_opened=opened,
        shelters_closed=closed,
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

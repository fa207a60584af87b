"""Garbage-item search for the LINE chat: 「ペットボトルは？」 → the item, or a few choices.

Residents type an item in any form: ペットボトル, ぺっとぼとる, ﾍﾟｯﾄﾎﾞﾄﾙ, PET,
pettobotoru, a typo (ぺっとぼとう), with a question around it (「…ってどう出すの？」).
The index is built in memory from plain records (``Entry``), so this module needs no
database and stays a pure library (architecture rule: ``search`` imports nothing of
ours); the caller turns ``GarbageItem`` rows into entries and keeps the index fresh.

Matching, best first (scores in ``_Score``):

1. exact — the cleaned query equals a name, reading or alias;
2. variant — equal after folding long vowels/っ (だんぼおる), or after romaji → kana;
3. prefix and substring of a name/reading/alias (ぺっとぼと, ボトル);
4. contained — an item's name inside a longer query (古いスプレー缶のガス);
5. fuzzy — one or two wrong, missing, extra or swapped characters (ぺっとぼとう).

Fuzzy candidates come from a padded-bigram inverted index; only the few that share
enough bigrams get a bounded edit distance (``search.similarity``), so a query costs
well under a millisecond per form on 2,000 items (``bench/garbage_search.py``).
"""

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
import heapq
import re
from typing import Any
import unicodedata

from .phrases import (
    CONTAINER_WORDS,
    EMPTY_ONE,
    ROMAJI_PARTICLES,
    contents_as_of,
    is_question_word,
    other_wordings,
    standard_wording,
    strip_question,
)
from .readings import (
    analyse,
    dictionary_word,
    generate_readings,
    loanword_at_start,
)
from .romaji import to_hiragana
from .sentence import item_spans, query_words, unmacron
from .similarity import bigrams, bounded_distance
from .text import (
    MAX_QUERY_LENGTH,
    compact,
    fold_accents,
    has_accents,
    is_kanji,
    normalize,
    phonetic_key,
    words,
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable item: ``key`` is the caller's id (e.g. ``GarbageItem.pk``)."""

    key: int
    name: str
    reading: str = ""
    aliases: Sequence[str] = ()
    group: str = ""
    """The item's category: a word shared by items of different groups is ambiguous."""
    readings: Sequence[str] = ()
    """Generated readings (``search.readings``), searched like the typed one."""
    synonyms: Sequence[str] = ()
    """Residents' words for the item (English, brands, old words) from the synonym list."""


class MatchKind(StrEnum):
    EXACT = "exact"
    VARIANT = "variant"
    PREFIX = "prefix"
    SUBSTRING = "substring"
    CONTAINED = "contained"
    FUZZY = "fuzzy"


@dataclass(frozen=True, slots=True)
class Match:
    """An item that matches, how well (0–1], and the name/reading/alias that did."""

    key: int
    score: float
    matched_text: str
    kind: MatchKind


CONFIDENT_SCORE = 0.8
"""A best match at least this good may be answered directly …"""
CONFIDENT_MARGIN = 0.05
"""… if the next item is at least this much worse; otherwise offer choices."""
CHOICES_LIMIT = 8
"""How many items the chat offers: an ambiguous word (缶, バッテリー) may name as many."""
MIN_SCORE = 0.6
"""Weaker matches are noise (a short word somewhere in a long sentence)."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    """What the chat needs: one clear answer, or a few plausible choices, or nothing."""

    query: str
    """The query as searched: normalised, with the question around the item removed."""
    matches: tuple[Match, ...]
    """Best first, one per item, at most ``limit``."""
    is_confident: bool
    """True when ``best`` is clearly the item meant: answer it directly."""
    whole_word: bool = False
    """The matches start with items named by a whole word of the query (not a part)."""

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    @property
    def choices(self) -> tuple[Match, ...]:
        """Items to offer as quick replies when the answer is not clear (may be empty)."""
        return () if self.is_confident else self.matches


class _Field(IntEnum):
    """Which text of an entry matched; lower wins a tie between equal scores."""

    NAME = 0
    READING = 1
    ALIAS = 2


class _Score:
    EXACT = 1.0
    VARIANT = 0.95
    # Base + weight × coverage (how much of the item's text the query covers, or
    # for CONTAINED how much of the query the item's text covers).
    PREFIX = (0.7, 0.25)
    SUBSTRING = (0.6, 0.25)
    CONTAINED = (0.55, 0.35)
    CONTAINED_MIN_COVERAGE = 0.25
    # Base + weight × (1 − distance / length): one typo in 6 characters → 0.87.
    FUZZY = (0.45, 0.5)
    # A match found through a derived form (folded long vowels, romaji) ranks just
    # below the same match on the text as typed.
    DERIVED_FORM = 0.97


def _fuzzy_limit(query: str) -> int:
    """Edits allowed for ``query``.

    One typo in a 3-character word still leaves it recognisable (てれぴ); two
    characters give too many look-alikes to guess -- except two kanji, where one
    wrong kanji is the IME's slip (伝球 for 電球, 写心 for 写真): the other kanji
    keeps it recognisable, and a kanji slip is only ever offered
    (``_clear_kana_typo``). Longer words tolerate two.
    """
    length = len(query)
    if length == 2 and all(map(is_kanji, query)):
        return 1
    if length < 3:
        return 0
    return 1 if length <= 5 else 2


_FUZZY_VERIFIED = 32
"""Of the terms of a possible length, the ones sharing most bigrams with the query
get an edit distance; at most this many."""


_MARKUP = re.compile(r"<[^>]*>")
_LATIN_WORD = re.compile(r"[a-z0-9'ー-]+")


def _is_latin(text: str) -> bool:
    return text[0].isascii()


def _split_parts(text: str) -> list[str]:
    """「CD・DVD」 names two things; each part is searchable on its own too."""
    parts = [part for part in re.split(r"[・/／]", text) if part.strip()]
    return parts if len(parts) > 1 else []


@dataclass(frozen=True, slots=True)
class _Form:
    """One spelling of the query to search with, and how far it is from the typed one."""

    text: str
    derived: bool
    fuzzy: bool


@dataclass(frozen=True, slots=True)
class _Query:
    cleaned: str
    forms: tuple[_Form, ...]
    latin_words: tuple[str, ...]
    """Latin words of a longer query, matched whole (so "pc" is not found in "epic")."""


class SearchIndex:
    """An in-memory index of garbage items; build once, search many times.

    Building 2,000 items with 5,000 aliases takes a few tens of milliseconds, so the
    caller can simply rebuild it when staff edit an item.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        # Parallel lists indexed by term id: a term is one searchable text of an
        # entry (name, reading, an alias, or a part of one) under one key.
        self._term_entry: list[int] = []
        self._term_text: list[str] = []
        self._term_key: list[str] = []
        self._term_length: list[int] = []
        self._term_field: list[_Field] = []
        self._term_folded: list[bool] = []
        self._exact: dict[str, list[int]] = {}
        self._postings: dict[str, list[int]] = {}
        self._entry_count = 0
        self._group: dict[int, str] = {}
        self._order: dict[int, int] = {}
        # Term key → items with a name/alias/reading ending in it, for "a kind of"
        # (水銀体温計 is a 体温計, スプレー缶 a 缶).
        self._endings: dict[str, set[int]] = {}
        # Term keys under which some item is found by its name or reading (not only
        # by an alias): a clipped alias (ビデオ for ビデオテープ) is no name.
        self._named: set[str] = set()
        # Item key → its terms as typed (name, aliases, readings), for ``_narrowed``.
        self._own_terms: dict[int, list[str]] = {}
        with_synonyms = []
        for entry in entries:
            self._add(entry)
            if entry.synonyms:
                with_synonyms.append(entry)
        taken = set(self._exact)
        for entry in with_synonyms:
            self._add_synonym_readings(entry, taken)
        self._longest_key = max(self._term_length, default=0)

    def __len__(self) -> int:
        return self._entry_count

    def _texts(self, entry: Entry) -> Iterator[tuple[str, _Field]]:
        for text, field in ((entry.name, _Field.NAME), (entry.reading, _Field.READING)):
            if text:
                yield text, field
                for part in _split_parts(text):
                    yield part, field
        for alias in entry.aliases:
            if alias:
                yield alias, _Field.ALIAS
        for reading in entry.readings:
            if reading:
                yield reading, _Field.READING
        for word in entry.synonyms:
            if word:
                yield word, _Field.ALIAS

    def _add(self, entry: Entry) -> None:
        self._entry_count += 1
        # Without a category every item stands alone: a shared word is ambiguous.
        self._group[entry.key] = entry.group or f"#{entry.key}"
        self._order.setdefault(entry.key, len(self._order))
        seen: set[str] = set()
        for text, field in self._texts(entry):
            key = compact(fold_accents(text))
            if not key:
                continue
            for term_key, folded in ((key, False), (phonetic_key(key), True)):
                if term_key in seen:
                    continue
                seen.add(term_key)
                term = len(self._term_key)
                self._term_entry.append(entry.key)
                self._term_text.append(text.strip())
                self._term_key.append(term_key)
                self._term_length.append(len(term_key))
                self._term_field.append(field)
                self._term_folded.append(folded)
                self._exact.setdefault(term_key, []).append(term)
                if not folded:
                    self._own_terms.setdefault(entry.key, []).append(term_key)
                    if field != _Field.ALIAS:
                        self._named.add(term_key)
                    for start in range(1, len(term_key) - 1):
                        self._endings.setdefault(term_key[start:], set()).add(entry.key)
                    if len(term_key) > 1 and is_kanji(term_key[-1]):
                        self._endings.setdefault(term_key[-1], set()).add(entry.key)
                for bigram in bigrams(term_key):
                    self._postings.setdefault(bigram, []).append(term)

    def _add_synonym_readings(self, entry: Entry, taken: set[str]) -> None:
        """The kana of each synonym (出がらし → でがらし), matched whole only.

        Staff type a synonym once, in kanji or katakana; residents type its kana too
        (おちゃのでがらし), as they do names and aliases. Added after every item, and
        only where no item has that text already: a synonym's reading never competes
        with a name (まほうびん stays 魔法瓶, not タイガー魔法瓶's three items), and it
        is no ending or front of other words (kinds of, clipped compounds).
        """
        for word in entry.synonyms:
            for reading in generate_readings(word) if word else ():
                key = compact(reading)
                shared = key in taken and self._read_alike(word, key)
                if len(key) < 2 or key in taken and not shared:
                    continue
                terms = self._exact.setdefault(key, [])
                if any(self._term_entry[term] == entry.key for term in terms):
                    continue
                term = len(self._term_key)
                self._term_entry.append(entry.key)
                self._term_text.append(word.strip())
                self._term_key.append(key)
                self._term_length.append(len(key))
                self._term_field.append(_Field.ALIAS)
                # The same word as the other items' (はいゆ): found like their term.
                self._term_folded.append(not shared)
                terms.append(term)

    def _read_alike(self, word: str, reading: str) -> bool:
        """Whether the items already read ``reading`` have ``word`` itself as a term.

        廃油 is the guide's alias of エンジンオイル (read はいゆ) and a synonym of 食用油:
        はいゆ is that same word, so it names both items, as 廃油 does. A reading that
        other items have for another word (まほうびん of 魔法瓶, the name) stays theirs.
        """
        word_key = compact(word)
        owners = {self._term_entry[term] for term in self._exact.get(reading, ())}
        spelled = {self._term_entry[term] for term in self._exact.get(word_key, ())}
        return bool(owners) and owners <= spelled

    # --- public API -------------------------------------------------------------

    def search(self, query: str, limit: int = 5) -> list[Match]:
        """The items matching ``query``, best first, one match per item."""
        return list(self.lookup(query, limit).matches)

    def lookup(self, query: str, limit: int = 5) -> SearchResult:
        """Search ``query`` and say whether the best match is a clear answer.

        A direct answer needs a whole-word match (the query, or a word of the sentence,
        is a name, reading, alias or synonym) whose items -- with every item that is "a
        kind of" that word -- share one category. A shared word gives a choice of all
        of them; a near miss (prefix, typo, part of a longer word) gives choices only.

        「卵が入っていたパック」 and 「ジャムの空き瓶」 are read as 卵のパック and ジャムの瓶
        first (``contents_as_of``); when that gives no clear answer, the words as typed
        are searched (空き缶 alone is the drink can). Last, 「お弁当」 without its お and a
        container in the guide's other words (「肉のパック」 → 肉のトレー) may answer, if
        every such wording that answers names the same item. Hiroshima and older
        phrasings (「めげた」, 「ええかいの」, 「どがぁする」) are said the standard way
        before anything else (``standard_wording``).
        """
        if has_accents(unmacron(query)):
            # 「sofá velho」, 「tủ lạnh」: no romaji has ç, ã or ủ -- a Portuguese or
            # Vietnamese word, searched without its accents.
            return self._lookup_typed(fold_accents(query), limit)
        result = self._lookup_typed(query, limit)
        plain = fold_accents(query)
        if result.is_confident or plain == query:
            return result
        # 「lixo orgânico」: â is a long vowel in romaji, but not in Portuguese.
        without = self._lookup_typed(plain, limit)
        if without.is_confident or without.matches and not result.matches:
            return without
        return result

    def _lookup_typed(self, query: str, limit: int) -> SearchResult:
        result = self._lookup_wordings(query, limit)
        if result.is_confident or not unmacron(query).isascii():
            return result
        # Romaji with its particles and verbs (「kōhī no kasu」, 「sutōbu kowareta」) is
        # a Japanese sentence: read in kana, with a macron as the long vowel ー.
        typed = normalize(query).split()
        kana = to_hiragana(normalize(query))
        if not kana or len(typed) < 2 and unmacron(query) == query:
            return result  # one plain word: its kana (sutoubu) was searched already
        as_kana = self._lookup_wordings(kana, limit)
        if as_kana.is_confident and self._romaji_words_fit(typed, as_kana):
            return as_kana
        if as_kana.matches and not result.matches:
            return replace(as_kana, is_confident=False)
        return result

    def _romaji_words_fit(self, typed: Sequence[str], result: SearchResult) -> bool:
        """Whether every romaji word is the item, a particle, or a verb or adjective.

        「kasa kowareta」 is 傘 and a verb; 「rajio taisou」 is ラジオ体操, a noun the
        guide does not name beside ラジオ: no answer.
        """
        matched = phonetic_key(compact(result.matches[0].matched_text))
        for word in typed:
            kana = to_hiragana(word)
            if word in ROMAJI_PARTICLES or kana in {"の", "は", "が", "を", "も"}:
                continue
            if not kana:
                return False
            if phonetic_key(kana) in matched or is_question_word(kana):
                continue
            if any(w.pos not in _VERB_PARTS for w in analyse(kana)):
                return False
        return True

    def _lookup_wordings(self, query: str, limit: int) -> SearchResult:
        query = standard_wording(query)
        said_as_of = contents_as_of(query)
        read_as_of = self._lookup(said_as_of, limit)
        if read_as_of.is_confident:
            return read_as_of
        as_typed = read_as_of if said_as_of == query else self._lookup(query, limit)
        if as_typed.is_confident:
            return as_typed
        answers = []
        # 「タマゴノカラ」 is the shell the guide names (卵の殻), not an empty container.
        shell = any(
            compact(match.matched_text).endswith(("殻", "から", "がら"))
            for match in as_typed.matches
        )
        for wording, held in other_wordings(said_as_of, self._names_categories):
            if shell and EMPTY_ONE in said_as_of:
                continue
            result = self._lookup(wording, limit)
            if result.is_confident and _holds(result, held):
                answers.append(result)
        if answers and len({result.matches[0].key for result in answers}) == 1:
            return answers[0]
        return read_as_of if read_as_of.matches else as_typed

    def _lookup(self, query: str, limit: int) -> SearchResult:
        ranked = self._rank(query, max(limit, CHOICES_LIMIT))
        best = ranked.best
        # The whole query one slip from a full name (しゃさいよじうわりばし) beats a
        # word found inside it -- unless the dictionary spells the query as a name
        # (ソフア is its variant of ソファー): that is no slip.
        typo = (
            best is not None
            and best.kind == MatchKind.FUZZY
            and ranked.is_confident
            and dictionary_word(ranked.query) not in self._exact
            and not _more_words(ranked.query, compact(best.matched_text))
            and not self._names_joined_by_no(ranked.query)
        )
        whole = self._whole_word(query, ranked)
        if typo and not (
            # …unless a word of the query as typed, not part of the slipped name,
            # names that very item: スーパーのレジ袋 is one slip from スーパーの袋, and
            # its word レジ袋 is that item. (携帯電和 read けいたいでんわ is still a
            # slip: the same sound in other kanji may be another word, 整理用品.)
            whole is not None
            and whole[1]
            and best.key in whole[0][0][1]
            and compact(whole[0][0][0]) in compact(query)
            and compact(whole[0][0][0]) not in compact(best.matched_text)
        ):
            whole = None
        if whole is None:
            return SearchResult(
                query=ranked.query,
                matches=ranked.matches[:limit],
                is_confident=self._clear_kana_typo(ranked),
            )
        spans, answerable = whole
        if answerable and self._another_kana_word(ranked.query, spans):
            answerable = False
        first: list[Match] = []
        seen: set[int] = set()
        typed = {match.key: match for match in ranked.matches}
        for span_text, exact, kinds in spans:
            for key in [*exact, *sorted(kinds - set(exact), key=self._order.get)]:
                if key not in seen:
                    seen.add(key)
                    known = typed.get(key)
                    if (
                        key in exact
                        and known is not None
                        and known.kind in _WHOLE_KINDS
                    ):
                        first.append(known)
                        continue
                    kind = MatchKind.EXACT if key in exact else MatchKind.SUBSTRING
                    text = known.matched_text if known is not None else span_text
                    first.append(Match(key, 1.0 if key in exact else 0.9, text, kind))
        rest = [match for match in ranked.matches if match.key not in seen]
        if not answerable and len(spans) > 1:
            first = _named_by_both_first(first, spans)
        matches = [*first, *rest]
        if not answerable:
            narrowed = self._narrowed(query, matches)
            if narrowed is not None:
                matches = [narrowed, *(m for m in matches if m is not narrowed)]
                answerable = True
        return SearchResult(
            query=ranked.query,
            matches=tuple(matches[:limit]),
            is_confident=answerable,
            whole_word=True,
        )

    def _names_categories(self, text: str) -> bool:
        """Whether ``text`` is a word of items in more than one category (ジュース)."""
        terms = self._exact.get(compact(text), ())
        return len({self._group[self._term_entry[term]] for term in terms}) > 1

    def _names_joined_by_no(self, query: str) -> bool:
        """Whether ``query`` is known words joined by の (ごむ|の|靴): words, no slip.

        「ゴムの靴」 is one letter from 「ゴム長靴」, but it is ゴム and 靴, each a word of
        the guide: the sentence reading decides, not the nearest spelling.
        """
        parts = query.split("の")
        return len(parts) > 1 and all(part in self._exact for part in parts)

    def _another_kana_word(
        self, query: str, spans: Sequence[tuple[str, list[int], set[int]]]
    ) -> bool:
        """Whether a kana query found by a word inside it is a longer word of its own.

        The analyser splits hiragana it does not know badly, so the item's name at
        the front is found but the rest is noise: くつした is 靴下 (くつ|し|た), not 靴;
        てれびぼーど (テレビボード) is てれび|ぼー|ど, ふらいぱんかばー ふらいぱん|か|ばー.
        A kana query that goes on after the last item word it names into a
        loanword (ぼーど, かばー, すとらっぷ; ``loanword_at_start``), or that the
        dictionary reads as one word the guide does not name, is offered, not
        answered: the thing is the last noun.
        """
        if len(query) < 3 or not all(map(_is_kana_letter, query)):
            return False
        keys = [compact(text) for text, _, _ in spans]
        if query in keys:
            return False
        ends = [query.rfind(key) + len(key) for key in keys if key and key in query]
        if len(ends) == len(keys):
            rest = query[max(ends) :]
            if loanword_at_start(rest[1:] if rest.startswith("の") else rest):
                return True
        known = dictionary_word(query)
        return (
            known is not None
            and known not in self._exact
            and phonetic_key(known) not in self._exact
        )

    def _narrowed(self, query: str, matches: Sequence[Match]) -> Match | None:
        """The one choice whose own name or alias holds every noun of ``query``.

        「車のバッテリー」 offers 自動車用バッテリー, モバイルバッテリー and 充電式電池;
        only the first has both 車 and バッテリー in its name, so it is the one meant
        (「プラのハンガー」 → プラスチックのハンガー). Two or more such choices, a noun
        no choice holds (「スマホの電池」), or a single noun leave the choice as it is.
        """
        sentence = query_words(query[:MAX_QUERY_LENGTH])
        nouns = [
            compact(word.surface)
            for word in sentence
            if word.pos in {"名詞", "代名詞"} and compact(word.surface)
        ]
        # Only 「〜の〜」: a compound (ネコ|砂, パソコン|デスク) is one word of its own.
        if len(nouns) < 2 or not matches or not any(w.is_no for w in sentence):
            return None
        holding = [
            match
            for match in matches
            if any(
                _in_order(nouns, term) for term in self._own_terms.get(match.key, ())
            )
        ]
        return holding[0] if len(holding) == 1 else None

    def _whole_word(
        self, query: str, ranked: SearchResult
    ) -> tuple[list[tuple[str, list[int], set[int]]], bool] | None:
        """The items named by whole words of ``query``, and whether one category wins."""
        exact = [m.key for m in ranked.matches if m.kind == MatchKind.EXACT]
        if not exact:
            exact = [m.key for m in ranked.matches if m.kind == MatchKind.VARIANT]
        if exact:
            # The word as matched too: "hangaa" is ハンガー, of which 針金ハンガー is a kind.
            said = {ranked.query} | {
                compact(m.matched_text) for m in ranked.matches if m.key in exact
            }
            kinds = set().union(
                *(self._kinds_of(key) | self._clipped(key) for key in said)
            )
            spans = [(ranked.query, exact, kinds)]
        else:
            spans = self._sentence_spans(query)
        if not spans:
            return None
        # A whole word leads; an item word that describes the next one (靴|の|箱)
        # follows it, and a part of a longer noun (ガラス of ガラス戸) comes last.
        spans.sort(
            key=lambda span: (
                span[0].startswith(_COMPANION),
                span[0].startswith(_PART_OF_WORD),
                span[0].startswith(_DESCRIBES),
                span[0].startswith(_NARROWS),
            )
        )
        primary_groups = {self._group[key] for key in (*spans[0][1], *spans[0][2])}
        answerable = (
            len(primary_groups) == 1
            and not spans[0][0].startswith((_PART_OF_WORD, _LISTED, _COMPANION))
            and not any(span[0].startswith(_DESCRIBING) for span in spans)
        )
        if answerable:
            (group,) = primary_groups
            # Every other thing the sentence names must agree; a part of a longer
            # noun that only describes the item (ガラス戸のついた食器棚) need not.
            answerable = all(
                any(self._group[key] == group for key in (*span[1], *span[2]))
                for span in spans[1:]
                if not span[0].startswith((_PART_OF_WORD, _COMPANION))
            )
        return [
            (text.lstrip(_MARKERS), ex, kinds) for text, ex, kinds in spans
        ], answerable

    def _in_the_sense_of_the_rest(
        self, spans: list[tuple[str, list[int], set[int]]], listed: list[bool]
    ) -> list[tuple[str, list[int], set[int]]]:
        """Shared words narrowed to the one category the things listed beside them share.

        「レンガやブロックが出た」: ブロック is a toy or a concrete block; listed with レンガ
        it is the block. A shared word listed with と/や is read in the sense of the
        other things listed, when they all agree on one of its categories; otherwise it
        stays a choice of all of them.
        """
        plain = [
            index
            for index, (text, _, _) in enumerate(spans)
            if listed[index] and not text.startswith(tuple(_MARKERS))
        ]
        groups = {
            index: {self._group[key] for key in (*spans[index][1], *spans[index][2])}
            for index in plain
        }
        narrowed = list(spans)
        for index in plain:
            if len(groups[index]) < 2:
                continue
            others = [groups[other] for other in plain if other != index]
            common = groups[index].intersection(*others) if others else set()
            if len(common) != 1:
                continue
            (group,) = common
            text, exact, kinds = spans[index]
            narrowed[index] = (
                text,
                [key for key in exact if self._group[key] == group],
                {key for key in kinds if self._group[key] == group},
            )
        return narrowed

    def _clear_kana_typo(self, ranked: SearchResult) -> bool:
        """A slip in a long kana word (ぺっとぼとう) may still be answered.

        Only when the query has no kanji (one changed kanji is another word: 電子辞書
        is not 電子手帳), is at least five characters, is one edit from the best item,
        is not itself a word of the analyser's dictionary (スピーカー is not a slip for
        スニーカー), names no other item in words of its own, and nothing of another
        category comes close.
        """
        best = ranked.best
        if not ranked.is_confident or best is None:
            return False
        if best.kind not in {MatchKind.FUZZY, MatchKind.PREFIX}:
            return False
        query = ranked.query
        if len(query) < 5 or any(map(is_kanji, query)):
            return False
        matched = compact(best.matched_text)
        if bounded_distance(query, matched, 1) is None:
            return False
        # A slip that spells another real word is that word (スピーカー, not スニーカー).
        known = dictionary_word(query)
        if known is not None and phonetic_key(known) != phonetic_key(matched):
            return False
        if query.replace("の", "") == matched.replace("の", ""):
            return True  # まくらのカバー is まくらカバー: the same name, with の
        # Nor is it a slip when its words name another item whole: かいろのふくろ is
        # one kana from かいものふくろ (レジ袋), but it says カイロ and 袋.
        return all(
            best.key in (*keys, *kinds)
            for _text, keys, kinds in self._sentence_spans(query)
        )

    def _starting(self, text: str) -> set[int]:
        """Items with a name, alias or reading that starts with ``text`` and goes on."""
        return {self._term_entry[term] for term in self._longer_terms(text)}

    def _compounds(self, key: str) -> set[int]:
        """Items with a term that starts with ``key`` and goes on as one compound.

        ビデオ|デッキ and ビデオ|カメラ do; ペットボトル|の|キャップ (の) and a single
        kana more (ぺっとぼとる|ず) do not.
        """
        return {
            self._term_entry[term]
            for term in self._longer_terms(key)
            if len(self._term_key[term]) - len(key) >= 2
            and not self._term_key[term][len(key) :].startswith("の")
        }

    def _longer_terms(self, text: str) -> Iterator[int]:
        """Terms as typed (not folded) that start with ``text`` and are longer.

        Found through the rarest bigram of ``text``, like ``_partial``: no index of
        every prefix is kept (it would double the index's memory).
        """
        if len(text) < 2:
            return
        postings = [
            self._postings.get(text[start : start + 2], [])
            for start in range(len(text) - 1)
        ]
        for term in min(postings, key=len):
            key = self._term_key[term]
            if (
                len(key) > len(text)
                and key.startswith(text)
                and not self._term_folded[term]
            ):
                yield term

    def _clipped(self, key: str) -> set[int]:
        """Items whose longer word ``key`` may be short for, if it is only an alias.

        ビデオ is an alias of ビデオテープ, the front of that item's own name; residents
        say it for ビデオデッキ and ビデオカメラ too. Such a clipped word names every
        compound it starts. A word that is an item's own name (テレビ, 布団), or an
        alias that is no clipping of its item's name (蛍光灯 for 蛍光管), means that
        item.
        """
        if len(key) < 2 or key in self._named:
            return set()
        compounds = self._compounds(key)
        own = {self._term_entry[term] for term in self._exact.get(key, ())}
        if not own or not own <= compounds:
            return set()
        return set(compounds)

    def _kinds_of(self, key: str) -> set[int]:
        """Items whose name, alias or reading ends with ``key`` (a kind of it)."""
        if len(key) < 2 and not (key and is_kanji(key)):
            return set()
        found = set(self._endings.get(key, ()))
        if any(map(is_kanji, key)):  # ネコ砂 is also a kind of ねこすな
            reading = "".join(word.reading for word in analyse(key))
            if len(reading) >= 3:
                found |= self._endings.get(reading, set())
        return found

    def _span_terms(self, key: str) -> list[int]:
        keys: dict[int, None] = {}
        for term in self._exact.get(key, ()):
            if not self._term_folded[term]:
                keys.setdefault(self._term_entry[term])
        return list(keys)

    def _sentence_spans(self, query: str) -> list[tuple[str, list[int], set[int]]]:
        """Items named inside a sentence, longest first (``search.sentence``)."""
        sentence = query_words(query[:MAX_QUERY_LENGTH])
        found = item_spans(
            query[:MAX_QUERY_LENGTH], self._span_terms, self._starting, self._narrows
        )
        starting = {span.start: span for span in found}
        ends = {span.end for span in found}
        specific: set[int] = set()
        narrowed: set[int] = set()
        if query.isascii():
            # English puts the thing last: a "styrofoam tray" is a tray, a "computer
            # keyboard" a keyboard. The words before it only say which -- unless they
            # name a kind of it: an "LED bulb" is the LED電球.
            found = sorted(found, key=lambda span: -span.end)
            for span in found:
                head = starting.get(span.end)
                if head is not None and set(span.keys) <= self._kinds_of(head.key):
                    specific.add(id(span))
                    narrowed.add(id(head))
        spans = []
        in_list: list[bool] = []
        demoted: set[int] = set()
        for span in found:
            marker = ""
            head = starting.get(_after_no(sentence, span.end))
            if id(span) in narrowed:
                marker = _NARROWS
            elif id(span) in specific:
                pass
            elif span.near_miss:
                # 電子辞書と電池: a longer noun listed beside the item is a thing too.
                listed = _listed(sentence, span.start, span.end)
                marker = _LISTED if listed else _PART_OF_WORD
            elif head is not None:
                # ヘアスプレーの缶 is that 缶: a kind of the head only narrows it.
                named = [*head.keys, *self._kinds_of(head.key)]
                if set(head.keys) <= set(span.keys):
                    # コカコーラのペットボトル, 象印の炊飯器: a maker's word of several
                    # items before one of them only says whose it is.
                    marker = _PART_OF_WORD
                elif not self._narrows(span.keys, named):
                    definite = len({self._group[key] for key in named}) == 1
                    marker = _DESCRIBES if definite else _DESCRIBES_SHARED
                elif self._names_both(head.keys, span.key, head.key):
                    # パソコンのモニター: the same category, and パソコン用モニター's own
                    # name holds both words: the thing is the モニター, パソコン only
                    # says which one (マヨネーズのチューブ stays the マヨネーズ's).
                    marker = _NARROWS
                elif self._of_another(head.keys, span.key, head.key):
                    # マヨのチューブ: チューブ is the guide's short word for
                    # 歯磨き粉のチューブ, whose own name says whose tube it is -- not
                    # the マヨ's; the front word's item is the thing.
                    demoted.add(id(head))
            elif _together_with(sentence, span.end):
                # 「ピザの箱は段ボールと一緒に出していい？」 asks about the other thing.
                marker = _COMPANION
            if not marker and (
                self._sounds_like_another_word(sentence, span)
                or self._borrowed_owner(sentence, span, ends)
            ):
                marker = _PART_OF_WORD
            said = compact("".join(word.surface for word in sentence[: span.end]))
            exact, kinds = self._named_kind(said, span.key, span.keys)
            spans.append((marker + span.key, exact, kinds))
            in_list.append(_listed(sentence, span.start, span.end))
        spans = self._compound_head_first(found, spans)
        for index, span in enumerate(found):
            text, exact, kinds = spans[index]
            if id(span) in demoted and not text.startswith(tuple(_MARKERS)):
                spans[index] = (_NARROWS + text, exact, kinds)
        spans = self._in_the_sense_of_the_rest(spans, in_list)
        if spans:
            spans.extend(self._clipped_words(query, spans))
        return spans

    def _sounds_like_another_word(self, sentence: Sequence[Any], span: Any) -> bool:
        """Whether a word typed in kanji was found only by its sound (投棄 read とうき).

        「不法投棄」 is not 陶器: when the item's own words write that sound in other
        kanji, the typed kanji are another word that sounds the same. Offered, never
        answered. An item the guide writes in kana (かばん for 鞄) is still that item.
        """
        surface = compact("".join(w.surface for w in sentence[span.start : span.end]))
        if not any(map(is_kanji, surface)) or any(map(is_kanji, span.key)):
            return False
        if surface in self._exact or not _used_as_another_word(sentence, span):
            return False
        return all(
            any(
                any(map(is_kanji, term)) and self._reads(term) == span.key
                for term in self._own_terms.get(key, ())
            )
            for key in span.keys
        )

    def _reads(self, term: str) -> str:
        return compact("".join(word.reading for word in analyse(term)))

    def _borrowed_owner(
        self, sentence: Sequence[Any], span: Any, item_ends: set[int]
    ) -> bool:
        """Whether a container word follows 「〜の」 naming a thing the guide does not list.

        チューブ is the guide's short word for 歯磨き粉のチューブ; 「接着剤のチューブ」 or
        「経管栄養のチューブ」 is someone else's tube, and must not borrow the
        toothpaste's answer. The front word is no item (that case is ``_of_another``)
        and no word of the item's own.
        """
        before = span.start - 1
        if span.key not in _CONTAINER_KEYS:
            return False  # 灰皿の吸い殻 is still a cigarette's: no container
        if before < 1 or not sentence[before].is_no or before in item_ends:
            return False
        front = compact(sentence[before - 1].surface)
        if not front or sentence[before - 1].pos not in {"名詞", "代名詞"}:
            return False
        names = [self._own_terms.get(key, [""])[0] for key in span.keys]
        return bool(names) and all(
            name.endswith("の" + span.key)
            and name != span.key
            and not any(
                front in term or term in front
                for term in self._own_terms.get(key, ())
                if term != span.key
            )
            for key, name in zip(span.keys, names, strict=True)
        )

    def _named_kind(
        self, said: str, key: str, exact: list[int]
    ) -> tuple[list[int], set[int]]:
        """The one kind of ``key`` whose own longer word ends where ``key`` does.

        「腕時計の電池」 says 電池 (乾電池), but ends in 時計の電池, ボタン電池's own word:
        the kind the resident named is the thing, not the generic word inside it.
        ``said`` is the query up to the end of ``key``.
        """
        kinds = self._kinds_of(key)
        named = {
            kind
            for kind in kinds - set(exact)
            if any(
                len(term) > len(key) and term.endswith(key) and said.endswith(term)
                for term in self._own_terms.get(kind, ())
            )
        }
        if len(named) == 1:
            return list(named), kinds
        return exact, kinds

    def _compound_head_first(
        self, found: Sequence[Any], spans: list[tuple[str, list[int], set[int]]]
    ) -> list[tuple[str, list[int], set[int]]]:
        """Two item words typed as one compound (携帯|ラジオ, kotatsu|table): offer both.

        The last word is the thing in Japanese (携帯ラジオ is a ラジオ) when the front
        word is only the clipped front of its item's name (携帯 for 携帯電話): it
        says "portable", so neither is answered by itself. (A compound the guide
        lists whole, 携帯ゲーム機, is one span and never gets here.)
        """
        by_end = {span.end: index for index, span in enumerate(found)}
        changed = list(spans)
        for index, span in enumerate(found):
            front = by_end.get(span.start)
            if front is None or set(found[front].keys) & set(span.keys):
                continue
            if not self._only_clipped(found[front].key, found[front].keys):
                continue  # こたつ|布団: an item's own name in front may be the thing
            text, exact, kinds = spans[index]
            if text.startswith(_PART_OF_WORD):
                changed[index] = (text.lstrip(_MARKERS), exact, kinds)
            front_text, front_exact, front_kinds = changed[front]
            changed[front] = (
                _DESCRIBES_SHARED + front_text.lstrip(_MARKERS),
                front_exact,
                front_kinds,
            )
        return changed

    def _only_clipped(self, word: str, keys: Sequence[int]) -> bool:
        """Whether ``word`` is no item's own name, only the front of each one's name."""
        names = [self._own_terms.get(key, [""])[0] for key in keys]
        return (
            word not in self._named
            and bool(names)
            and all(len(name) > len(word) and name.startswith(word) for name in names)
        )

    def _names_both(self, keys: Sequence[int], front: str, head: str) -> bool:
        """Whether an item of ``keys`` has a term of its own holding both words."""
        return any(
            _in_order((front, head), term)
            for key in keys
            for term in self._own_terms.get(key, ())
        )

    def _of_another(self, keys: Sequence[int], front: str, head: str) -> bool:
        """Whether every item of ``keys`` is named as the ``head`` of another thing.

        歯磨き粉のチューブ is the 歯磨き粉's チューブ: with マヨ in front, not that item.
        """
        names = [self._own_terms.get(key, [""])[0] for key in keys]
        return bool(names) and all(
            name.endswith("の" + head) and front not in name for name in names
        )

    def _narrows(self, front: list[int], head: list[int]) -> bool:
        """An item word in front of another names one of its items or its category."""
        groups = {self._group[key] for key in (*front, *head)}
        return set(front) <= set(head) or len(groups) == 1

    def _clipped_words(
        self, query: str, found: list[tuple[str, list[int], set[int]]]
    ) -> list[tuple[str, list[int], set[int]]]:
        """Other loanwords of the sentence that are the front of an item's compound.

        「ガス缶とプロパン」 names カセットボンベ and, clipped, プロパンガス: a second
        thing listed with と/や is offered (it may change the answer), never answered
        by itself. Kana words only: clipping is what residents do to loanwords (ノート,
        プロパン), while a kanji word in front of a compound is just a word. A word that
        only describes (スーパーでもらった…, ビールの王冠) is not listed, so it is left alone.
        """
        named = [text.lstrip(_MARKERS) for text, _, _ in found]
        extra: list[tuple[str, list[int], set[int]]] = []
        sentence = query_words(query[:MAX_QUERY_LENGTH])
        for position, word in enumerate(sentence):
            key = word.surface
            if (
                not _listed(sentence, position, position + 1)
                or not word.is_content
                or len(key) < 3
                or key.isascii()
                or any(map(is_kanji, key))
                or key in self._exact
                or any(key in text for text in named)
            ):
                continue
            compounds = self._compounds(key)
            if compounds:
                named.append(key)
                extra.append((_LISTED + key, [], set(compounds)))
        return extra

    def _rank(self, query: str, limit: int = 5) -> SearchResult:
        """Every item that matches ``query`` in any way, best first (see module doc)."""
        prepared = self._prepare(query)
        if prepared is None or limit < 1:
            return SearchResult(query="", matches=(), is_confident=False)
        best: dict[int, tuple[float, _Field, Match]] = {}
        for form in prepared.forms:
            self._collect(form, prepared.latin_words, best)
        ranked = sorted(
            best.values(),
            key=lambda found: (
                -found[0],
                found[1],
                len(found[2].matched_text),
                found[2].key,
            ),
        )
        matches = tuple(found[2] for found in ranked[:limit] if found[0] >= MIN_SCORE)
        return SearchResult(
            query=prepared.cleaned,
            matches=matches,
            is_confident=_is_confident(matches),
        )

    # --- query cleaning ---------------------------------------------------------

    def _prepare(self, query: str) -> _Query | None:
        text = unmacron(_MARKUP.sub(" ", query[:MAX_QUERY_LENGTH]))
        runs = words(text)
        if not runs:
            return None
        forms: list[_Form] = []
        if all(map(_is_latin, runs)):
            latin = _LATIN_WORD.findall(normalize(text))
            while len(latin) > 1 and (
                latin[-1] in ROMAJI_PARTICLES or latin[-1] in _STATES_AFTER
            ):
                latin.pop()
            cleaned = compact(" ".join(latin))
            if not cleaned:
                return None
            forms.append(_Form(cleaned, derived=False, fuzzy=False))
            kana = to_hiragana("".join(latin))
            if kana:
                kana = strip_question(kana, self._exact.__contains__)
                forms.append(_Form(kana, derived=True, fuzzy=True))
                forms.append(_Form(phonetic_key(kana), derived=True, fuzzy=False))
            # "tisshu", "disuku": a loanword's ティ/ディ typed as ti/di (which romaji
            # reads ち/ぢ) -- searched as well, exactly, beside the romaji reading.
            loan = to_hiragana(_LOANWORD_TI.sub(r"\1h", "".join(latin)))
            if loan and loan != kana:
                loan = strip_question(loan, self._exact.__contains__)
                forms.append(_Form(loan, derived=True, fuzzy=False))
            # "pet bottle": a known word among English ones still counts.
            latin_words: tuple[str, ...] = tuple(latin) if len(latin) > 1 else ()
        else:
            cleaned = strip_question("".join(runs), self._exact.__contains__)
            forms.append(_Form(cleaned, derived=False, fuzzy=True))
            forms.append(_Form(phonetic_key(cleaned), derived=True, fuzzy=False))
            reading = self._mixed_reading(cleaned)
            if reading:
                forms.append(_Form(reading, derived=True, fuzzy=False))
            latin_words = tuple(run for run in runs if _is_latin(run))
        unique: dict[str, _Form] = {}
        for form in forms:
            if form.text and form.text not in unique:
                unique[form.text] = form
        return _Query(cleaned, tuple(unique.values()), latin_words)

    def _mixed_reading(self, cleaned: str) -> str:
        """The reading of a word typed half in kanji, half in kana, if an item has it.

        「食器だな」 is 食器棚 read しょっきだな, not 食器 with two stray kana. Only a
        reading that is exactly an item's counts: a mixed word is no sentence.
        """
        if (
            len(cleaned) > 12
            or cleaned in self._exact
            or not any(map(is_kanji, cleaned))
            or not any("\u3041" <= char <= "\u3096" for char in cleaned)
        ):
            return ""
        reading = "".join(word.reading for word in analyse(cleaned))
        return reading if reading in self._exact else ""

    # --- matching ---------------------------------------------------------------

    def _collect(
        self,
        form: _Form,
        latin_words: tuple[str, ...],
        best: dict[int, tuple[float, _Field, Match]],
    ) -> None:
        query = form.text
        factor = _Score.DERIVED_FORM if form.derived else 1.0

        def offer(term: int, score: float, kind: MatchKind) -> None:
            field = self._term_field[term]
            entry = self._term_entry[term]
            found = best.get(entry)
            if found is None or (score, -field) > (found[0], -found[1]):
                match = Match(entry, round(score, 4), self._term_text[term], kind)
                best[entry] = (score, field, match)

        for term in self._exact.get(query, ()):
            if form.derived or self._term_folded[term]:
                offer(term, _Score.VARIANT, MatchKind.VARIANT)
            else:
                offer(term, _Score.EXACT, MatchKind.EXACT)
        # One kana or letter matches too much to mean anything; one kanji (傘, 本)
        # is a whole word, but only as an exact match.
        if len(query) < 2:
            return
        for term, score, kind in self._partial(query):
            offer(term, score * factor, kind)
        words_typed = () if form.derived else latin_words
        for term, score in self._contained(query, words_typed):
            offer(term, score * factor, MatchKind.CONTAINED)
        strongest = max((found[0] for found in best.values()), default=0.0)
        if form.fuzzy and strongest < _Score.VARIANT:
            for term, score in self._fuzzy(query):
                offer(term, score * factor, MatchKind.FUZZY)

    def _partial(self, query: str) -> Iterator[tuple[int, float, MatchKind]]:
        """Terms that start with or contain ``query``, found via its rarest bigram."""
        inner = {query[start : start + 2] for start in range(len(query) - 1)}
        postings = [self._postings.get(bigram, []) for bigram in inner]
        # Every term containing the query is in every one of these lists (and
        # none if one is empty); the shortest is the cheapest to check.
        for term in min(postings, key=len):
            key = self._term_key[term]
            position = key.find(query)
            if position < 0 or key == query:
                continue
            coverage = len(query) / len(key)
            base, weight = _Score.PREFIX if position == 0 else _Score.SUBSTRING
            kind = MatchKind.PREFIX if position == 0 else MatchKind.SUBSTRING
            yield term, base + weight * coverage, kind

    def _contained(
        self, query: str, latin_words: tuple[str, ...]
    ) -> Iterator[tuple[int, float]]:
        """Terms found inside a longer query (古いスプレー缶のガス → スプレー缶)."""
        base, weight = _Score.CONTAINED
        length = len(query)
        longest = min(self._longest_key, length - 1)
        for start in range(length):
            for end in range(start + 1, min(length, start + longest) + 1):
                piece = query[start:end]
                if piece.isascii() or (len(piece) == 1 and not is_kanji(piece)):
                    continue
                coverage = len(piece) / length
                if coverage < _Score.CONTAINED_MIN_COVERAGE:
                    continue
                for term in self._exact.get(piece, ()):
                    yield term, base + weight * coverage
        for word in latin_words:
            coverage = len(word) / length
            if word != query and coverage >= _Score.CONTAINED_MIN_COVERAGE:
                for term in self._exact.get(word, ()):
                    yield term, base + weight * coverage

    def _fuzzy(self, query: str) -> Iterator[tuple[int, float]]:
        """Terms within one or two edits of ``query``."""
        limit = _fuzzy_limit(query)
        if not limit:
            return
        query_bigrams = bigrams(query)
        shared: Counter[int] = Counter()
        for bigram in query_bigrams:
            postings = self._postings.get(bigram)
            if postings:
                shared.update(postings)
        # Each edit changes at most three bigrams (a swap), so a term within
        # ``limit`` edits shares at least this many with the query.
        needed = max(1, len(query_bigrams) - 3 * limit)
        shortest, longest = len(query) - limit, len(query) + limit
        lengths = self._term_length
        candidates = [
            (count, term)
            for term, count in shared.items()
            if count >= needed and shortest <= lengths[term] <= longest
        ]
        # Ties (short queries share few bigrams with many terms) go to terms of the
        # query's own length, then to the earlier ones: not to whichever was added last.
        size = len(query)
        verified = heapq.nlargest(
            _FUZZY_VERIFIED,
            candidates,
            key=lambda found: (found[0], -abs(lengths[found[1]] - size), -found[1]),
        )
        for _count, term in verified:
            key = self._term_key[term]
            distance = bounded_distance(query, key, limit)
            if distance:
                if _plain_kana(query) == _plain_kana(key):
                    # Only a missing or extra ゛/゜ or a small kana (ばっく for ばっぐ):
                    # the commonest slip, half an edit.
                    distance = distance / 2
                similarity = 1 - distance / max(len(query), len(key))
                base, weight = _Score.FUZZY
                yield term, base + weight * similarity


def _named_by_both_first(
    first: list[Match], spans: Sequence[tuple[str, list[int], set[int]]]
) -> list[Match]:
    """The choices that two words of the query both name, offered first.

    「ティファールのケトル」: ティファール names the frying pan and the electric kettle,
    ケトル the pot and the electric kettle; the one both name is the likeliest, so it
    leads (a choice still, never an answer: the list of a maker's things may be short).
    """
    words = {text: {*exact, *kinds} for text, exact, kinds in spans}  # once each
    named = Counter(key for keys in words.values() for key in keys)
    return sorted(first, key=lambda match: named[match.key] < 2)


def _holds(result: SearchResult, words: str) -> bool:
    """Whether the answer's matched name holds ``words`` (「の」 aside)."""
    matched = compact(result.matches[0].matched_text).replace("の", "")
    return compact(words).replace("の", "") in matched


def _more_words(query: str, term: str) -> bool:
    """Whether ``query`` is ``term`` whole with other words around it, not a slip.

    ヘアスプレーの缶, 古タイヤ and 昔のビデオテープ hold the name whole, plus 「の」 or
    a kanji: words, which the sentence reading handles. A stray kana or digit
    (オートバイク, プレステ4) is still a slip of the one word.
    """
    position = query.find(term)
    if position < 0 or query == term:
        return False
    extra = query[:position] + query[position + len(term) :]
    return "の" in extra or any(map(is_kanji, extra))


def _in_order(pieces: Sequence[str], text: str) -> bool:
    """Whether every piece occurs in ``text``, each after the one before."""
    position = 0
    for piece in pieces:
        found = text.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


_LOANWORD_TI = re.compile(r"([td])(?=i)")
"""ti and di, as English spelling types ティ and ディ (tisshu, disuku)."""

_AND = frozenset({"と", "や", "とか"})
_VERB_PARTS = frozenset({"動詞", "形容詞", "助動詞", "助詞"})
"""What a romaji word around the item may be: 「kowareta」, 「furui」, 「nai」."""
"""Particles that list things: 「ガス缶とプロパン」."""

_PART_OF_WORD = "~"
"""Marks a sentence span that is part of a longer noun (傘|立て): offered, not answered."""
_LISTED = "&"
"""Marks a span that is another thing listed beside the item: it blocks an answer."""
_DESCRIBES = "^"
"""Marks an item word before の and another item word (靴|の|箱, 陶器|の|鉢).

Japanese puts the thing last: 靴の箱 is a box, 陶器の鉢 a pot, パソコンのマウス a mouse.
The first word only says which or of what, so it is never the answer: the thing
after の leads the choice (unless one item's own name holds both words:
陶器の植木鉢). A front word that only narrows the thing (こたつの布団, ゴムの靴: one
category; ヘアスプレーの缶: a kind of it) does not count.
"""
_DESCRIBES_SHARED = "%"
"""Like ``_DESCRIBES``, before a word of several categories (発泡スチロールの箱, 靴の箱).

The front word is not answered either, but it keeps its place: with a shared word
after it, the front word (a material, the contents) is more often what decides.
"""
_DESCRIBING = (_DESCRIBES, _DESCRIBES_SHARED)
_NARROWS = "<"
"""Marks an item word before の and an item word of its own category (パソコン|の|モニター).

The answer is the same either way, but the thing is the word after の: it is told first."""
_COMPANION = "+"
"""Marks an item the sentence names as going out with another (段ボールと一緒に).

The question is about the other thing: it leads, and the companion comes last. Alone
(「段ボールと一緒に出していい？」) the companion is offered, not answered."""
_MARKERS = (
    _PART_OF_WORD + _LISTED + _DESCRIBES + _DESCRIBES_SHARED + _COMPANION + _NARROWS
)


def _together_with(sentence: Sequence[Any], end: int) -> bool:
    """Whether words from ``end`` say 「と一緒に」 (together with the item before)."""
    after = [word.surface for word in sentence[end : end + 2]]
    return (
        len(after) == 2
        and after[0] == "と"
        and after[1].startswith(("一緒", "いっしょ"))
    )


def _after_no(sentence: Sequence[Any], end: int) -> int | None:
    """The position of the word after 「の」 that follows word ``end``, if one does."""
    position = end
    while position < len(sentence) and sentence[position].is_no:
        position += 1
    return position if position > end else None


# Portuguese and Vietnamese put the state after the thing: 「sofá velho」 is a sofa,
# 「xe đạp cũ」 a bicycle (written here without accents, as searched).
_STATES_AFTER = frozenset(
    (
        *("velho", "velha", "velhos", "velhas", "usado", "usada", "usados", "usadas"),
        *("quebrado", "quebrada", "quebrados", "quebradas", "cu", "hong"),
    )
)
# Words for what holds something: 「〜のチューブ」 says whose it is.
_CONTAINER_KEYS = frozenset(
    compact(word)
    for word in (*CONTAINER_WORDS, "チューブ", "ボトル", "びん", "瓶", "缶", "箱", "袋")
)


def _used_as_another_word(sentence: Sequence[Any], span: Any) -> bool:
    """Whether kanji read as an item are a word of a longer phrase, not a slip.

    「洗濯器」 alone is 洗濯機 typed with the wrong kanji; 「不法|投棄|された」 uses 投棄
    as a word of its own: stuck to a word before it, or done (する, される).
    """
    if span.start > 0 and sentence[span.start - 1].pos in {"名詞", "形状詞", "接頭辞"}:
        return True
    following = sentence[span.end] if span.end < len(sentence) else None
    return (
        following is not None
        and following.pos == "動詞"
        and following.surface.startswith(("さ", "し", "す", "せ"))
    )


def _listed(sentence: Sequence[Any], start: int, end: int) -> bool:
    """Whether words ``start:end`` of ``sentence`` are listed with と/や/とか."""
    before = sentence[start - 1].surface if start > 0 else ""
    after = sentence[end].surface if end < len(sentence) else ""
    return before in _AND or after in _AND


def _is_kana_letter(char: str) -> bool:
    return "\u3041" <= char <= "\u30ff"


_SMALL_KANA = str.maketrans("ぁぃぅぇぉっゃゅょゎ", "あいうえおつやゆよわ")


def _plain_kana(text: str) -> str:
    """``text`` without voicing marks and with small kana made full size (ばっぐ → はつく)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if c not in "\u3099\u309a").translate(
        _SMALL_KANA
    )


_WHOLE_KINDS = frozenset({MatchKind.EXACT, MatchKind.VARIANT})


def _is_confident(matches: tuple[Match, ...]) -> bool:
    if not matches or matches[0].score < CONFIDENT_SCORE:
        return False
    return len(matches) == 1 or (
        matches[0].score - matches[1].score >= CONFIDENT_MARGIN
    )

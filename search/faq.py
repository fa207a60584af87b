"""FAQ matching for the LINE chat: 「粗大ごみの申し込みは？」 → the FAQ that answers it.

Staff give each FAQ (``home.models.Faq``) a question and the words that recognise it
(keywords). A query is normalised like the garbage search (``search.text``), so
ソダイゴミ, 粗大ごみ and ｿﾀﾞｲｺﾞﾐ's keywords match alike. A city has tens of FAQs, not
thousands: every entry is scored, no index is needed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .similarity import bigrams, dice
from .text import MAX_QUERY_LENGTH, compact, is_kanji


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """One FAQ: ``key`` is the caller's id (e.g. ``Faq.pk``)."""

    key: int
    question: str
    keywords: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class FaqMatch:
    key: int
    score: float
    matched_keywords: tuple[str, ...]
    """The keywords (as staff typed them) found in the query."""


FAQ_THRESHOLD = 0.5
"""Below this the chat should not answer with the FAQ (one short keyword is not enough)."""
FAQ_MARGIN = 0.05
"""Two FAQs closer than this are a tie: neither is a clear answer."""
_FULL_KEYWORD_SHARE = 4
"""Matched keyword weight (``_weight``) that fully confirms an FAQ: a two-kanji word
(通知), a four-kana one (ひなんじょ), or two short ones (いつ + ごみ) — never one short
kana word alone."""
_KEYWORD_SHARE = 0.8
"""How much of a score keywords decide; the rest is the query's bigram overlap with
the question, which separates two FAQs that share a keyword."""


@dataclass(frozen=True, slots=True)
class _Prepared:
    entry: FaqEntry
    question_bigrams: frozenset[str]
    keywords: tuple[tuple[str, str], ...]
    """(normalised, as typed) pairs."""


class FaqIndex:
    """The active FAQs, normalised once; ``best()`` is what the chat asks."""

    def __init__(
        self, entries: Iterable[FaqEntry], threshold: float = FAQ_THRESHOLD
    ) -> None:
        self.threshold = threshold
        self._entries = [
            _Prepared(
                entry,
                bigrams(compact(entry.question)),
                tuple(
                    (key, keyword.strip())
                    for keyword in entry.keywords
                    if (key := compact(keyword))
                ),
            )
            for entry in entries
        ]

    def rank(self, query: str, limit: int = 3) -> list[FaqMatch]:
        """FAQs that match ``query`` at all, best first (no threshold)."""
        text = compact(query[:MAX_QUERY_LENGTH])
        if len(text) < 2:
            return []
        query_bigrams = bigrams(text)
        found = [
            match
            for prepared in self._entries
            if (match := _score(prepared, text, query_bigrams)).score > 0
        ]
        found.sort(key=lambda match: (-match.score, match.key))
        return found[:limit]

    def best(self, query: str) -> FaqMatch | None:
        """The FAQ that clearly answers ``query``, or None (none, or a tie)."""
        ranked = self.rank(query, limit=2)
        if not ranked or ranked[0].score < self.threshold:
            return None
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < FAQ_MARGIN:
            return None
        return ranked[0]


def _weight(text: str) -> int:
    """Evidence in a matched keyword: a kanji says more than a kana (通知 is a
    clear topic, いつ or どこ could be any question), so it counts twice."""
    return sum(2 if is_kanji(char) else 1 for char in text)


def _score(prepared: _Prepared, text: str, query_bigrams: frozenset[str]) -> FaqMatch:
    matched: list[str] = []
    matched_weight = 0
    for key, keyword in prepared.keywords:
        if key in text:
            matched.append(keyword)
            matched_weight += _weight(key)
        elif text in key:
            # The query is part of a keyword (粗大 for 粗大ごみ): it counts for
            # what was typed, not for the whole keyword.
            matched.append(keyword)
            matched_weight += _weight(text)
    keyword_score = min(1.0, matched_weight / _FULL_KEYWORD_SHARE)
    similarity = dice(query_bigrams, prepared.question_bigrams)
    if keyword_score:
        score = max(
            _KEYWORD_SHARE * keyword_score + (1 - _KEYWORD_SHARE) * similarity,
            similarity,
        )
    else:
        # Bigram overlap without a keyword is weak evidence: padding and particles
        # (の, は) overlap by chance.
        score = similarity if similarity >= FAQ_THRESHOLD else 0.0
    return FaqMatch(prepared.entry.key, round(score, 4), tuple(matched))

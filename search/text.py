"""Japanese text normalisation and bigram tokens for search.

PostgreSQL's and SQLite's full-text parsers split only on spaces and punctuation, so a
Japanese sentence is one token and 「収集日」 never matches
「燃えるごみの収集日が変更になります」 (shared/notes/wagtail-facts.md §B.3). We index
overlapping two-character windows ("bigrams") of every Japanese run instead, and turn
queries into the same bigrams. Normalising first makes ごみ / ゴミ / ｺﾞﾐ the same token.
"""

from collections.abc import Iterable, Iterator
import re
import unicodedata


MAX_QUERY_LENGTH = 100
"""Longer queries are cut: nobody types more, and it bounds the work per request."""

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
# Dash-like characters people type for the long vowel mark (ー).
_LONG_VOWEL_VARIANTS = dict.fromkeys(map(ord, "‐‑‒–—―−－ｰ〜～"), "ー")
_HYPHEN_AFTER_KANA = re.compile(r"(?<=[\u3041-\u30ff])-")

# A "word" is a run of Latin letters/digits, or a run of Japanese characters
# (kana, the long vowel mark, CJK ideographs and the iteration mark 々).
_TOKEN_RUN = re.compile(
    r"[0-9a-z]+|[\u3041-\u3096\u30fc\u3005\u4e00-\u9fff\uf900-\ufaff]+"
)


def normalize(text: str) -> str:
    """Fold the spellings a resident might use into one form.

    NFKC turns half-width katakana and full-width Latin into their usual forms
    (ｺﾞﾐ → ゴミ, ＰＥＴ → PET); katakana become hiragana (ゴミ → ごみ); Latin is lower
    case; dash variants become the long vowel mark.
    """
    # Before NFKC, which would turn the full-width dash into an ASCII hyphen.
    text = unicodedata.normalize("NFKC", text.translate(_LONG_VOWEL_VARIANTS))
    text = _HYPHEN_AFTER_KANA.sub("ー", text)
    return text.translate(_KATAKANA_TO_HIRAGANA).lower()


def _is_latin_run(run: str) -> bool:
    return run[0].isascii()


def _windows(run: str) -> Iterator[str]:
    if len(run) < 2:
        yield run
        return
    for start in range(len(run) - 1):
        yield run[start : start + 2]


def tokens(text: str) -> Iterator[str]:
    """Search tokens of ``text``: Latin words whole, Japanese runs as bigrams."""
    for run in _TOKEN_RUN.findall(normalize(text)):
        if _is_latin_run(run):
            yield run
        else:
            yield from _windows(run)


def index_text(parts: Iterable[str]) -> str:
    """The text to store in a search index field: every token once, space separated.

    Single Japanese characters are added too, so a one-character query (e.g. 「雨」)
    still finds something.
    """
    seen: dict[str, None] = {}
    for part in parts:
        if not part:
            continue
        for run in _TOKEN_RUN.findall(normalize(part)):
            if _is_latin_run(run):
                seen.setdefault(run)
                continue
            for token in _windows(run):
                seen.setdefault(token)
            for char in run:
                seen.setdefault(char)
    return " ".join(seen)


def query_text(query: str) -> str:
    """The query as index tokens (space separated), or "" when nothing searchable is left.

    Markup, SQL fragments and punctuation are dropped by the tokenizer: only letters,
    digits and Japanese characters can reach the search backend.
    """
    return " ".join(dict.fromkeys(tokens(query[:MAX_QUERY_LENGTH])))

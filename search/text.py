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


def _folded_letter(char: str) -> str:
    if not ("\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff"):
        return char
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(part for part in decomposed if not unicodedata.combining(part))


def fold_accents(text: str) -> str:
    """Latin letters without their accents: 「orgânico」 → organico, 「tủ lạnh」 → tu lanh.

    Portuguese and Vietnamese residents type with accents or without; the guide's
    words may be written either way. Only Latin letters change (a kana's ゛ stays).
    """
    if text.isascii():
        return text
    return "".join(_folded_letter(char) for char in text)


def has_accents(text: str) -> bool:
    """Whether ``text`` has an accented Latin letter (「sofá」, 「cũ」)."""
    return fold_accents(text) != text


def words(text: str) -> list[str]:
    """The runs of ``text`` that can be searched, normalised, in order.

    Each run is either Latin letters/digits or Japanese characters; spaces,
    punctuation, symbols and emoji are the separators and are dropped.
    """
    return _TOKEN_RUN.findall(normalize(text))


def compact(text: str) -> str:
    """``text`` normalised with everything but letters, digits and Japanese removed.

    「ペットボトル？」, 「ﾍﾟｯﾄ ﾎﾞﾄﾙ」 and 「ぺっと・ぼとる」 all become 「ぺっとぼとる」:
    residents add spaces and punctuation freely, item names never depend on them.
    """
    return "".join(words(text))


# The vowel each hiragana ends in, for folding long vowels. Small ゃゅょ replace the
# vowel of the kana before them (きゃ ends in a).
_VOWEL_OF = {
    kana: vowel
    for vowel, row in {
        "a": "あかさたなはまやらわがざだばぱぁゃゎ",
        "i": "いきしちにひみりゐぎじぢびぴぃ",
        "u": "うくすつぬふむゆるぐずづぶぷぅゅゔ",
        "e": "えけせてねへめれゑげぜでべぺぇ",
        "o": "おこそとのほもよろをごぞどぼぽぉょ",
    }.items()
    for kana in row
}
# A vowel kana after these vowels is heard as a long vowel: おう and おお are both a
# long o, えい a long e (とうゆ = とーゆ, けいたい = けーたい).
_LENGTHENS = {"a": "あ", "i": "い", "u": "う", "e": "えい", "o": "おう"}
# Modern spelling writes じ/ず where older words keep ぢ/づ (かんづめ, ちぢむ);
# residents type either.
_SAME_SOUND = str.maketrans("ぢづ", "じず")


def phonetic_key(text: str) -> str:
    """A looser key under which spellings that sound alike are equal.

    Applied to already normalised text. Long vowels (ー, おう/おお, えい …) and the
    small っ are dropped and ぢ/づ become じ/ず, so だんぼーる, だんぼおる and
    だんぼる, or ぺっとぼとる and ぺとぼとる, share one key. Too loose to rank an
    exact match by, it catches the way people hear and romanise words.
    """
    folded: list[str] = []
    previous_vowel: str | None = None
    for char in text.translate(_SAME_SOUND):
        if char == "っ":
            continue
        if previous_vowel and (char == "ー" or char in _LENGTHENS[previous_vowel]):
            continue
        folded.append(char)
        previous_vowel = _VOWEL_OF.get(char)
    return "".join(folded)


def is_kanji(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph (or 々): one carries a word's meaning."""
    return "\u4e00" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char == "々"


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

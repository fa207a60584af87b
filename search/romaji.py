"""Romaji to hiragana, for residents who type Japanese words in Latin letters.

A LINE chat on a phone without a Japanese keyboard (visitors, foreign residents, an
old handset) gives "pettobotoru" or "danbo-ru". The table is deliberately small:
Hepburn plus the spellings a Japanese keyboard also accepts (si/shi, ti/chi, tu/tsu,
hu/fu, zi/ji, zya/jya/ja), doubled consonants (っ), n'/nn (ん) and ー for "-".
Anything else (English words, abbreviations such as "pc") is not romaji and gives
None, so the caller matches it as Latin text instead.
"""

import re


_VOWELS = "aiueo"

_ROWS = {
    "": "あいうえお",
    "k": "かきくけこ",
    "s": "さしすせそ",
    "t": "たちつてと",
    "n": "なにぬねの",
    "h": "はひふへほ",
    "m": "まみむめも",
    "r": "らりるれろ",
    "g": "がぎぐげご",
    "z": "ざじずぜぞ",
    "d": "だぢづでど",
    "b": "ばびぶべぼ",
    "p": "ぱぴぷぺぽ",
    "v": ("ゔぁ", "ゔぃ", "ゔ", "ゔぇ", "ゔぉ"),
    "f": ("ふぁ", "ふぃ", "ふ", "ふぇ", "ふぉ"),
    "y": ("や", "い", "ゆ", "いぇ", "よ"),
    "w": ("わ", "うぃ", "う", "うぇ", "を"),
}
# Contracted sounds (拗音): consonant + y + a/u/o → き + ゃ.
_CONTRACTED = {
    "ky": "き",
    "gy": "ぎ",
    "ny": "に",
    "hy": "ひ",
    "by": "び",
    "py": "ぴ",
    "my": "み",
    "ry": "り",
    "sh": "し",
    "sy": "し",
    "ch": "ち",
    "ty": "ち",
    "cy": "ち",
    "j": "じ",
    "jy": "じ",
    "zy": "じ",
    "dy": "ぢ",
}
_SMALL = {"a": "ゃ", "u": "ゅ", "o": "ょ", "e": "ぇ"}
# Hepburn spellings that differ from the row table, and loanword sounds.
_SPECIAL = {
    "shi": "し",
    "chi": "ち",
    "tsu": "つ",
    "ji": "じ",
    "thi": "てぃ",
    "dhi": "でぃ",
    "twu": "とぅ",
}


def _syllables() -> dict[str, str]:
    table: dict[str, str] = {}
    for consonant, kana in _ROWS.items():
        for vowel, syllable in zip(_VOWELS, kana, strict=True):
            table[consonant + vowel] = syllable
    for prefix, kana in _CONTRACTED.items():
        for vowel, small in _SMALL.items():
            table[prefix + vowel] = kana + small
    table.update(_SPECIAL)
    return table


_SYLLABLES = _syllables()
_LONGEST = max(map(len, _SYLLABLES))
# Macrons and circumflexes (tōyu, Ōtake) are long vowels.
_LONG_VOWEL_MARKS = str.maketrans(
    {"ā": "aー", "ī": "iー", "ū": "uー", "ē": "eー", "ō": "oー"}
    | {"â": "aー", "î": "iー", "û": "uー", "ê": "eー", "ô": "oー"}
)
_ROMAJI_TEXT = re.compile(r"[a-z'ー-]+")


def to_hiragana(text: str) -> str | None:
    """The hiragana spelled by ``text`` in romaji, or None if it is not romaji.

    ``text`` should be lower case (``search.text.normalize`` does that). Spaces are
    ignored, so "pettobotoru" and "petto botoru" give the same answer.
    """
    text = "".join(text.translate(_LONG_VOWEL_MARKS).split())
    if not _ROMAJI_TEXT.fullmatch(text):
        return None
    kana: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        following = text[position + 1 : position + 2]
        if char in "-ー":
            kana.append("ー")
            position += 1
            continue
        if char == "n" and (not following or following not in _VOWELS + "y"):
            # n' and nn are ん; so is n before a consonant or at the end. "nn"
            # before a vowel is ん + n… (konnichiwa), as most people mean it.
            kana.append("ん")
            after = text[position + 2 : position + 3]
            skip_second = following == "'" or (
                following == "n" and (not after or after not in _VOWELS + "y")
            )
            position += 2 if skip_second else 1
            continue
        if char == "m" and following in {"b", "p", "m"}:
            # Hepburn writes ん as m before b/p/m (shimbun, tempura).
            kana.append("ん")
            position += 1
            continue
        if char == following and char not in _VOWELS + "'":
            kana.append("っ")
            position += 1
            continue
        if char == "t" and following == "c":
            kana.append("っ")  # matcha, kotchi
            position += 1
            continue
        for length in range(min(_LONGEST, len(text) - position), 0, -1):
            syllable = _SYLLABLES.get(text[position : position + length])
            if syllable:
                kana.append(syllable)
                position += length
                break
        else:
            return None
    return "".join(kana)

"""Finding an item inside a resident's sentence: 「台所で使った天ぷら油を捨てたいんですけど…」.

The analyser (``search.readings.analyse``) splits the sentence into words; runs of nouns
(joined by の) are looked up whole, as typed, in their normalised spelling (蒲団 → 布団)
and by reading. A run that is only part of a longer noun (傘|立て, 電子|辞書, 服|の|直し方)
is a near miss: offered, never answered.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
import re

from .phrases import is_question_word
from .readings import Word, analyse
from .text import is_kanji, normalize, words


_MARKUP = re.compile(r"<[^>]*>")
_LATIN_WORD = re.compile(r"[a-z0-9'ー-]+")
_LONGEST_RUN = 7
"""Words in one item name at most (ペットボトル|の|キャップ is three)."""


# Hepburn long vowels: tōyu is とうゆ, sutōbu すとーぶ (NFKC keeps ō one letter,
# which the word pattern would split on).
_MACRONS = str.maketrans(
    {
        **dict.fromkeys("āâ", "aa"),
        **dict.fromkeys("īî", "ii"),
        **dict.fromkeys("ūû", "uu"),
        **dict.fromkeys("ēê", "ee"),
        **dict.fromkeys("ōô", "ou"),
    }
)


def unmacron(text: str) -> str:
    return text.translate(_MACRONS).translate(str.maketrans("ĀÂĪÎŪÛĒÊŌÔ", "AAIIUUEEOO"))


@dataclass(frozen=True, slots=True)
class Span:
    """Words ``start:end`` of the sentence name the items ``keys`` (under ``key``)."""

    start: int
    end: int
    key: str
    keys: list[int]
    near_miss: bool = False


def item_spans(
    query: str,
    lookup: Callable[[str], list[int]],
    starting: Callable[[str], set[int]] = lambda text: set(),
    narrows: Callable[[list[int], list[int]], bool] = lambda front, head: (
        set(front) <= set(head)
    ),
) -> list[Span]:
    """The runs of ``query`` that name items (``lookup(key)`` → item keys), longest first.

    A run inside a longer matching run is dropped (ペットボトル in ペットボトルのキャップ).
    ``starting(text)`` gives the items with a name, alias or reading that starts with
    ``text`` (for a name typed in kana that goes on: けいたい|でん is still 携帯電話).
    ``narrows(front, head)`` says whether an item word stuck to the front of another
    only narrows it (see ``_in_front_of_another_item``).
    """
    sentence = query_words(query)
    found: list[Span] = []
    for start, first_word in enumerate(sentence):
        if not first_word.is_content:
            continue
        for end in range(start + 1, min(len(sentence), start + _LONGEST_RUN) + 1):
            last = sentence[end - 1]
            if not last.is_content:
                if last.is_no:
                    continue
                break
            for key in span_keys(sentence[start:end]):
                if len(key) < 2 and not is_kanji(key):
                    continue
                keys = lookup(key)
                if keys:
                    found.append(Span(start, end, key, keys))
                    break
    found.sort(key=lambda span: (-(span.end - span.start), -len(span.key), span.start))
    kept: list[Span] = []
    for span in found:
        if not any(k.start <= span.start and span.end <= k.end for k in kept):
            kept.append(span)
    starts = {span.start for span in kept}
    in_front = _in_front_of_another_item(kept, narrows)
    latin = bool(sentence) and all(word.surface.isascii() for word in sentence)
    ends = frozenset(span.end for span in kept)
    return [
        Span(
            span.start,
            span.end,
            span.key,
            span.keys,
            near_miss=_modifies_next(sentence, span.end, starts)
            or (
                _modified_in_english(sentence, span, kept, narrows)
                if latin
                else _modified(sentence, span.start, ends)
            )
            or (latin and span.end in starts)
            or id(span) in in_front
            or _runs_on(sentence, span, starting),
        )
        for span in kept
    ]


# English words that say what state a thing is in, not what thing it is: an "old tv"
# is a tv, a "broken umbrella" an umbrella.
_ENGLISH_STATES = frozenset(
    (
        *("old", "broken", "used", "empty", "dirty", "clean", "dead", "worn", "torn"),
        *("cracked", "damaged", "small", "big", "large", "little", "greasy", "wet"),
        *("my", "our", "the", "a", "an", "this", "these", "some", "unused", "spent"),
        *("leftover", "expired", "rusty", "bent", "ripped", "stained", "unwanted"),
    )
)


def _modified_in_english(
    words: Sequence[Word],
    span: Span,
    spans: Sequence[Span],
    narrows: Callable[[list[int], list[int]], bool],
) -> bool:
    """Whether an English item word is the end of a longer compound ("gas stove").

    English puts the thing last, so the word in front only says which: a state word
    ("old tv") leaves the item, and an item word in front that narrows it
    ("styrofoam tray": both plastic) makes it the thing; any other noun in front
    (a "paper cup", a "soy sauce bottle") may make it another thing.
    """
    if span.start == 0:
        return False
    word = words[span.start - 1]
    if word.surface in _ENGLISH_STATES or is_question_word(word.surface):
        return False
    front = next((other for other in spans if other.end == span.start), None)
    if front is not None:
        return not narrows(front.keys, span.keys)
    return True


def _in_front_of_another_item(
    spans: Sequence[Span], narrows: Callable[[list[int], list[int]], bool]
) -> set[int]:
    """The ``id``s of item words stuck to the front of another item word.

    A Japanese compound names its last noun: パソコン|デスク is a desk, 布団|乾燥機 a
    dryer, 布団|ばさみ a clip -- a kind of the second word, not the first item and not
    always the second one either, so both are offered and neither is answered (the
    second is a near miss already: a noun stands in front of it). A front word that
    only narrows the second (プロパンガス|ボンベ is that ボンベ; こたつ|ぶとん goes out
    with the こたつ) is still answered.
    """
    starting = {span.start: span for span in spans}
    return {
        id(span)
        for span in spans
        if (head := starting.get(span.end)) is not None
        and not narrows(span.keys, head.keys)
    }


def query_words(query: str) -> list[Word]:
    """The words of a query: the analyser's for Japanese, plain words for Latin text."""
    text = _MARKUP.sub(" ", query)
    if all(run[0].isascii() for run in words(text) or ["a"]):
        found = []
        for word in _LATIN_WORD.findall(normalize(unmacron(text))):
            found.append(Word(word, word, word, "名詞"))
        return found
    return list(analyse(text))


def _modifies_next(words: Sequence[Word], end: int, starts: set[int]) -> bool:
    """Whether the run ending at ``end`` describes a following noun (傘|立て, 服|の|直し方).

    A following word about disposal (処分, 出し方) or another item is no such noun.
    """
    following = end
    while following < len(words) and words[following].is_no:
        following += 1
    if following >= len(words) or following in starts:
        return False
    if following == end and words[following].spaced:
        return False  # 「ﾀﾞﾝﾎﾞｰﾙ 大量」: the resident typed two words
    word = words[following]
    if _how_to(words, following):
        # 服の直し方 asks how to mend it, 布団の干し方 how to air it: not about
        # putting it out, unless the verb is a step of that (捨て方, たたみ方).
        return word.normalized not in _DISPOSAL_VERBS
    if word.pos == "接尾辞" or (_is_kana(word.surface) and word.pos == "動詞"):
        # 電池|類 and ペットボトル|用 are still the item; 電池|入れ and 傘|置き hold it
        # (in kana the analyser may call いれ a verb: かいろ|いれ).
        if word.surface in _HOLDER_SUFFIXES or word.normalized in _HOLDER_SUFFIXES:
            return True
        if word.pos == "接尾辞":
            return False
    if word.pos == "動詞" and following > end and _is_kana(word.surface):
        # After の comes a noun: a kana "verb" there is one the analyser misread
        # (つくえ|の|ひきだし is 引き出し, なべ|の|とっ|て 取っ手) -- unless it is a
        # step of putting the item out (ぺっとぼとるのすてる…).
        return word.normalized not in _DISPOSAL_VERBS and not is_question_word(
            word.surface
        )
    # 段ボール|の|日 asks its day: 「の日」 is a question phrase, not a noun it describes.
    asked = is_question_word(word.surface) or (
        following > end and is_question_word("の" + word.surface)
    )
    return word.is_content and not asked


# Suffixes that turn an item's name into another thing: one that holds or handles it
# (a case, a stand, a tool: 電池入れ, 傘置き, タオル掛け, 缶切り) or a material, agent or
# device named after it (クッション材, 乾燥剤, 加湿器) -- not the item.
_HOLDER_SUFFIXES = frozenset(
    normalize(suffix)
    for suffix in (
        *("入れ", "いれ", "置き", "おき", "掛け", "かけ", "立て", "たて", "受け"),
        *("敷き", "差し", "挟み", "ばさみ", "止め", "どめ", "吊り", "干し", "拭き"),
        *("取り", "とり", "切り", "きり", "袋", "箱", "台", "棚", "皿", "ケース"),
        *("材", "剤", "器", "機", "具"),
    )
)


# Verbs (dictionary form, as the analyser normalises them) whose 「〜方」 is a question
# about disposal or the steps before it.
_DISPOSAL_VERBS = frozenset(
    normalize(verb)
    for verb in (
        *("捨てる", "棄てる", "出す", "処分", "分ける", "分別", "片付ける", "始末"),
        *("ほかす", "放る", "投げる", "ぶちゃる", "引き取る", "回収", "収集", "運ぶ"),
        *("畳む", "縛る", "束ねる", "潰す", "洗う", "濯ぐ", "外す", "剥がす", "包む"),
        *("切る", "折る", "抜く", "乾かす", "固める", "解体", "空ける", "使い切る"),
    )
)


def _how_to(words: Sequence[Word], position: int) -> bool:
    """Whether words at ``position`` are a verb and 方 (直し|方): "how to ..."."""
    return (
        words[position].pos == "動詞"
        and position + 1 < len(words)
        and words[position + 1].normalized == "方"
    )


# Particles that may follow an item's name directly (かさは…, ぺっとぼとるって…).
_AFTER_A_NAME = frozenset(
    normalize(word)
    for word in (
        *("は", "が", "を", "も", "の", "って", "と", "や", "とか", "に", "で", "へ"),
        *("から", "など", "なら", "ってさ", "なんか", "か", "ね", "よ"),
    )
)


_BOUND_POS = frozenset({"助詞", "助動詞", "接尾辞"})


def _is_kana(text: str) -> bool:
    return bool(text) and all("\u3041" <= c <= "\u309f" or c == "ー" for c in text)


def _runs_on(
    words: Sequence[Word], span: Span, starting: Callable[[str], set[int]]
) -> bool:
    """Whether a name typed in kana runs on into kana that is no word after a name.

    The analyser splits unknown kana badly: ほんだな is ほん|だ|な, てれびだい is
    てれび|だ|い, かさたて is かさ|たて -- a longer word (本棚, テレビ台, 傘立て), not
    本 or テレビ (unless the kana go on into the same item's name: けいたいでん).
    Only kana the analyser calls a particle, auxiliary or suffix count
    (だ|い, べ, たて); a particle that may follow a name (かさは), a question phrase
    (…ですか) or any other word (べびーかーもう…, …こわれた) does not.
    """
    end = span.end
    if end == 0 or end >= len(words):
        return False
    last, following = words[end - 1], words[end]
    if not (_is_kana(last.surface) and _is_kana(following.surface)):
        return False
    if following.pos not in _BOUND_POS or following.surface in _AFTER_A_NAME:
        return False
    if starting(span.key + following.surface) & set(span.keys):
        return False  # けいたい|でん… goes on into 携帯電話's own reading
    tail = "".join(word.surface for word in words[end:] if _is_kana(word.surface))
    return not (is_question_word(following.surface) or is_question_word(tail))


def _modified(
    words: Sequence[Word], start: int, item_ends: frozenset[int] = frozenset()
) -> bool:
    """Whether a noun is stuck to the front of the run (電子|辞書): a longer word."""
    if start == 0 or words[start].spaced and start not in item_ends:
        return False  # 「古い ﾃﾚﾋﾞ」; but 「ｷｬｯﾌﾟ ﾍﾟｯﾄﾎﾞﾄﾙ」 names two things
    word = words[start - 1]
    return word.pos in {"名詞", "代名詞"} and not is_question_word(word.surface)


def span_keys(run: Sequence[Word]) -> Iterator[str]:
    """The keys a run of words may be indexed under, most literal first."""
    content = [word for word in run if not word.is_no]
    yield "".join(word.surface for word in run)
    if len(content) < len(run):
        yield "".join(word.surface for word in content)
    yield "".join(word.normalized for word in run)
    yield "".join(word.reading for word in run)
    if run[-1].surface.isascii() and run[-1].surface.endswith("s"):
        yield "".join(word.surface for word in run)[:-1]

"""The question around an item in a chat message: 「ペットボトルは何ごみですか？」.

Residents rarely send a bare item name. These phrases are cut from the end (and a few
from the start) of the normalised, compacted query (``search.text.compact``) until
the item is left. The lists are ordinary Japanese, not tuned to our items; the caller
passes ``is_known`` so that a name which happens to end like a phrase keeps it.
"""

from collections.abc import Callable, Iterator
import re

from .text import compact


def _phrases(*texts: str) -> tuple[str, ...]:
    """Normalised phrases, longest first so the longest one is stripped."""
    return tuple(sorted({compact(text) for text in texts}, key=len, reverse=True))


# What residents write after the item. Stripped repeatedly from the end (「ペットボトル
# は何ごみですか」 → 「ペットボトルは何ごみ」 → 「ペットボトル」), stopping as soon as the
# rest is a known name, so an item that ends like a phrase keeps its name.
_TRAILING_PHRASES = _phrases(
    *("は", "って", "を", "も", "が", "の", "ってさ", "とか", "など", "って何"),
    *("ですか", "でしょうか", "ますか", "んですか", "のですか", "なの", "なんですか"),
    *("ください", "下さい", "教えて", "おしえて", "お願いします", "おねがいします"),
    *("について", "なんですけど", "なんですが", "なんだけど", "ですけど", "ですが"),
    *("だけど", "けど", "かな", "かしら", "よね", "何", "なに", "って何ごみ"),
    *("何ごみ", "なにごみ", "なんごみ", "何のごみ", "なんのごみ", "何ごみの日"),
    *("何曜日", "なんようび", "何曜", "いつ", "どこ", "どこに", "どこへ", "どっち"),
    *("どうする", "どうすれば", "どうすればいい", "どうしたら", "どうしたらいい"),
    *("どうやって", "どう", "どうやって捨てる", "どうやってすてる", "どうやって出す"),
    *("捨てる", "すてる", "捨てれる", "捨てられる", "捨てたい", "すてたい"),
    *("捨て方", "すてかた", "捨てかた", "捨てていい", "すてていい", "捨てます"),
    *("出す", "だす", "出せる", "だせる", "出したい", "だしたい", "出していい"),
    *("出し方", "だしかた", "出す日", "だすひ", "出します", "だします"),
    *("処分", "しょぶん", "処分したい", "処分方法", "処分の仕方", "処分する"),
    *("分別", "ぶんべつ", "分別方法", "分け方", "わけかた", "分類", "ぶんるい"),
    *("仕方", "しかた", "やり方", "やりかた", "方法", "ほうほう", "ルール"),
    *("ごみの日", "ごみのひ", "収集日", "しゅうしゅうび", "回収", "かいしゅう"),
    *("燃える", "もえる", "燃えない", "もえない", "燃やせる", "もやせる"),
    *("燃やせない", "もやせない", "燃えるごみ", "燃えないごみ", "資源ごみ"),
    *("ごみ出し", "ごみだし", "ごみとして", "として", "の日", "のひ"),
    *("粗大ごみ", "可燃ごみ", "不燃ごみ", "燃やせるごみ", "燃やせないごみ"),
    *("んですが", "んですけど", "んだけど", "んですか", "のですが", "いいですか"),
    *("いい", "いいの", "ですかね", "でしょう", "です", "だよね"),
    *("出すの", "だすの", "捨てるの", "すてるの", "出せるの", "捨てれるの", "するの"),
    *("出せば", "だせば", "捨てれば", "すてれば", "捨てたら", "出したら"),
    *("してもらえ", "してもらえる", "もらえる", "できる", "できます", "引き取り"),
)
# What residents write before the item: greetings, and words that say the thing is
# old or broken (which does not change how it is sorted).
_LEADING_PHRASES = _phrases(
    *("すみません", "すいません", "あの", "あのー", "えっと", "えーと", "ちょっと"),
    *("質問です", "質問", "教えて", "おしえて", "ください", "こんにちは"),
    *("古い", "ふるい", "古くなった", "壊れた", "こわれた", "割れた", "われた"),
    *("いらない", "要らない", "いらなくなった", "不要な", "不要になった"),
    *("使わない", "使わなくなった", "使い終わった", "使用済みの", "使用済み"),
    *("中古の", "うちの", "家の", "空の", "からの", "大量の", "たくさんの"),
)
# A romaji question ends with particles typed as separate words: "pettobotoru wa?".
ROMAJI_PARTICLES = frozenset(
    {"wa", "ha", "tte", "wo", "o", "desuka", "desu", "ka", "nani", "nanigomi"}
)
_STANDALONE_PARTICLES = frozenset({"は", "も"})


_MAX_CUTS = 8

_QUESTION_WORDS = frozenset(_TRAILING_PHRASES) | frozenset(_LEADING_PHRASES)


def is_question_word(word: str) -> bool:
    """Whether a word of a sentence is about disposal, not a thing (処分, 出し方)."""
    return compact(word) in _QUESTION_WORDS


def strip_question(text: str, is_known: Callable[[str], bool]) -> str:
    """``text`` (already compacted) without the question phrases around the item.

    Cuts stop as soon as ``is_known(text)`` says the rest is a name, reading or alias.
    """
    for phrases, strip in (
        (_TRAILING_PHRASES, _strip_trailing),
        (_LEADING_PHRASES, _strip_leading),
    ):
        previous_cut = 0
        for _ in range(_MAX_CUTS):
            if is_known(text):
                return text
            candidates = [
                rest
                for rest in strip(text, phrases)
                if _may_cut(text, rest, previous_cut)
            ]
            if not candidates:
                break
            # Prefer the cut that leaves a known name (生ごみの日 → 生ごみ, not
            # 生 + ごみの日); otherwise cut the longest phrase.
            shorter = next(
                (rest for rest in candidates if is_known(rest)), candidates[0]
            )
            previous_cut = len(text) - len(shorter)
            text = shorter
    return text


def _may_cut(text: str, rest: str, previous_cut: int) -> bool:
    """Whether a one-kana particle may be cut from ``text`` to leave ``rest``.

    Particles sit between words: after a phrase was cut (傘の|出し方) any one may
    go; at the very end of a message only は/も are usual (ペットボトルは); never two
    in a row, which would eat a word's own kana (せともの is not せと+も+の).
    """
    if len(text) - len(rest) > 1:
        return True
    if previous_cut > 1:
        return True
    cut = text[len(rest) :]  # only trailing phrases are one kana long
    return previous_cut == 0 and cut in _STANDALONE_PARTICLES


def _strip_trailing(text: str, phrases: tuple[str, ...]) -> Iterator[str]:
    """``text`` without each phrase it ends with, longest phrase first."""
    for phrase in phrases:
        if len(text) > len(phrase) and text.endswith(phrase):
            yield text[: -len(phrase)]


def _strip_leading(text: str, phrases: tuple[str, ...]) -> Iterator[str]:
    """``text`` without each phrase it starts with, longest phrase first."""
    for phrase in phrases:
        if len(text) > len(phrase) and text.startswith(phrase):
            yield text[len(phrase) :]


# 「卵が入っていたパック」 is 卵のパック, 「ご飯を入れてた容器」 ご飯の容器: what was in a
# container only says which container it is.
_CONTENTS_OF = re.compile(
    r"(?:が|の|を)(?:入|はい|い)[っれ]て(?:い|ま)?(?:た|る|した)(?=\S)"
)
# 「ペットボトルについているラベル」 is its ラベル: what is on a thing, said with の.
_ATTACHED_TO = re.compile(
    r"に(?:つ|付)いて(?:い)?(?:る|た)(?=\S)|に(?:つ|付)いた(?=\S)"
)
# 「通販の箱に入ってたプチプチ」: the thing is what was in the box, not the box.
_HELD_IN = re.compile(r"^.+?に(?:入|はい)って(?:い)?(?:た|る)(?=\S)")
# 「ジャムの空き瓶」 is ジャムの瓶: 空き says the container is empty, not which it is.
_EMPTY = re.compile(r"の空き(?=[袋容箱瓶びん缶パ])")
# 「固まるタイプの猫砂」 is a 固まる猫砂.
_KIND_OF = re.compile(r"(?<=\S)タイプの(?=\S)")


def contents_as_of(text: str) -> str:
    """``text`` with 「Aが入っていたB」 and 「Aの空きB」 said as 「AのB」."""
    text = _HELD_IN.sub("", text, count=1)
    text = _CONTENTS_OF.sub("の", text)
    text = _KIND_OF.sub("", text)
    text = _ATTACHED_TO.sub("の", text)
    return _EMPTY.sub("の", text)


# Words residents use for any food container: 「肉のパック」 is the guide's 肉のトレー,
# 「惣菜のパック」 its 惣菜の容器, 「ヨーグルトの容器」 its ヨーグルトのカップ.
# 「プリンのカラ」: the empty one (空), the container itself -- in katakana only, as
# 「卵のから」 is its shell (殻).
CONTAINER_WORDS = (
    "容器",
    "パック",
    "カップ",
    "トレー",
    "ケース",
    "カラ",
    "入れ物",
    "いれもの",
)
EMPTY_ONE = "カラ"
_CONTAINER = re.compile(r"の(" + "|".join(CONTAINER_WORDS) + ")")
# 「お弁当」 is the guide's 弁当: the polite お/ご before a kanji word.
_POLITE = re.compile(r"(?:(?<=^)|(?<=[^\u3041-\u309f]))[おご](?=[\u4e00-\u9fff])")


def other_wordings(
    text: str, is_shared: Callable[[str], bool] = lambda front: False
) -> list[tuple[str, str]]:
    """``text`` without a polite お, and with its container said in the other words.

    Each wording comes with the words an answer to it must hold ("" for none): the
    thing before の and the container word put in (肉のトレー), since a container word
    alone names another item (マヨネーズのトレー is no 食品トレイ). A thing that comes
    in containers of several categories (``is_shared``: ジュース is sold in cans,
    bottles and cartons) says nothing about which container it was, so its container
    is not said in other words (「ジュースの空き容器」 is no ジュースのパック).
    """
    plain = _POLITE.sub("", text)
    wordings = [(plain, "")] if plain != text else []
    for base in dict.fromkeys((text, plain)):
        found = _CONTAINER.search(base)
        if found is None:
            continue
        front = re.search(r"[^\u3041-\u309f]+$", base[: found.start()])
        if front is None or is_shared(front.group()):
            continue
        for word in CONTAINER_WORDS:
            if word != found.group(1) and word != EMPTY_ONE:
                start, end = found.span(1)
                wordings.append(
                    (base[:start] + word + base[end:], front.group() + word)
                )
    return wordings


# Hiroshima and older ways of asking, said the standard way so the phrases above and
# the analyser read them: 「瀬戸もんがめげたんじゃけど」 is 「…が壊れたんだけど」, 「燃える
# ごみでええかいの」 「…でいいですか」 (the analyser reads かい as a noun: 貝), 「どがぁする」
# 「どうする」, 「出しゃええん」 「出せばいいの」. Only whole phrases after a word: a bare
# かい (貝) or ええ is left alone.
_DIALECT = tuple(
    (re.compile(pattern), standard)
    for pattern, standard in (
        (
            r"(?<=\S)(?:かいのう|かいの|かいな|かいね|かのう)(?=[?？!！。、\s]*$)",
            "ですか",
        ),
        (r"(?<=\S)(?:じゃろうか|じゃろか)(?=[?？!！。、\s]*$)", "だろうか"),
        (r"いけん(?:よう|ように|く)?なって(?:しもうた|しまった|しもた)", "壊れた"),
        (r"いけん(?:よう|ように|く)?なった", "壊れた"),
        (r"めげ(?:て(?:しもうた|しまった|しもた)|た|とる|てる|ちゃった)", "壊れた"),
        (r"(?<=\S)て(?:しもうた|しもた)", "てしまった"),
        (r"(?<=\S)(?:しとる|しよる)", "している"),
        (r"どが[ぁあい]", "どう"),
        (r"出しゃ", "出せば"),
        (r"捨てりゃ", "捨てれば"),
        (r"ええん(?:かの|か|じゃろか)?(?=[?？!！。、\s]*$)", "いいの"),
        (r"(?<=[ばらでも])ええ(?=(?:ですか)?[?？!！。、\s]*$)", "いい"),
        (r"んじゃけど|んじゃけえ|んじゃが", "んだけど"),
        (r"(?<=\S)じゃけど|(?<=\S)じゃけえ", "だけど"),
        (r"(?:(?<=^)|(?<=[^\u3041-\u309f]))ようけ(?:ある|出た|でた)", "たくさんの"),
        (r"わからん", "わからない"),
    )
)


def standard_wording(text: str) -> str:
    """``text`` with Hiroshima and older question phrases said the standard way."""
    for pattern, standard in _DIALECT:
        text = pattern.sub(standard, text)
    return text

"""Questions that are not about one item: days, shelters, disaster information.

「燃やせるごみはいつ？」, 「明日のごみは？」, 「今週のプラ」, 「開いている避難所」 are
recognised in the resident's own words and answered like the menu tap. Category names
are data (``CategoryWords``: the guide's categories), so nothing here knows Otake's
categories; the words below are ordinary Japanese.
"""

from collections.abc import Sequence
from dataclasses import dataclass
import re

from .phrases import standard_wording
from .readings import analyse
from .romaji import to_hiragana
from .sentence import unmacron
from .text import compact, fold_accents, has_accents, normalize


@dataclass(frozen=True, slots=True)
class CategoryWords:
    """A garbage category as the resident may name it: its slug and display name."""

    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Intent:
    kind: str
    """"garbage_today", "garbage_tomorrow", "garbage_schedule", "garbage_day",
    "shelters" or "disaster"."""
    category: str = ""
    """For "garbage_day": the category's key."""

    @property
    def label(self) -> str:
        short = {
            "garbage_today": "today",
            "garbage_tomorrow": "tomorrow",
            "garbage_schedule": "schedule",
            "shelters": "shelter",
            "disaster": "disaster",
        }
        if self.kind == "garbage_day":
            return f"day:{self.category}"
        return short[self.kind]


def _words(*texts: str) -> tuple[str, ...]:
    return tuple(sorted({compact(text) for text in texts}, key=len, reverse=True))


_GARBAGE = _words("ごみ", "ゴミ", "gomi", "garbage", "trash", "rubbish")
_TODAY = _words("今日", "きょう", "本日", "今朝", "けさ", "kyou", "today")
_TOMORROW = _words("明日", "あした", "あす", "ashita", "tomorrow")
_WHEN = _words(
    *("いつ", "何曜", "なんよう", "曜日", "収集日", "回収日", "しゅうしゅうび"),
    *("の日", "のひ", "今週", "こんしゅう", "来週", "らいしゅう", "次の", "つぎの"),
    # The IME's slip for ごみの日: 「燃えるごみの火」.
    "の火",
    *("カレンダー", "予定", "出せる日", "出す日", "収集日程", "日程", "スケジュール"),
    *("when", "schedule", "day"),
)
# 「今日は何を出せばいい？」, 「明日は何を出す日ですか」: what goes out that day, in the
# verb instead of ごみ.
_PUT_OUT = _words("出せば", "出す", "出せる", "だす", "だせば", "出しても", "出して")
_ASKING = _words(
    *("いいですか", "いいの", "いい", "ですか", "でしょうか", "です", "だっけ", "っけ"),
    "って",
    "んだ",
    *("ん", "の", "を", "に", "は", "が", "日", "ひ"),
)
# 「明日の収集は？」, 「ごみ収集の曜日」: the collection itself named instead of ごみ.
_COLLECTION = _words("収集", "回収", "しゅうしゅう", "かいしゅう")
_WHAT = _words("何ですか", "なんですか", "何", "なに", "なん", "ある", "あります", "か")
# 「何ごみの日？」 asks which category a thing is in, not when.
# 「きょうはなにのひ」: which day it is for the garbage.
_WHAT_DAY = _words("何の日", "なにのひ", "なんのひ", "何ごみの日", "なにごみのひ")
_WHICH = _words("何ごみ", "なにごみ", "なんごみ", "何の", "どの", "どっち", "どれ")
_SCHEDULE_ALONE = _words(
    *("ごみ", "ごみの日", "ごみのひ", "ごみカレンダー", "収集日", "回収日"),
    *("しゅうしゅうび", "かいしゅうび"),
    *("ごみの収集日", "ごみの日程", "ごみ出しの日", "今週のごみ", "来週のごみ"),
    *("garbage day", "garbage calendar", "collection day", "trash day", "gomi no hi"),
    *("garbage days", "collection days", "trash days", "collection schedule"),
    *("garbage collection schedule", "trash collection schedule", "garbage schedule"),
    # Portuguese and Vietnamese (searched without accents: calendário, lịch đổ rác).
    *("calendario do lixo", "calendario de lixo", "dia do lixo", "dia de lixo"),
    *("dia da coleta", "coleta de lixo", "lich do rac", "lich thu gom rac"),
    *("ngay do rac", "ngay thu gom rac"),
)
_SHELTER = _words(
    *("避難所", "避難場所", "避難先", "ひなんじょ", "ひなんばしょ", "hinanjo"),
    # The IME's other 避難所 (非難: blame), and wanting to go: 「台風で避難したい」.
    *("非難所", "非難場所", "避難したい", "ひなんしたい", "避難する", "避難します"),
    *("shelter", "evacuation center", "evacuation centre", "evacuation site"),
    "evacuation area",
)
# 「どこに避難すればいい？」, 「大雨のとき逃げる場所」 ask for a place to go, like 避難所.
_EVACUATE = _words("避難", "ひなん", "逃げる", "逃げれる", "にげる", "逃げ")
_WHERE = _words("どこ", "何処", "場所", "ところ", "とこ", "開いて", "あいて", "近く")
_DISASTER = _words(
    *("防災情報", "災害情報", "防災", "災害", "警報", "注意報", "避難指示"),
    *("避難情報", "緊急安全確保", "高齢者等避難", "警戒レベル"),
    # The same typed in kana, as older residents do (only the compounds: ぼうさい
    # alone is also the front of ぼうさいずきん).
    *("さいがいじょうほう", "ぼうさいじょうほう", "ひなんじょうほう", "ひなんしじ"),
    # The danger itself, which only a disaster question names: 「川が増水しとる」.
    *("増水", "氾濫", "冠水", "浸水", "土砂崩れ", "がけ崩れ", "崖崩れ"),
    *("disaster", "emergency information", "evacuation order"),
)
_DISASTER_TOPIC = _words("台風", "地震", "大雨", "津波", "洪水", "土砂災害", "雨")
_INFO = _words("情報", "状況", "出てる", "出ている", "出て", "発表", "教えて", "警報")
# Everyday names of categories (燃えるごみ for 燃やせるごみ), mapped to a word of the
# official name.
_CATEGORY_WORDS = {
    compact(word): compact(official)
    for word, official in (
        ("燃える", "燃やせる"),
        ("もえる", "燃やせる"),
        ("可燃", "燃やせる"),
        ("燃えない", "燃やせない"),
        ("もえない", "燃やせない"),
        # Hiroshima's negative: 燃えん, もえん (= 燃えない).
        ("燃えん", "燃やせない"),
        ("もえん", "燃やせない"),
        ("ふるがみ", "古紙"),
        ("不燃", "燃やせない"),
        ("埋め立て", "埋立"),
        ("うめたて", "埋立"),
        ("non-burnable", "燃やせない"),
        ("nonburnable", "燃やせない"),
        ("unburnable", "燃やせない"),
        ("burnable", "燃やせる"),
        ("plastic", "プラスチック"),
        ("combustible", "燃やせる"),
        ("プラ", "プラスチック"),
        ("ぷら", "プラスチック"),
        ("ペット", "ペットボトル"),
        ("びん", "びん"),
        ("瓶", "びん"),
        ("カン", "缶"),
        ("かん", "缶"),
        ("電池", "乾電池"),
    )
}
# What is left of 「うちの地区のごみ出しの予定を見せてください」 once the schedule words
# are gone: the resident's own 地区 and polite request words, nothing about a category.
_FILLER = _words(
    *("ごみ出し", "ごみだし", "出し", "だし", "うちの", "家の", "うち", "地区", "地域"),
    *(
        "教えてください",
        "教えて",
        "おしえて",
        "見せて",
        "みせて",
        "知りたい",
        "しりたい",
        "見たい",
        "みたい",
    ),
    *("ですか", "ください", "下さい", "お願いします", "は", "を", "の", "って"),
    *("一覧", "表", "いちらん", "ひょう", "what", "is", "the", "が"),
    # 「…のか一覧で教えていただけますか」: the politest request.
    *("教えていただけますか", "おしえていただけますか", "いただけますか", "のか", "で"),
    *("全部", "ぜんぶ", "全て", "すべて"),
    # 「ごみの出す日がわからん」: not knowing is no category.
    *("わからない", "分からない", "わかりません", "知らない", "忘れた"),
)
_PART = re.compile(r"[・/／（）()、,]")


def _has(text: str, words: Sequence[str]) -> bool:
    return any(word in text for word in words)


def _category_parts(category: CategoryWords) -> list[str]:
    parts = []
    for part in _PART.split(normalize(category.name)):
        part = compact(part)
        if part.endswith("など"):
            part = part[: -len("など")]
        # The leading kana run of a compound name (ぷらすちっく|製容器包装).
        leading = re.match(r"[\u3041-\u309f\u30fc]{3,}", part)
        for form in (
            part,
            part.removesuffix("ごみ"),
            leading.group() if leading else "",
        ):
            # 「もやせるごみのひ」, 「きけんごみはいつ」: the name typed in kana.
            reading = "".join(word.reading for word in analyse(form))
            for spelling in (form, reading if len(reading) >= 3 else ""):
                if len(spelling) >= 1 and spelling not in parts:
                    parts.append(spelling)
    return parts


def category_named(text: str, categories: Sequence[CategoryWords]) -> str:
    """The key of the category ``text`` names (燃えるごみ → moyasu), or ""."""
    folded = text
    for word, official in sorted(_CATEGORY_WORDS.items(), key=lambda w: -len(w[0])):
        if word in folded and official not in folded:
            folded = folded.replace(word, official)
    best = ("", 0)
    for category in categories:
        for part in _category_parts(category):
            long_enough = len(part) >= 2 or part in {"缶", "瓶"}
            if long_enough and part in folded and len(part) > best[1]:
                best = (category.key, len(part))
    return best[0]


def _made_of(text: str, *word_lists: Sequence[str]) -> bool:
    """Whether ``text`` splits wholly into words of ``word_lists``.

    A split, not a removal of each word in turn: in 「ごみの日程表」 the words の日 and
    日程 overlap, and which one a removal took first would depend on set order (the
    process's hash seed).
    """
    vocabulary = {word for words in word_lists for word in words if word}
    lengths = sorted({len(word) for word in vocabulary}, reverse=True)
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(
            size <= end
            and reachable[end - size]
            and text[end - size : end] in vocabulary
            for size in lengths
        )
    return reachable[-1]


def _asks_collection(query: str, day: Sequence[str]) -> bool:
    """「明日のごみ」, 「今日出せるもの」, or 「明日の収集は何ですか」 with nothing else in it
    (「明日、冷蔵庫の回収に来てもらえますか」 asks about an item, not the day)."""
    if _has(query, _GARBAGE) or "出せる" in query:
        return True
    if _made_of(query, day, _WHAT_DAY, _ASKING):
        return True
    if _has(query, _PUT_OUT) and _made_of(query, day, _PUT_OUT, _WHAT, _ASKING):
        return True
    return _has(query, _COLLECTION) and _made_of(
        query, day, _COLLECTION, _WHAT, _FILLER
    )


def recognise_intent(
    text: str, categories: Sequence[CategoryWords] = ()
) -> Intent | None:
    """What ``text`` asks if it is a question about days, shelters or disasters."""
    if has_accents(unmacron(text)):
        text = fold_accents(text)  # 「calendário do lixo」: no romaji has á
    said = standard_wording(text)
    found = _recognise(compact(said), categories)
    clauses = [clause for clause in _CLAUSE.split(said) if compact(clause)]
    if found is None and len(clauses) > 1 and len(compact(said)) > 40:
        # 「母が入院しているので代わりに聞きますが、…燃やせるごみの日はいつですか」: a
        # long message asks in its last clause; what comes before says why.
        found = _recognise(compact(clauses[-1]), categories)
    plain = unmacron(text)
    if found is None and plain.isascii():
        # Romaji (「moyaseru gomi itsu」, 「bōsai jōhō」): the same words in kana.
        kana = to_hiragana(compact(plain))
        if kana:
            found = _recognise(kana, categories)
    return found


_CLAUSE = re.compile(r"[、。,.!?！？]+")


def _recognise(query: str, categories: Sequence[CategoryWords]) -> Intent | None:
    if not query or len(query) > 40:
        return None
    if _has(query, _SHELTER) or (_has(query, _EVACUATE) and _has(query, _WHERE)):
        return Intent("shelters")
    if query in _DISASTER or (
        _has(query, _DISASTER) or (_has(query, _DISASTER_TOPIC) and _has(query, _INFO))
    ):
        return Intent("disaster")
    if query in _SCHEDULE_ALONE:
        return Intent("garbage_schedule")
    if _has(query, _TOMORROW) and _asks_collection(query, _TOMORROW):
        return Intent("garbage_tomorrow")
    if _has(query, _TODAY) and _asks_collection(query, _TODAY):
        return Intent("garbage_today")
    if not _has(query, _WHEN):
        return None
    if _has(query, _WHICH):
        # 「何曜日に何ごみ出すんだっけ」: which category goes on which day -- the
        # whole schedule; with an item in it (「テレビは何ごみの日」) it is the item's.
        # 「今週何ごみがある？」 lists them too.
        listed = _made_of(
            query, _WHICH, _WHEN, _GARBAGE, _PUT_OUT, _WHAT, _ASKING, _FILLER
        )
        return Intent("garbage_schedule") if listed else None
    category = category_named(query, categories)
    if category:
        return Intent("garbage_day", category)
    # 「今週何曜日に何出せばいい？」: what goes out on which day, nothing named.
    if _made_of(query, _WHEN, _GARBAGE, _COLLECTION, _FILLER, _PUT_OUT, _WHAT, _ASKING):
        return Intent("garbage_schedule")
    return None

"""Questions about days and shelters in the resident's own words (issue 23, item 6).

The chat answers these from the resident's 地区 like the menu tap; an item question
that happens to contain a day word must still reach the garbage search.
"""

import pytest

from home.demo_content import GARBAGE_CATEGORIES
from search.intents import CategoryWords, recognise_intent


CATEGORIES = [CategoryWords(c["slug"], c["name"]) for c in GARBAGE_CATEGORIES]


def label(text: str) -> str | None:
    found = recognise_intent(text, CATEGORIES)
    return found.label if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The collection named instead of ごみ.
        ("明日の収集は何ですか", "tomorrow"),
        ("今日の回収", "today"),
        ("ごみ収集の曜日", "schedule"),
        ("ごみの収集日程", "schedule"),
        ("ゴミ出しカレンダー見たい", "schedule"),
        ("garbage day", "schedule"),
        # Where to go, without the word 避難所.
        ("どこに避難すればいい？", "shelter"),
        ("避難情報", "disaster"),
    ],
)
def test_day_and_shelter_questions_in_everyday_words(text, expected):
    assert label(text) == expected


@pytest.mark.parametrize(
    "text",
    ["明日、冷蔵庫の回収に来てもらえますか", "冷蔵庫の回収日", "避難用のリュック"],
)
def test_a_question_about_an_item_is_no_day_question(text):
    assert label(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What goes out that day, asked with the verb instead of ごみ (tuning round 3).
        ("今日は何を出せばいい？", "today"),
        ("明日は何を出す日ですか", "tomorrow"),
        ("今朝出せるごみは", "today"),
        # The whole schedule, as a list or as "which category on which day".
        ("ごみの日程表", "schedule"),
        ("ゴミの日一覧", "schedule"),
        ("ゴミ収集スケジュール", "schedule"),
        ("何曜日に何ごみ出すんだっけ", "schedule"),
        # A category in its everyday spelling (埋め立て for 埋立) or in English.
        ("埋め立てごみはいつですか", "day:moyasenai"),
        ("when is burnable garbage day", "day:moyasu"),
        ("what garbage today", "today"),
        # A place to go, in words other than 避難所.
        ("大雨のとき逃げる場所", "shelter"),
        ("津波のときの避難先", "shelter"),
        ("避難するところ", "shelter"),
        ("今の警戒レベル", "disaster"),
    ],
)
def test_day_and_shelter_questions_in_colloquial_shapes(text, expected):
    assert label(text) == expected


@pytest.mark.parametrize(
    "text", ["テレビは何ごみの日", "明日テレビを出す", "今日は冷蔵庫を出せばいい？"]
)
def test_an_item_put_out_on_a_day_is_still_an_item_question(text):
    assert label(text) is None

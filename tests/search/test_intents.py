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

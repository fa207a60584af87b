"""FAQ matching: the chat answers a question with the FAQ staff wrote for it."""

import pytest

from search.faq import FaqEntry, FaqIndex


FAQS = [
    FaqEntry(1, "粗大ごみの申し込み方法は？", ["粗大ごみ", "大型ごみ", "申し込み"]),
    FaqEntry(2, "ごみの収集日を知りたい", ["収集日", "何曜日", "ごみの日"]),
    FaqEntry(3, "引っ越しで大量に出るごみはどうすればいい？", ["引っ越し", "大量"]),
    FaqEntry(4, "LINEの通知を止めたい", ["通知", "配信停止", "ブロック"]),
    FaqEntry(5, "避難所はどこですか", ["避難所", "避難場所", "ヒナンジョ"]),
]


@pytest.fixture(scope="module")
def faqs() -> FaqIndex:
    return FaqIndex(FAQS)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("粗大ごみを出したい", 1),
        ("ｿﾀﾞｲｺﾞﾐの申し込み", 1),  # half-width katakana keywords match too
        ("ごみの日は何曜日？", 2),
        ("引っ越しのごみ", 3),
        ("通知がうるさい", 4),
        ("ひなんじょ", 5),  # keyword typed in katakana, query in hiragana
        ("避難所はどこですか", 5),
    ],
)
def test_a_question_finds_its_faq(faqs, query, expected):
    best = faqs.best(query)
    assert best is not None
    assert best.key == expected


def test_the_matched_keywords_are_reported_as_staff_typed_them(faqs):
    best = faqs.best("粗大ごみの申し込みをしたい")
    assert best is not None
    assert set(best.matched_keywords) == {"粗大ごみ", "申し込み"}


@pytest.mark.parametrize(
    "query", ["", "ご", "ペットボトル", "こんにちは", "<script>alert(1)</script>"]
)
def test_unrelated_or_empty_queries_get_no_faq(faqs, query):
    assert faqs.best(query) is None


def test_one_short_keyword_alone_is_below_the_threshold():
    faqs = FaqIndex([FaqEntry(1, "収集日カレンダーはどこで見られますか", ["いつ"])])
    assert faqs.rank("いつ")  # it matches …
    assert faqs.best("いつ") is None  # … but not enough to answer with it


def test_a_tie_between_two_faqs_is_no_answer():
    faqs = FaqIndex(
        [
            FaqEntry(1, "粗大ごみの料金", ["粗大ごみ"]),
            FaqEntry(2, "粗大ごみの日", ["粗大ごみ"]),
        ]
    )
    assert len(faqs.rank("粗大ごみ")) == 2
    assert faqs.best("粗大ごみ") is None

"""The chat worker answers with threads (compose.yaml: ``--pool threads``): residents'
questions analysed at the same moment must each get their answer. SudachiPy's
tokenizer refuses concurrent use ("Tokenizer is already in use"), which made a
webhook batch fall back to one event at a time and, under load, fail events."""

from concurrent.futures import ThreadPoolExecutor
import threading

from search import readings


QUESTIONS = [
    f"{item}{ending}"
    for item in ("ペットボトル", "古い冷蔵庫", "天ぷら油", "こたつ布団", "乾電池", "傘")
    for ending in (
        "はどう捨てますか",
        "を捨てたいんですけど",
        "は何ごみ",
        "の出し方を教えて",
        "は燃えるごみですか",
        "を出してもええかいの",
        "はいつ出せばいい",
        "の捨て方",
    )
]


ROUNDS = 20


def _texts(offset: int) -> list[str]:
    # Each round a fresh text, so the cache does not hide the analyser.
    return [
        question + "？" * (round_ + 1)
        for round_ in range(ROUNDS)
        for question in QUESTIONS[offset:] + QUESTIONS[:offset]
    ]


def test_questions_analysed_on_eight_threads_at_once_all_get_their_words():
    readings.analyse.cache_clear()
    alone = {text: readings.analyse(text) for text in _texts(0)}
    readings.analyse.cache_clear()
    start = threading.Barrier(8)

    def analyse_all(offset: int) -> dict[str, tuple]:
        start.wait()
        return {text: readings.analyse(text) for text in _texts(offset)}

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(analyse_all, range(8)))

    for found in results:
        assert found == alone

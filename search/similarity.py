"""Cheap string similarity for typo-tolerant matching of short Japanese texts.

Two tools, used together: padded character bigrams find candidates through an
inverted index (and give a Dice score), then a bounded edit distance confirms the few
best candidates. Scoring every entry with a full edit distance would be O(n·m) per
query; the bigram index keeps a query to the entries that share text with it.
"""

from collections.abc import Set


START = "\x02"
END = "\x03"
"""Padding marks: with them the first and last character count as bigrams too, so a
three-character word has four bigrams and one typo still leaves two of them intact."""


def bigrams(text: str) -> frozenset[str]:
    """The distinct two-character windows of ``text`` padded at both ends."""
    padded = f"{START}{text}{END}"
    return frozenset(padded[start : start + 2] for start in range(len(padded) - 1))


def dice(left: Set[str], right: Set[str]) -> float:
    """Sørensen–Dice coefficient of two bigram sets: 1.0 for the same text."""
    if not left and not right:
        return 1.0
    return 2 * len(left & right) / (len(left) + len(right))


def bounded_distance(left: str, right: str, limit: int) -> int | None:
    """Edit distance of ``left`` and ``right``, or None when it exceeds ``limit``.

    Counts a wrong, missing or extra character, or two swapped neighbours (ペトッ for
    ペット), as one edit (optimal string alignment). Only the diagonal band of
    width ``limit`` is computed and the loop stops as soon as every path in a row is
    over the limit, so a clear mismatch costs a few comparisons.
    """
    if abs(len(left) - len(right)) > limit:
        return None
    if left == right:
        return 0
    too_far = limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(right) + 1))
    for row, left_char in enumerate(left, start=1):
        current = [too_far] * (len(right) + 1)
        current[0] = row
        first = max(1, row - limit)
        last = min(len(right), row + limit)
        row_best = current[0] if first == 1 else too_far
        for column in range(first, last + 1):
            right_char = right[column - 1]
            cost = 0 if left_char == right_char else 1
            value = min(
                previous[column] + 1,
                current[column - 1] + 1,
                previous[column - 1] + cost,
            )
            if (
                row > 1
                and column > 1
                and left_char == right[column - 2]
                and left[row - 2] == right_char
            ):
                value = min(value, previous_previous[column - 2] + 1)
            current[column] = value
            row_best = min(row_best, value)
        if row_best > limit:
            return None
        previous_previous, previous = previous, current
    distance = previous[len(right)]
    return distance if distance <= limit else None

"""The notation of 5374's area_days.csv cells (月, 水2, 隔月20261207, 20261230, *1, :4 5 6)."""

import datetime
import functools
import re
import unicodedata

from ..collection_text import WEEKDAY_CHARS, RuleParts


NOTATION_HELP = (
    "使える表記: 月（毎週）、水2（第2水曜）、火1 火3（複数はスペース区切り）、"
    "隔月20261207（2026/12/7の週から隔週の月曜）、20261230（日付）、"
    "*1（注意事項の番号）、水2:4 5 6（4・5・6月だけ）"
)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_date(text: str) -> datetime.date | None:
    """2022/12/30, 2022/1/3 or 2022-12-30."""
    match = re.fullmatch(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})", nfkc(text))
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


class CellError(ValueError):
    """A token of an area_days cell that is not 5374 notation we support."""

    def __init__(self, token: str, hint: str = NOTATION_HELP):
        super().__init__(token)
        self.token = token
        self.hint = hint


@functools.lru_cache(maxsize=4096)
def _date_token(token: str) -> datetime.date:
    """20261230 → a date (cached: a city's 400,000 dates are ~400 distinct days)."""
    try:
        return datetime.date(int(token[:4]), int(token[4:6]), int(token[6:]))
    except ValueError:
        raise CellError(token) from None


def parse_cell(
    cell: str, remarks: dict[str, str]
) -> tuple[list[RuleParts], list[datetime.date]]:
    """One area_days cell → rules (one per distinct set of weeks) and explicit dates."""
    text = nfkc(cell)
    if not text:
        return [], []
    tokens = text.split()
    if all(len(token) == 8 and token.isdigit() for token in tokens):
        # Only dates, as cities that list every collection day write (300+ a row).
        return [], sorted({_date_token(token) for token in tokens})
    months: list[int] = []
    if ":" in text:
        text, month_text = text.split(":", 1)
        for token in month_text.split():
            if not token.isdigit() or not 1 <= int(token) <= 12:
                raise CellError(token)
            months.append(int(token))
        months = sorted(set(months))
        if len(months) == 12:
            months = []
    weekly: set[int] = set()
    weeks_by_day: dict[int, set[int]] = {}
    dates: list[datetime.date] = []
    notes: list[str] = []
    biweekly: list[RuleParts] = []
    for token in text.split():
        if len(token) == 8 and token.isdigit():
            dates.append(_date_token(token))
        elif len(token) == 1 and token in WEEKDAY_CHARS:
            weekly.add(WEEKDAY_CHARS.index(token))
        elif re.fullmatch(rf"[{WEEKDAY_CHARS}][1-5]", token):
            day = WEEKDAY_CHARS.index(token[0])
            weeks_by_day.setdefault(day, set()).add(int(token[1]))
        elif re.fullmatch(r"\*\d+", token):
            if token[1:] not in remarks:
                raise CellError(token)
            notes.append(remarks[token[1:]])
        elif re.fullmatch(rf"隔[{WEEKDAY_CHARS}]\d{{8}}", token):
            # 隔月20261207: every other Monday, in the week of 2026-12-07.
            try:
                base = datetime.datetime.strptime(token[2:], "%Y%m%d").date()
            except ValueError:
                raise CellError(token) from None
            biweekly.append(
                RuleParts(
                    weekly_days=[WEEKDAY_CHARS.index(token[1])],
                    months=list(months),
                    biweekly_from=base,
                )
            )
        else:
            raise CellError(token)
    # Weekdays that share the same weeks become one rule: 火1 火3 木1 木3 → 第1・第3火・木.
    by_weeks: dict[tuple[int, ...], list[int]] = {}
    for day, weeks in sorted(weeks_by_day.items()):
        by_weeks.setdefault(tuple(sorted(weeks)), []).append(day)
    rules = [
        RuleParts(nth_weeks=list(weeks), nth_days=days, months=list(months))
        for weeks, days in by_weeks.items()
    ]
    if weekly:
        if rules:
            rules[0].weekly_days = sorted(weekly)
        else:
            rules = [RuleParts(weekly_days=sorted(weekly), months=list(months))]
    rules += biweekly
    note = "、".join(notes)
    if note:
        if rules:
            rules[0].note = note
        else:
            rules = [RuleParts(note=note)]
    return rules, sorted(set(dates))

"""Collection rules as residents read them (毎週月曜日・木曜日, 毎月第2・第4水曜日 …).

Pure functions without models, so the data migration that turned the old free-text
``days`` into structured rules can use the same parser as the code.
"""

from dataclasses import dataclass, field
import datetime
import re
import unicodedata


WEEKDAY_CHARS = "月火水木金土日"  # index = date.weekday()
WEEKDAY_CHOICES = [(index, f"{char}曜日") for index, char in enumerate(WEEKDAY_CHARS)]
WEEK_CHOICES = [(n, f"第{n}") for n in range(1, 6)]
MONTH_CHOICES = [(m, f"{m}月") for m in range(1, 13)]


@dataclass
class RuleParts:
    """The structured fields of one collection rule (see ``CollectionSchedule``)."""

    weekly_days: list[int] = field(default_factory=list)
    nth_weeks: list[int] = field(default_factory=list)
    nth_days: list[int] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    note: str = ""
    #: Set for every-other-week rules (隔週): the weekly days count only in the week of
    #: this date and every second week after (and before) it.
    biweekly_from: datetime.date | None = None


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the day's week."""
    return day - datetime.timedelta(days=day.weekday())


def in_biweekly_week(day: datetime.date, base: datetime.date) -> bool:
    return (week_start(day) - week_start(base)).days // 7 % 2 == 0


def _weekday_list(days: list[int]) -> str:
    return "・".join(f"{WEEKDAY_CHARS[d]}曜日" for d in sorted(days))


def describe_months(months: list[int]) -> str:
    """4–11 → 「4月〜11月」; a run across the new year (11,12,1,2) also reads as a range."""
    chosen = sorted(set(months))
    if not chosen or len(chosen) == 12:
        return ""
    # Find a rotation of the year in which the chosen months are one unbroken run.
    for start in chosen:
        run = [(start - 1 + i) % 12 + 1 for i in range(len(chosen))]
        if sorted(run) == chosen:
            if len(run) == 1:
                return f"{run[0]}月"
            return f"{run[0]}月〜{run[-1]}月"
    return "・".join(str(m) for m in chosen) + "月"


def describe_rule(parts: RuleParts) -> str:
    """One rule as a short Japanese sentence: 「毎月第2・第4水曜日（4月〜11月）」."""
    phrases = []
    if parts.weekly_days:
        every = "隔週" if parts.biweekly_from else "毎週"
        phrases.append(every + _weekday_list(parts.weekly_days))
    if parts.nth_weeks and parts.nth_days:
        weeks = "・".join(f"第{n}" for n in sorted(parts.nth_weeks))
        phrases.append(f"毎月{weeks}{_weekday_list(parts.nth_days)}")
    text = "、".join(phrases)
    months = describe_months(parts.months)
    if text and months:
        text += f"（{months}）"
    if parts.note:
        text = f"{text}（{parts.note}）" if text else parts.note
    return text


_WEEKLY = re.compile(r"毎週((?:[月火水木金土日](?:曜日?)?[・、,]?)+)")
_DAY = re.compile(r"([月火水木金土日])(?:曜日?)?")
_NTH = re.compile(r"(?:毎月)?((?:第[1-5][・、,]?)+)([月火水木金土日])(?:曜日?)?")
_MONTHS = re.compile(r"[（(]?(\d{1,2})月?[〜～~ー-](\d{1,2})月[）)]?")


def parse_days_text(text: str) -> RuleParts:
    """Read the old free-text ``days`` (毎週月曜日・木曜日, 毎月第2・第4水曜日（…）).

    What is not understood stays in ``note`` so nothing a resident saw is lost.
    """
    source = unicodedata.normalize("NFKC", text).strip()
    parts = RuleParts()
    rest = source
    match = _WEEKLY.search(rest)
    if match:
        parts.weekly_days = sorted(
            {WEEKDAY_CHARS.index(c) for c in _DAY.findall(match.group(1))}
        )
        rest = rest[: match.start()] + rest[match.end() :]
    for match in list(_NTH.finditer(rest)):
        parts.nth_weeks = sorted(
            set(parts.nth_weeks)
            | {int(n) for n in re.findall(r"[1-5]", match.group(1))}
        )
        parts.nth_days = sorted(
            set(parts.nth_days) | {WEEKDAY_CHARS.index(match.group(2))}
        )
    rest = _NTH.sub("", rest)
    match = _MONTHS.search(rest)
    if match and (parts.weekly_days or parts.nth_days):
        first, last = int(match.group(1)), int(match.group(2))
        if 1 <= first <= 12 and 1 <= last <= 12:
            length = (last - first) % 12 + 1
            parts.months = sorted((first - 1 + i) % 12 + 1 for i in range(length))
            rest = rest[: match.start()] + rest[match.end() :]
    if not (parts.weekly_days or parts.nth_days):
        return RuleParts(note=text.strip())
    rest = rest.strip(" 、・,")
    # What remains is usually a remark in parentheses: 「（有害ごみと同じ日）」.
    note = re.sub(r"^[（(](.*)[）)]$", r"\1", rest).strip()
    parts.note = note
    return parts

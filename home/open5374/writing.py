"""Export the garbage guide as the five 5374 CSV files (a zip), UTF-8 without BOM.

Readings go into the furigana column and icons that came in with an import
(``img/*.svg``) are written back, so an export re-imports into 5374 unchanged.
"""

from collections import defaultdict
import csv
import datetime
import functools
import io
import zipfile

from django.utils import timezone

from ..collection_text import WEEKDAY_CHARS, week_start
from ..models import (
    CollectionArea,
    CollectionCenter,
    CollectionException,
    CollectionSchedule,
    GarbageCategory,
    GarbageItem,
    Open5374Icon,
)


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _closure_for_export(center: CollectionCenter, today: datetime.date):
    """5374 holds one closure per centre: the current or next one, else the latest."""
    closures = sorted(center.closures.all(), key=lambda c: c.start)
    upcoming = [c for c in closures if c.end >= today]
    if upcoming:
        return upcoming[0]
    return closures[-1] if closures else None


@functools.lru_cache(maxsize=4096)
def _date_token(day: datetime.date) -> str:
    """2026-12-30 → 20261230 (cached: ~400,000 dates in a big city, ~400 distinct)."""
    return f"{day:%Y%m%d}"


def _cell(
    schedules: list[CollectionSchedule],
    extra_dates: list[datetime.date],
    remark_ids: dict[str, int],
    where: str,
    warnings: list[str],
) -> str:
    tokens: list[str] = []
    months: set[tuple[int, ...]] = set()
    for schedule in schedules:
        if schedule.biweekly_from:
            monday = week_start(schedule.biweekly_from)
            tokens += [
                f"隔{WEEKDAY_CHARS[d]}{monday + datetime.timedelta(days=d):%Y%m%d}"
                for d in schedule.weekly_days
            ]
        else:
            tokens += [WEEKDAY_CHARS[d] for d in schedule.weekly_days]
        tokens += [
            f"{WEEKDAY_CHARS[d]}{n}"
            for d in schedule.nth_days
            for n in schedule.nth_weeks
        ]
        if schedule.weekly_days or schedule.nth_days:
            months.add(tuple(schedule.months))
        if schedule.note:
            tokens.append(f"*{remark_ids[schedule.note]}")
    tokens += [_date_token(day) for day in extra_dates]
    if len(months) > 1:
        warnings.append(
            f"{where}: 月の限定が行ごとに違うため、5374形式では1行目の月だけを書き出しました。"
        )
    month_list = next(iter(months), ())
    cell = " ".join(dict.fromkeys(tokens))
    if month_list:
        cell += ":" + " ".join(str(m) for m in month_list)
    return cell


def export_files(
    today: datetime.date | None = None,
) -> tuple[dict[str, bytes], list[str]]:
    """The five CSV files (plus any img/*.svg icons), and what 5374 cannot express."""
    today = today or timezone.localdate()
    warnings: list[str] = []
    areas = list(CollectionArea.objects.select_related("center"))
    # Plain rows, grouped in Python: a big city has ~400,000 dated rows, and model
    # instances for each made the export take half a minute.
    schedules: dict[tuple[int, int], list[CollectionSchedule]] = defaultdict(list)
    for schedule in CollectionSchedule.objects.order_by("sort_order", "pk"):
        schedules[schedule.collection_area_id, schedule.category_id].append(schedule)
    extra: dict[tuple[int, int], list[datetime.date]] = defaultdict(list)
    moved: set[int] = set()
    for area_id, category_id, date, new_date in CollectionException.objects.values_list(
        "collection_area_id", "category_id", "date", "new_date"
    ).order_by("new_date"):
        if date:
            moved.add(area_id)
        elif category_id and new_date:
            extra[area_id, category_id].append(new_date)
    used = {category_id for _, category_id in [*schedules, *extra]}
    categories = [c for c in GarbageCategory.objects.all() if c.pk in used]

    notes = [s.note for rules in schedules.values() for s in rules if s.note]
    remark_ids = {note: number for number, note in enumerate(dict.fromkeys(notes), 1)}

    closures = {}
    for center in CollectionCenter.objects.prefetch_related("closures"):
        closure = _closure_for_export(center, today)
        if closure is not None:
            closures[center.name] = closure

    area_rows = [["地名", "センター", *[c.name for c in categories]]]
    for area in areas:
        row = [
            area.name,
            area.center.name if area.center and area.center.name in closures else "",
        ]
        for category in categories:
            row.append(
                _cell(
                    schedules.get((area.pk, category.pk), []),
                    extra.get((area.pk, category.pk), []),
                    remark_ids,
                    f"{area.name}「{category.name}」",
                    warnings,
                )
            )
        area_rows.append(row)
        if area.pk in moved:
            warnings.append(
                f"{area.name}: 振替・休みの日付は5374形式にないため書き出していません。"
            )

    icons = {
        icon.path: bytes(icon.svg)
        for icon in Open5374Icon.objects.filter(
            path__in=[c.icon_5374 for c in categories if c.icon_5374]
        )
    }
    files = {
        "area_days.csv": _csv(area_rows),
        "center.csv": _csv(
            [["名称", "休止開始日", "休止終了日"]]
            + [
                [name, f"{c.start:%Y/%m/%d}", f"{c.end:%Y/%m/%d}"]
                for name, c in closures.items()
            ]
        ),
        "description.csv": _csv(
            [["label", "sublabel", "description", "styles", "bgcolor"]]
            + [
                [c.name, "", _html_breaks(c.how_to_put_out), c.icon_5374, c.colour]
                for c in categories
            ]
        ),
        "target.csv": _csv(
            [["type", "name", "notice", "furigana"]]
            + [
                [
                    item.category.name,
                    item.name,
                    _html_breaks(item.notes),
                    _furigana(item),
                ]
                for item in GarbageItem.objects.select_related("category")
            ]
        ),
        "remarks.csv": _csv(
            [["ID", "注意事項"]]
            + [[str(n), _html_breaks(note)] for note, n in remark_ids.items()]
        ),
        **icons,
    }
    return files, warnings


def _html_breaks(text: str) -> str:
    """5374 shows its cells as HTML: a line break is written ``<br>``."""
    return "<br>".join(text.splitlines())


def _furigana(item: GarbageItem) -> str:
    """The reading 5374 sorts and searches by: staff's own, else the generated one."""
    staff = item.reading.split("、")[0].strip()
    return staff or next(iter(item.reading_list()), "")


def export_zip(today: datetime.date | None = None) -> tuple[bytes, list[str]]:
    files, warnings = export_files(today)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue(), warnings

"""Export the garbage guide as the five 5374 CSV files (a zip), UTF-8 without BOM."""

import csv
import datetime
import io
import zipfile

from django.utils import timezone

from ..collection_text import WEEKDAY_CHARS, week_start
from ..models import (
    CollectionArea,
    CollectionCenter,
    CollectionSchedule,
    GarbageCategory,
    GarbageItem,
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
    tokens += [f"{day:%Y%m%d}" for day in extra_dates]
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
    """The five CSV files, and warnings about what 5374 cannot express."""
    today = today or timezone.localdate()
    warnings: list[str] = []
    areas = list(
        CollectionArea.objects.select_related("center").prefetch_related(
            "schedules__category", "exceptions__category", "center__closures"
        )
    )
    used = {s.category_id for a in areas for s in a.schedules.all()}
    used |= {
        e.category_id
        for a in areas
        for e in a.exceptions.all()
        if e.category_id and e.new_date and not e.date
    }
    categories = [c for c in GarbageCategory.objects.all() if c.pk in used]

    notes = [s.note for a in areas for s in a.schedules.all() if s.note]
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
            schedules = [
                s for s in area.schedules.all() if s.category_id == category.pk
            ]
            extra = sorted(
                e.new_date
                for e in area.exceptions.all()
                if e.category_id == category.pk and e.new_date and not e.date
            )
            row.append(
                _cell(
                    schedules,
                    extra,
                    remark_ids,
                    f"{area.name}「{category.name}」",
                    warnings,
                )
            )
        area_rows.append(row)
        if any(e.date for e in area.exceptions.all()):
            warnings.append(
                f"{area.name}: 振替・休みの日付は5374形式にないため書き出していません。"
            )

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
            + [[c.name, "", c.how_to_put_out, "", c.colour] for c in categories]
        ),
        "target.csv": _csv(
            [["type", "name", "notice", "furigana"]]
            + [
                [item.category.name, item.name, item.notes, item.reading[:1]]
                for item in GarbageItem.objects.select_related("category")
            ]
        ),
        "remarks.csv": _csv(
            [["ID", "注意事項"]] + [[str(n), note] for note, n in remark_ids.items()]
        ),
    }
    return files, warnings


def export_zip(today: datetime.date | None = None) -> tuple[bytes, list[str]]:
    files, warnings = export_files(today)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue(), warnings

"""Apply a checked 5374 import plan to the database, all or nothing.

A big city (1,000+ areas, every collection date written out: ~400,000 dates) is
written with a handful of set-based statements — bulk deletes, and PostgreSQL ``COPY``
for the dated rows — never one query per area or per date.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
import itertools
import json

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from wagtail.search.backends import get_search_backends

from search.readings import fill_readings
from search.text import normalize

from ..collection_text import describe_rule
from ..models import (
    Area,
    CollectionArea,
    CollectionCenter,
    CollectionClosure,
    CollectionException,
    CollectionSchedule,
    GarbageCategory,
    GarbageItem,
    Open5374Icon,
)
from .reading import ImportPlan, plan_import


#: ``progress(percent, step)``: what a background job shows staff while it runs.
Progress = Callable[[int, str], None]

SAMPLE_AREAS = 5


@dataclass
class Preview:
    """What an import would change, for the confirmation screen and the command."""

    plan: ImportPlan
    new_categories: list[str] = field(default_factory=list)
    new_areas: list[str] = field(default_factory=list)
    updated_areas: list[str] = field(default_factory=list)
    new_items: int = 0
    updated_items: int = 0
    centers: list[str] = field(default_factory=list)
    samples: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    unlinked_areas: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return self.plan.warnings

    @property
    def skipped(self) -> list[str]:
        return self.plan.skipped

    def summary(self) -> dict:
        """The preview as JSON for a job's result (the plan itself is not kept)."""
        return {
            "new_categories": self.new_categories,
            "new_areas": len(self.new_areas),
            "updated_areas": len(self.updated_areas),
            "areas": len(self.plan.areas),
            "new_items": self.new_items,
            "updated_items": self.updated_items,
            "centers": self.centers,
            "samples": self.samples,
            "unlinked_areas": self.unlinked_areas,
            "warnings": self.warnings,
            "skipped": self.skipped,
            "skipped_rows": self.plan.skipped_rows,
            "icons": len(self.plan.icons),
        }


def _area_lookup() -> dict[str, Area]:
    lookup = {}
    for area in Area.objects.all():
        for spelling in area.spellings():
            lookup.setdefault(spelling, area)
    return lookup


def _no_progress(percent: int, step: str) -> None:
    pass


def preview(
    files: dict[str, bytes],
    *,
    skip_bad_rows: bool = False,
    progress: Progress = _no_progress,
) -> Preview:
    """Check the files and say what importing them would do (writes nothing)."""
    known_centers = set(CollectionCenter.objects.values_list("name", flat=True))
    plan = plan_import(
        files,
        known_centers,
        skip_bad_rows=skip_bad_rows,
        progress=lambda done: progress(int(done * 40), "ファイルを読み取っています"),
    )
    existing_categories = set(GarbageCategory.objects.values_list("name", flat=True))
    linked = set(
        CollectionArea.areas.through.objects.values_list(
            "collectionarea__name", flat=True
        )
    )
    existing_areas = set(CollectionArea.objects.values_list("name", flat=True))
    existing_items = set(GarbageItem.objects.values_list("name", flat=True))
    area_lookup = _area_lookup()
    result = Preview(plan=plan)
    result.new_categories = [
        name for name in plan.category_names() if name not in existing_categories
    ]
    for row in plan.areas:
        (
            result.updated_areas if row.name in existing_areas else result.new_areas
        ).append(row.name)
        if row.name not in linked and normalize(row.name) not in area_lookup:
            result.unlinked_areas.append(row.name)
    item_names = {item.name for item in plan.items}
    result.updated_items = len(item_names & existing_items)
    result.new_items = len(item_names - existing_items)
    result.centers = [
        f"{name}（{start:%Y/%m/%d}〜{end:%Y/%m/%d}）"
        for name, (start, end) in plan.centers.items()
    ]
    for row in plan.areas[:SAMPLE_AREAS]:
        lines = [
            (category, "、".join(describe_rule(rule) for rule in rules))
            for category, rules in row.rules.items()
        ]
        lines += [
            (category, _dates_text(dates))
            for category, dates in row.extra_dates.items()
        ]
        result.samples.append((row.name, lines))
    return result


def _dates_text(dates: list) -> str:
    shown = "、".join(f"{d:%Y/%m/%d}" for d in dates[:6])
    return shown + (f" ほか{len(dates) - 6}日" if len(dates) > 6 else "")


def apply_import(
    files: dict[str, bytes],
    *,
    skip_bad_rows: bool = False,
    progress: Progress = _no_progress,
) -> Preview:
    """Import the files. Any problem raises before a single row is kept.

    The files are read first (no transaction is needed to read them); everything is
    then written in one transaction, so a failure leaves nothing half-done.
    """
    result = preview(files, skip_bad_rows=skip_bad_rows, progress=progress)
    plan = result.plan
    with transaction.atomic():
        progress(45, "分別区分を書き込んでいます")
        categories = _import_categories(plan)
        centers = _import_centers(plan)
        progress(50, "収集地区と収集日を書き込んでいます")
        _import_areas(plan, categories, centers)
        progress(85, "品目とよみがなを書き込んでいます")
        _import_items(plan, categories)
    progress(100, "完了しました")
    return result


def _import_categories(plan: ImportPlan) -> dict[str, GarbageCategory]:
    categories = {c.name: c for c in GarbageCategory.objects.all()}
    next_order = (GarbageCategory.objects.aggregate(m=Max("sort_order"))["m"] or 0) + 1
    described = {row.name: row for row in plan.categories}
    taken_slugs = set(GarbageCategory.objects.values_list("slug", flat=True))
    for name in plan.category_names():
        row = described.get(name)
        category = categories.get(name)
        if category is None:
            category = GarbageCategory(
                name=name,
                slug=_free_slug(taken_slugs),
                how_to_put_out=row.description if row else "",
                sort_order=next_order,
            )
            next_order += 1
        elif row and row.description:
            category.how_to_put_out = row.description
        if row and row.colour:
            category.colour = row.colour
        if row and row.icon:
            category.icon_5374 = row.icon
        category.save()
        categories[name] = category
    for path, svg in plan.icons.items():
        Open5374Icon.objects.update_or_create(path=path, defaults={"svg": svg})
    return categories


def _import_centers(plan: ImportPlan) -> dict[str, CollectionCenter]:
    centers = {c.name: c for c in CollectionCenter.objects.all()}
    for name, (start, end) in plan.centers.items():
        center = centers.get(name) or CollectionCenter.objects.create(name=name)
        CollectionClosure.objects.get_or_create(center=center, start=start, end=end)
        centers[name] = center
    return centers


def _import_areas(
    plan: ImportPlan,
    categories: dict[str, GarbageCategory],
    centers: dict[str, CollectionCenter],
) -> None:
    existing = {area.name: area for area in CollectionArea.objects.all()}
    next_order = (CollectionArea.objects.aggregate(m=Max("sort_order"))["m"] or 0) + 1
    new, moved = [], []
    for row in plan.areas:
        center = centers.get(row.center) if row.center else None
        area = existing.get(row.name)
        if area is None:
            area = CollectionArea(name=row.name, sort_order=next_order, center=center)
            next_order += 1
            new.append(area)
            existing[row.name] = area
        elif area.center_id != (center.pk if center else None):
            area.center = center
            moved.append(area)
    CollectionArea.objects.bulk_create(new, batch_size=1000)
    CollectionArea.objects.bulk_update(moved, ["center"], batch_size=1000)
    ids = {row.name: existing[row.name].pk for row in plan.areas}

    # Link each collection area without 地区 to the 地区 of the same name.
    through = CollectionArea.areas.through
    linked = set(through.objects.values_list("collectionarea_id", flat=True))
    lookup = _area_lookup()
    through.objects.bulk_create(
        [
            through(collectionarea_id=ids[row.name], area_id=lookup[key].pk)
            for row in plan.areas
            if ids[row.name] not in linked and (key := normalize(row.name)) in lookup
        ],
        batch_size=1000,
    )

    area_ids = list(ids.values())
    _delete(CollectionSchedule.objects.filter(collection_area_id__in=area_ids))
    # Extra days of the imported categories are replaced; moved and cancelled days
    # (which 5374 cannot express) are kept.
    _delete(
        CollectionException.objects.filter(
            collection_area_id__in=area_ids,
            date__isnull=True,
            category_id__in=[categories[name].pk for name in plan.columns],
        )
    )
    _insert(
        CollectionSchedule,
        [
            "collection_area",
            "category",
            "sort_order",
            "weekly_days",
            "nth_weeks",
            "nth_days",
            "months",
            "note",
            "biweekly_from",
        ],
        (
            (
                ids[row.name],
                categories[category].pk,
                order,
                sorted(rule.weekly_days),
                sorted(rule.nth_weeks),
                sorted(rule.nth_days),
                sorted(rule.months),
                rule.note[:100],
                rule.biweekly_from,
            )
            for row in plan.areas
            for order, (category, rule) in enumerate(
                (category, rule)
                for category in plan.columns
                for rule in row.rules.get(category, [])
            )
        ),
    )
    _insert(
        CollectionException,
        ["collection_area", "category", "new_date", "note"],
        (
            (ids[row.name], categories[category].pk, day, "")
            for row in plan.areas
            for category, days in row.extra_dates.items()
            for day in days
        ),
    )


def _delete(queryset: models.QuerySet) -> None:
    """A plain ``DELETE … WHERE`` (these rows have no dependants or signals)."""
    queryset._raw_delete(queryset.db)


def _insert(
    model: type[models.Model], fields: list[str], rows: Iterable[tuple]
) -> None:
    """Insert many rows: ``COPY`` on PostgreSQL, batched ``INSERT`` elsewhere."""
    columns = [model._meta.get_field(name).column for name in fields]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows),
            batch_size=500,
        )
        return
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(column) for column in columns)
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            # Lists are the JSON columns (ChoiceSetField): COPY takes their JSON text.
            copy.write_row([json.dumps(v) if isinstance(v, list) else v for v in row])


def _import_items(plan: ImportPlan, categories: dict[str, GarbageCategory]) -> None:
    """Create or update the items in bulk (1,000+ single saves are far too slow)."""
    existing = {item.name: item for item in GarbageItem.objects.all()}
    now = timezone.now()
    new, kept = [], []
    before: dict[int, tuple] = {}
    for row in {row.name: row for row in plan.items}.values():
        item = existing.get(row.name)
        if item is None:
            item = GarbageItem(name=row.name)
            new.append(item)
        else:
            kept.append(item)
            before[item.pk] = _item_state(item)
        item.category = categories[row.category]
        item.notes = row.notes
        # 5374's furigana is usually just the index letter (あ); keep a real reading.
        if row.furigana and not item.reading:
            item.reading = row.furigana
    # bulk_create skips save(): readings (kanji names found by their kana) are made here.
    fill_readings([*new, *kept], save=False)
    # Only what changed is written and re-indexed: re-importing the same files is
    # then nearly free (bulk_update of 1,300 unchanged items took 17 s).
    changed = [item for item in kept if _item_state(item) != before[item.pk]]
    for item in [*new, *changed]:
        item.updated_at = now  # the chat's search index rebuilds on a newer time
    GarbageItem.objects.bulk_create(new, batch_size=500)
    GarbageItem.objects.bulk_update(
        changed,
        ["category", "notes", "reading", "generated_readings", "updated_at"],
        batch_size=500,
    )
    items = [*new, *changed]
    if items:
        # bulk_* send no signals: update the admin search index ourselves.
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(GarbageItem, items)


def _item_state(item: GarbageItem) -> tuple:
    return (
        item.category_id,
        item.notes,
        item.reading,
        item.generated_readings,
    )


def _free_slug(taken: set[str]) -> str:
    for number in itertools.count(1):
        slug = f"category-{number}"
        if slug not in taken:
            taken.add(slug)
            return slug
    raise AssertionError("unreachable")

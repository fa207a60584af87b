"""Apply a checked 5374 import plan to the database, all or nothing."""

from dataclasses import dataclass, field
import itertools

from django.db import transaction
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
)
from .reading import ImportPlan, plan_import


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


def _area_lookup() -> dict[str, Area]:
    lookup = {}
    for area in Area.objects.all():
        for spelling in area.spellings():
            lookup.setdefault(spelling, area)
    return lookup


def preview(files: dict[str, bytes]) -> Preview:
    """Check the files and say what importing them would do (writes nothing)."""
    known_centers = set(CollectionCenter.objects.values_list("name", flat=True))
    plan = plan_import(files, known_centers)
    existing_categories = set(GarbageCategory.objects.values_list("name", flat=True))
    existing_areas = {
        area.name: area for area in CollectionArea.objects.prefetch_related("areas")
    }
    existing_items = set(GarbageItem.objects.values_list("name", flat=True))
    area_lookup = _area_lookup()
    result = Preview(plan=plan)
    result.new_categories = [
        name for name in plan.category_names() if name not in existing_categories
    ]
    for row in plan.areas:
        existing = existing_areas.get(row.name)
        (result.updated_areas if existing else result.new_areas).append(row.name)
        linked = existing is not None and existing.areas.all()
        if not linked and normalize(row.name) not in area_lookup:
            result.unlinked_areas.append(row.name)
    item_names = {item.name for item in plan.items}
    result.updated_items = len(item_names & existing_items)
    result.new_items = len(item_names - existing_items)
    result.centers = [
        f"{name}（{start:%Y/%m/%d}〜{end:%Y/%m/%d}）"
        for name, (start, end) in plan.centers.items()
    ]
    for row in plan.areas[:5]:
        lines = [
            (category, "、".join(describe_rule(rule) for rule in rules))
            for category, rules in row.rules.items()
        ]
        lines += [
            (category, "、".join(f"{d.month}月{d.day}日" for d in dates))
            for category, dates in row.extra_dates.items()
        ]
        result.samples.append((row.name, lines))
    return result


@transaction.atomic
def apply_import(files: dict[str, bytes]) -> Preview:
    """Import the files. Any problem raises before a single row is kept."""
    result = preview(files)
    plan = result.plan
    categories = {c.name: c for c in GarbageCategory.objects.all()}
    next_order = (GarbageCategory.objects.aggregate(m=Max("sort_order"))["m"] or 0) + 1
    described = {row.name: row for row in plan.categories}
    for name in plan.category_names():
        row = described.get(name)
        category = categories.get(name)
        if category is None:
            category = GarbageCategory(
                name=name,
                slug=_free_slug(),
                how_to_put_out=row.description if row else "",
                sort_order=next_order,
            )
            next_order += 1
        elif row and row.description:
            category.how_to_put_out = row.description
        if row and row.colour:
            category.colour = row.colour
        category.save()
        categories[name] = category

    centers = {c.name: c for c in CollectionCenter.objects.all()}
    for name, (start, end) in plan.centers.items():
        center = centers.get(name) or CollectionCenter.objects.create(name=name)
        CollectionClosure.objects.get_or_create(center=center, start=start, end=end)
        centers[name] = center

    area_lookup = _area_lookup()
    next_area_order = (
        CollectionArea.objects.aggregate(m=Max("sort_order"))["m"] or 0
    ) + 1
    for row in plan.areas:
        center = centers.get(row.center) if row.center else None
        collection_area = CollectionArea.objects.filter(name=row.name).first()
        if collection_area is None:
            collection_area = CollectionArea.objects.create(
                name=row.name, sort_order=next_area_order, center=center
            )
            next_area_order += 1
        elif collection_area.center != center:
            collection_area.center = center
            collection_area.save()
        if not collection_area.areas.exists() and normalize(row.name) in area_lookup:
            collection_area.areas.add(area_lookup[normalize(row.name)])
        collection_area.schedules.all().delete()
        CollectionSchedule.objects.bulk_create(
            CollectionSchedule(
                collection_area=collection_area,
                category=categories[category],
                sort_order=order,
                weekly_days=rule.weekly_days,
                nth_weeks=rule.nth_weeks,
                nth_days=rule.nth_days,
                months=rule.months,
                note=rule.note[:100],
                biweekly_from=rule.biweekly_from,
            )
            for order, (category, rule) in enumerate(
                (category, rule)
                for category in plan.columns
                for rule in row.rules.get(category, [])
            )
        )
        # Extra days of the imported categories are replaced; moved and cancelled
        # days (which 5374 cannot express) are kept.
        collection_area.exceptions.filter(
            date__isnull=True,
            category__name__in=plan.columns,
        ).delete()
        CollectionException.objects.bulk_create(
            CollectionException(
                collection_area=collection_area,
                category=categories[category],
                new_date=day,
            )
            for category, days in row.extra_dates.items()
            for day in days
        )

    _import_items(plan, categories)
    return result


def _import_items(plan: ImportPlan, categories: dict[str, GarbageCategory]) -> None:
    """Create or update the items in bulk (1,000+ single saves are far too slow)."""
    existing = {item.name: item for item in GarbageItem.objects.all()}
    now = timezone.now()
    new, changed = [], []
    for row in {row.name: row for row in plan.items}.values():
        item = existing.get(row.name)
        if item is None:
            item = GarbageItem(name=row.name)
            new.append(item)
        else:
            changed.append(item)
        item.category = categories[row.category]
        item.notes = row.notes
        item.updated_at = now  # the chat's search index rebuilds on a newer time
        # 5374's furigana is usually just the index letter (あ); keep a real reading.
        if len(row.furigana) > 1 and not item.reading:
            item.reading = row.furigana
    # bulk_create skips save(): readings (kanji names found by their kana) are made here.
    fill_readings([*new, *changed], save=False)
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


def _free_slug() -> str:
    taken = set(GarbageCategory.objects.values_list("slug", flat=True))
    for number in itertools.count(1):
        slug = f"category-{number}"
        if slug not in taken:
            return slug
    raise AssertionError("unreachable")

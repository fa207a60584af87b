"""The collection rules engine: the days a resident would see on the calendar."""

import datetime

import pytest

from home.collection_calendar import (
    collection_dates,
    collections_between,
    collections_on,
    holiday_name,
    next_collections,
    prefetch_collection_rules,
)
from home.collection_text import parse_days_text
from home.models import (
    CollectionArea,
    CollectionCenter,
    CollectionClosure,
    CollectionException,
    CollectionSchedule,
)
from tests.factories import GarbageCategoryFactory


pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def area():
    return CollectionArea.objects.create(name="玖波地区")


def rule(area, category, **fields):
    return CollectionSchedule.objects.create(
        collection_area=area, category=category, **fields
    )


def test_weekly_days(area):
    burnable = GarbageCategoryFactory(name="燃やせるごみ")
    rule(area, burnable, weekly_days=[0, 3])  # 毎週月・木
    assert collection_dates(area, burnable, D(2026, 12, 1), D(2026, 12, 14)) == [
        D(2026, 12, 3),
        D(2026, 12, 7),
        D(2026, 12, 10),
        D(2026, 12, 14),
    ]


def test_nth_weekday_counts_occurrences_in_the_month(area):
    bottles = GarbageCategoryFactory(name="ペットボトル")
    rule(area, bottles, nth_weeks=[2, 4], nth_days=[2])  # 第2・第4水曜
    # December 2026 starts on a Tuesday: Wednesdays are 2, 9, 16, 23, 30.
    assert collection_dates(area, bottles, D(2026, 12, 1), D(2027, 1, 31)) == [
        D(2026, 12, 9),
        D(2026, 12, 23),
        D(2027, 1, 13),
        D(2027, 1, 27),
    ]


def test_fifth_weekday_only_in_months_that_have_one(area):
    resources = GarbageCategoryFactory(name="資源")
    rule(area, resources, nth_weeks=[5], nth_days=[1])  # 第5火曜
    dates = collection_dates(area, resources, D(2026, 1, 1), D(2026, 12, 31))
    assert dates == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 29), D(2026, 12, 29)]


def test_every_other_week(area):
    cans = GarbageCategoryFactory(name="缶・びん")
    rule(area, cans, weekly_days=[0, 3], biweekly_from=D(2026, 12, 10))
    assert collection_dates(area, cans, D(2026, 11, 30), D(2027, 1, 10)) == [
        D(2026, 12, 7),
        D(2026, 12, 10),
        D(2026, 12, 21),
        D(2026, 12, 24),
        D(2027, 1, 4),
        D(2027, 1, 7),
    ]
    assert area.schedules.get().days == "隔週月曜日・木曜日"


def test_month_limited_rule(area):
    garden = GarbageCategoryFactory(name="剪定枝")
    rule(area, garden, nth_weeks=[1], nth_days=[4], months=[4, 5, 6, 7, 8, 9, 10, 11])
    dates = collection_dates(area, garden, D(2026, 1, 1), D(2026, 12, 31))
    assert [d.month for d in dates] == [4, 5, 6, 7, 8, 9, 10, 11]


def test_public_holiday_skip_or_collect_per_category(area):
    # 2026-11-23 (Mon) is 勤労感謝の日.
    assert holiday_name(D(2026, 11, 23)) == "勤労感謝の日"
    burnable = GarbageCategoryFactory(name="燃やせるごみ", collect_on_holidays=True)
    cans = GarbageCategoryFactory(name="缶・びん", collect_on_holidays=False)
    rule(area, burnable, weekly_days=[0, 3])
    rule(area, cans, weekly_days=[0])
    assert D(2026, 11, 23) in collection_dates(
        area, burnable, D(2026, 11, 23), D(2026, 11, 23)
    )
    assert collection_dates(area, cans, D(2026, 11, 23), D(2026, 11, 23)) == []
    upcoming = {
        n.category.name: n.date for n in next_collections(area, D(2026, 11, 23))
    }
    assert upcoming == {"燃やせるごみ": D(2026, 11, 23), "缶・びん": D(2026, 11, 30)}


def test_year_end_closure_and_moved_date(area):
    burnable = GarbageCategoryFactory(name="燃やせるごみ")
    rule(area, burnable, weekly_days=[3])  # 毎週木曜: 12/31 and 1/7
    center = CollectionCenter.objects.create(name="大竹市")
    CollectionClosure.objects.create(
        center=center, start=D(2026, 12, 31), end=D(2027, 1, 3), label="年末年始"
    )
    area.center = center
    area.save()
    assert collection_dates(area, burnable, D(2026, 12, 28), D(2027, 1, 10)) == [
        D(2027, 1, 7)
    ]
    # Staff move the 12/31 collection to 12/30 for every category due that day.
    CollectionException.objects.create(
        collection_area=area, date=D(2026, 12, 31), new_date=D(2026, 12, 30)
    )
    assert collection_dates(area, burnable, D(2026, 12, 28), D(2027, 1, 10)) == [
        D(2026, 12, 30),
        D(2027, 1, 7),
    ]
    assert next_collections(area, D(2026, 12, 29))[0].date == D(2026, 12, 30)
    assert next_collections(area, D(2026, 12, 29))[0].label == "12月30日(水)"


def test_moved_day_for_all_categories_only_moves_those_due(area):
    burnable = GarbageCategoryFactory(name="燃やせるごみ")
    paper = GarbageCategoryFactory(name="古紙")
    rule(area, burnable, weekly_days=[3])
    rule(area, paper, weekly_days=[4])
    CollectionException.objects.create(
        collection_area=area, date=D(2026, 12, 31), new_date=D(2026, 12, 30)
    )
    assert collection_dates(area, paper, D(2026, 12, 28), D(2027, 1, 3)) == [
        D(2027, 1, 1)
    ]


def test_cancelled_and_extra_days_for_one_category(area):
    bulky = GarbageCategoryFactory(name="粗大ごみ")
    rule(area, bulky, note="申込制（電話で予約）")
    CollectionException.objects.create(
        collection_area=area, category=bulky, new_date=D(2027, 2, 10)
    )
    assert next_collections(area, D(2026, 11, 24))[0].date == D(2027, 2, 10)
    burnable = GarbageCategoryFactory(name="燃やせるごみ")
    rule(area, burnable, weekly_days=[1])
    CollectionException.objects.create(
        collection_area=area, category=burnable, date=D(2026, 11, 24)
    )
    assert next_collections(area, D(2026, 11, 24))[0].date == D(2026, 12, 1)


def test_next_collections_sorted_and_skip_categories_without_days(area):
    burnable = GarbageCategoryFactory(name="燃やせるごみ")
    bottles = GarbageCategoryFactory(name="ペットボトル")
    bulky = GarbageCategoryFactory(name="粗大ごみ")
    rule(area, bottles, nth_weeks=[2, 4], nth_days=[2])
    rule(area, burnable, weekly_days=[0, 3])
    rule(area, bulky, note="申込制")
    result = next_collections(area, D(2026, 11, 24))
    # 2026-11-25 is the 4th Wednesday.
    assert [(n.category.name, n.date) for n in result] == [
        ("ペットボトル", D(2026, 11, 25)),
        ("燃やせるごみ", D(2026, 11, 26)),
    ]


def test_collections_on_groups_by_collection_area(area):
    other = CollectionArea.objects.create(name="小方地区")
    burnable = GarbageCategoryFactory(name="燃やせるごみ")
    cans = GarbageCategoryFactory(name="缶・びん")
    rule(area, burnable, weekly_days=[3])
    rule(area, cans, nth_weeks=[4], nth_days=[3])
    rule(other, burnable, weekly_days=[1, 4])
    assert collections_on(D(2026, 11, 26)) == {area.pk: [burnable, cans]}
    assert collections_on(D(2026, 11, 27)) == {other.pk: [burnable]}


def test_prefetched_areas_need_no_further_queries(area, django_assert_num_queries):
    burnable = GarbageCategoryFactory(name="燃やせるごみ")
    rule(area, burnable, weekly_days=[3])
    (prefetched,) = prefetch_collection_rules()
    with django_assert_num_queries(0):
        next_collections(prefetched, D(2026, 11, 24))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("毎週月曜日・木曜日", "毎週月曜日・木曜日"),
        ("毎月第2・第4火曜日", "毎月第2・第4火曜日"),
        ("毎月第4水曜日（有害ごみと同じ日）", "毎月第4水曜日（有害ごみと同じ日）"),
        ("申込制（電話で予約）", "申込制（電話で予約）"),
        ("第２・第４水曜日", "毎月第2・第4水曜日"),
        ("毎月第2木曜日（5月〜2月）", "毎月第2木曜日（5月〜2月）"),
    ],
)
def test_old_days_text_reads_into_rules_and_back(text, expected):
    schedule = CollectionSchedule()
    schedule.days = text
    assert schedule.days == expected


def test_parsed_rules_are_structured():
    parts = parse_days_text("毎週火曜日・金曜日")
    assert parts.weekly_days == [1, 4] and not parts.nth_days


def test_collections_between_gives_a_month_view(area):
    burnable = GarbageCategoryFactory(name="燃やせるごみ", sort_order=1)
    bottles = GarbageCategoryFactory(name="ペットボトル", sort_order=2)
    rule(area, burnable, weekly_days=[2])
    rule(area, bottles, nth_weeks=[2], nth_days=[2])
    month = collections_between(area, D(2026, 12, 1), D(2026, 12, 31))
    assert list(month) == [D(2026, 12, d) for d in (2, 9, 16, 23, 30)]
    assert month[D(2026, 12, 9)] == [burnable, bottles]
    assert month[D(2026, 12, 16)] == [burnable]

"""``seed_demo`` builds a realistic Otake site and is safe to run again."""

import datetime
from io import StringIO

from django.core.management import call_command

import pytest

from home.collection_calendar import collection_dates, next_collections
from home.models import (
    Area,
    CollectionArea,
    CollectionClosure,
    CollectionException,
    CollectionSchedule,
    DisasterNoticePage,
    GarbageCategory,
    GarbageItem,
    NewsPage,
    Shelter,
    SurveyPage,
    Topic,
)


pytestmark = pytest.mark.django_db

MODELS = [
    Topic,
    Area,
    Shelter,
    GarbageCategory,
    GarbageItem,
    CollectionArea,
    CollectionSchedule,
    CollectionClosure,
    CollectionException,
    NewsPage,
    DisasterNoticePage,
    SurveyPage,
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def seed() -> None:
    call_command("seed_demo", stdout=StringIO())


def test_seed_demo_builds_the_demo_site(client):
    seed()

    assert NewsPage.objects.live().count() == 10
    assert DisasterNoticePage.objects.live().count() == 3
    survey = SurveyPage.objects.live().get()
    assert {q.field_type for q in survey.questions.all()} >= {
        "area",
        "topics",
        "radio",
        "checkboxes",
        "dropdown",
        "number",
        "date",
        "singleline",
        "multiline",
        "explanation",
    }
    assert DisasterNoticePage.objects.filter(lifted_at__isnull=False).count() == 1
    assert GarbageItem.objects.count() >= 100
    assert Shelter.objects.count() >= 12
    assert {
        "大竹市役所",
        "総合市民会館",
        "玖波小学校",
        "木野集会所",
        "阿多田漁村センター",
    } <= set(Shelter.objects.values_list("name", flat=True))
    assert {"防災", "ごみ", "子育て"} <= set(
        Topic.objects.values_list("name", flat=True)
    )
    assert Area.objects.filter(name="玖波").exists()
    # Every 地区 belongs to one collection area.
    assert not Area.objects.filter(collection_areas__isnull=True).exists()

    assert client.get("/").status_code == 200
    for page in [*NewsPage.objects.live(), *DisasterNoticePage.objects.live()]:
        assert client.get(page.url).status_code == 200, page.url

    # The shelters button of the evacuation notice opens this site's shelters page.
    buttons = [
        block.value
        for page in DisasterNoticePage.objects.live()
        for block in page.body
        if block.block_type == "button"
        and block.value["label"] == "避難所の開設状況を見る"
    ]
    assert buttons and {b["url"] for b in buttons} == {"http://testserver/shelters/"}


def test_seed_demo_twice_creates_no_duplicates():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_seeded_content_is_searchable_in_japanese(client):
    seed()

    def titles(query: str) -> set[str]:
        return {
            p.title
            for p in client.get("/search/", {"q": query}).context["search_results"]
        }

    assert any("収集日" in t or "ごみ" in t for t in titles("収集日"))
    assert titles("ごみ") == titles("ゴミ") == titles("ｺﾞﾐ")
    assert len(titles("ごみ")) >= 3


def test_seed_demo_keeps_staff_edits():
    seed()
    item = GarbageItem.objects.get(name="ペットボトル")
    item.notes = "職員が書き直した注意事項"
    item.save()
    seed()
    assert (
        GarbageItem.objects.get(name="ペットボトル").notes == "職員が書き直した注意事項"
    )


def test_demo_collection_areas_have_structured_rules():
    seed()
    ogata = CollectionArea.objects.get(name="小方・元町・白石地区")
    burnable = GarbageCategory.objects.get(slug="moyasu")
    rule = ogata.schedules.get(category=burnable)
    assert rule.weekly_days == [0, 3] and rule.days == "毎週月曜日・木曜日"
    # Thursday 12/31 falls in the year-end closure and is moved to 12/30.
    assert collection_dates(
        ogata, burnable, datetime.date(2026, 12, 28), datetime.date(2027, 1, 4)
    ) == [
        datetime.date(2026, 12, 28),
        datetime.date(2026, 12, 30),
        datetime.date(2027, 1, 4),
    ]
    # Every area has a next day for its regular categories.
    for collection_area in CollectionArea.objects.all():
        found = next_collections(collection_area, datetime.date(2026, 11, 24))
        assert len(found) >= 7, collection_area.name
    # 阿多田's bulky waste is a month-limited rule (年4回).
    atata = CollectionArea.objects.get(name="阿多田地区")
    bulky = atata.schedules.get(category__slug="sodai")
    assert bulky.months == [2, 5, 8, 11]

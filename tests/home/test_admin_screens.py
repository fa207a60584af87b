"""The admin screens staff use for city data open and save without errors."""

import pytest

from home.models import CollectionArea, Shelter, Topic
from tests.factories import AreaFactory, GarbageCategoryFactory


pytestmark = pytest.mark.django_db

SNIPPETS = [
    "topic",
    "area",
    "shelter",
    "garbagecategory",
    "garbageitem",
    "collectionarea",
    "collectioncenter",
]


@pytest.mark.parametrize("model", SNIPPETS)
def test_snippet_listing_and_add_form_open(admin_client, model):
    assert admin_client.get(f"/admin/snippets/home/{model}/").status_code == 200
    assert admin_client.get(f"/admin/snippets/home/{model}/add/").status_code == 200


def test_city_settings_open(admin_client):
    response = admin_client.get("/admin/settings/home/citysettings/", follow=True)
    assert response.status_code == 200
    assert "市区町村名" in response.content.decode()


def test_staff_add_a_shelter_with_hazards_and_areas(admin_client):
    area = AreaFactory(name="玖波")
    response = admin_client.post(
        "/admin/snippets/home/shelter/add/",
        {
            "name": "玖波公民館",
            "reading": "くばこうみんかん",
            "status": "open",
            "address": "大竹市玖波（デモ）",
            "latitude": "34.2601",
            "longitude": "132.2301",
            "capacity": "120",
            "serves_flood": "on",
            "serves_earthquake": "on",
            "areas": [area.pk],
            "notes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    shelter = Shelter.objects.get(name="玖波公民館")
    assert shelter.hazards == ["洪水", "地震"]
    assert list(shelter.areas.all()) == [area]


def test_wrong_colour_gets_a_japanese_message(admin_client):
    response = admin_client.post(
        "/admin/snippets/home/garbagecategory/add/",
        {
            "name": "燃やせるごみ",
            "slug": "moyasu",
            "colour": "red",
            "how_to_put_out": "袋で",
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert "6桁の16進数" in response.content.decode()


def test_topic_slug_must_be_ascii(admin_client):
    response = admin_client.post(
        "/admin/snippets/home/topic/add/",
        {"name": "防災", "slug": "防災", "description": "", "sort_order": 0},
    )
    assert response.status_code == 200
    assert not Topic.objects.exists()


def collection_area_form(category, **rule):
    """The add form of a 収集地区 as the browser posts it (one rule, no exceptions)."""
    data = {
        "name": "玖波地区",
        "areas": [AreaFactory(name="玖波").pk],
        "center": "",
        "sort_order": 0,
        "schedules-TOTAL_FORMS": 1,
        "schedules-INITIAL_FORMS": 0,
        "schedules-MIN_NUM_FORMS": 0,
        "schedules-MAX_NUM_FORMS": 1000,
        "schedules-0-id": "",
        "schedules-0-ORDER": 1,
        "schedules-0-category": category.pk,
        "schedules-0-note": "",
        "exceptions-TOTAL_FORMS": 0,
        "exceptions-INITIAL_FORMS": 0,
        "exceptions-MIN_NUM_FORMS": 0,
        "exceptions-MAX_NUM_FORMS": 1000,
    }
    data.update({f"schedules-0-{key}": value for key, value in rule.items()})
    return data


def test_staff_tick_collection_days_as_checkboxes(admin_client):
    bottles = GarbageCategoryFactory(name="ペットボトル")
    response = admin_client.post(
        "/admin/snippets/home/collectionarea/add/",
        collection_area_form(bottles, nth_weeks=["2", "4"], nth_days=["2"]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = CollectionArea.objects.get(name="玖波地区").schedules.get()
    assert rule.nth_weeks == [2, 4] and rule.nth_days == [2]
    assert rule.days == "毎月第2・第4水曜日"
    edit = admin_client.get(
        f"/admin/snippets/home/collectionarea/edit/{rule.collection_area_id}/"
    )
    assert "毎週の曜日" in edit.content.decode()


def test_a_week_without_a_weekday_gets_a_japanese_message(admin_client):
    bottles = GarbageCategoryFactory(name="ペットボトル")
    response = admin_client.post(
        "/admin/snippets/home/collectionarea/add/",
        collection_area_form(bottles, nth_weeks=["2"]),
    )
    assert response.status_code == 200
    assert "両方選んでください" in response.content.decode()
    assert not CollectionArea.objects.exists()


def test_a_rule_without_days_or_note_gets_a_japanese_message(admin_client):
    bottles = GarbageCategoryFactory(name="ペットボトル")
    response = admin_client.post(
        "/admin/snippets/home/collectionarea/add/", collection_area_form(bottles)
    )
    assert response.status_code == 200
    assert "曜日を選ぶか" in response.content.decode()
    assert not CollectionArea.objects.exists()

"""Every endpoint answers what its schema says, with the content residents see on LINE."""

import datetime

from django.utils import timezone

import pytest

from home import collection_calendar
from line_delivery.chat.text import garbage_search

from .conftest import assert_matches_schema


pytestmark = pytest.mark.django_db

V1 = "/api/v1/"


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.mark.parametrize(
    "kind",
    [
        "disaster-notices",
        "news",
        "garbage/categories",
        "garbage/items",
        "shelters",
        "areas",
        "topics",
        "faqs",
        "surveys",
    ],
)
def test_every_list_and_its_first_detail_match_the_schema(client, city, kind):
    listing = assert_matches_schema(V1 + kind + "/", get(client, V1 + kind + "/"))
    assert listing["meta"]["total_count"] == len(listing["items"]) > 0
    first = listing["items"][0]["id"]
    detail = assert_matches_schema(
        f"{V1}{kind}/{first}/", get(client, f"{V1}{kind}/{first}/")
    )
    assert detail == listing["items"][0]


def test_japanese_comes_as_utf8_not_escapes(client, city):
    response = get(client, V1 + "disaster-notices/")
    assert "大雨による高齢者等避難".encode() in response.content
    assert b"\\u" not in response.content
    assert response["Content-Type"].startswith("application/json")


def test_notices_carry_their_state_level_hazard_areas_and_shelters(client, city):
    data = get(client, V1 + "disaster-notices/").json()
    by_title = {notice["title"]: notice for notice in data["items"]}
    in_force = by_title["大雨による高齢者等避難"]
    assert in_force["state"] == "in_force" and in_force["in_force"] is True
    assert in_force["level"] == 3
    assert in_force["level_label"] == "警戒レベル3（高齢者等避難）"
    assert in_force["hazard_label"] == "大雨"
    assert [area["name"] for area in in_force["areas"]] == ["玖波"]
    assert in_force["shelters"][0]["name"] == "総合市民会館"
    assert in_force["shelters"][0]["status"] == "open"
    lifted = by_title["強風注意報（解除）"]
    assert lifted["state"] == "lifted" and lifted["lifted_at"]

    only_in_force = get(client, V1 + "disaster-notices/", state="in_force").json()
    assert [n["title"] for n in only_in_force["items"]] == ["大雨による高齢者等避難"]
    only_lifted = get(client, V1 + "disaster-notices/", state="lifted").json()
    assert [n["title"] for n in only_lifted["items"]] == ["強風注意報（解除）"]
    assert client.get(V1 + "disaster-notices/", {"state": "maybe"}).status_code == 400


def test_pagination_is_limit_and_offset_like_wagtail(client, city):
    first = get(client, V1 + "garbage/items/", limit=2).json()
    second = get(client, V1 + "garbage/items/", limit=2, offset=2).json()
    assert first["meta"]["total_count"] == second["meta"]["total_count"] == 4
    names = [i["name"] for i in first["items"] + second["items"]]
    assert len(set(names)) == 4


def test_garbage_items_have_reading_category_how_to_put_out(client, city):
    data = get(client, V1 + "garbage/items/", category="petto").json()
    assert {item["name"] for item in data["items"]} == {"ペットボトル", "ボトル缶"}
    pet = next(item for item in data["items"] if item["name"] == "ペットボトル")
    assert pet["reading"] == "ぺっとぼとる"
    assert pet["aliases"] == ["PET"]
    assert pet["category"]["name"] == "ペットボトル類"
    assert pet["how_to_put_out"] == "キャップを外して。"


def test_garbage_search_answers_like_the_chat(client, city):
    # A resident's way of asking: half-width katakana and a question around it.
    response = get(client, V1 + "garbage/search/", q="ﾍﾟｯﾄﾎﾞﾄﾙってどう出すの？")
    data = assert_matches_schema(V1 + "garbage/search/", response)
    assert data["is_confident"] is True
    assert data["answer"]["name"] == "ペットボトル"
    assert data["answer"]["how_to_put_out"] == "キャップを外して。"
    assert data["choices"] == []


def test_garbage_search_offers_the_chats_choices_when_unclear(client, city):
    chat = garbage_search("ボトル")
    assert not chat.is_confident and len(chat.choices) >= 2
    data = get(client, V1 + "garbage/search/", q="ボトル").json()
    assert data["answer"] is None
    assert [item["id"] for item in data["choices"]] == [m.key for m in chat.choices]
    assert client.get(V1 + "garbage/search/").status_code == 400


def test_collection_days_use_the_calendar_engine(client, city):
    kuba = city["areas"][0]
    response = get(
        client,
        V1 + "collection-days/",
        area=kuba.pk,
        start="2026-12-01",
        end="2026-12-14",
    )
    data = assert_matches_schema(V1 + "collection-days/", response)
    [collection_area] = data["collection_areas"]
    days = {
        row["date"]: [c["name"] for c in row["categories"]]
        for row in collection_area["days"]
    }
    # 毎週月・木 燃やせるごみ; 第2水曜 ペットボトル類 (December 9th, 2026).
    assert days == {
        "2026-12-03": ["燃やせるごみ"],
        "2026-12-07": ["燃やせるごみ"],
        "2026-12-09": ["ペットボトル類"],
        "2026-12-10": ["燃やせるごみ"],
        "2026-12-14": ["燃やせるごみ"],
    }
    engine = collection_calendar.collections_between(
        city["collection_area"], datetime.date(2026, 12, 1), datetime.date(2026, 12, 14)
    )
    assert sorted(days) == [day.isoformat() for day in engine]

    only_bottles = get(
        client,
        V1 + "collection-days/",
        area=kuba.pk,
        start="2026-12-01",
        end="2026-12-31",
        category="petto",
    ).json()
    assert [r["date"] for r in only_bottles["collection_areas"][0]["days"]] == [
        "2026-12-09"
    ]
    too_long = client.get(
        V1 + "collection-days/",
        {"area": kuba.pk, "start": "2026-01-01", "end": "2028-01-01"},
    )
    assert too_long.status_code == 400


def test_shelters_filter_by_status_with_coordinates(client, city):
    data = get(client, V1 + "shelters/", status="open,full").json()
    assert [s["name"] for s in data["items"]] == ["総合市民会館"]
    hall = data["items"][0]
    assert hall["latitude"] == pytest.approx(34.237)
    assert hall["longitude"] == pytest.approx(132.222)
    assert hall["status_label"] == "開設"


def test_disaster_mode_and_open_surveys(client, city):
    from home import disaster_mode

    data = assert_matches_schema(
        V1 + "disaster-mode/", get(client, V1 + "disaster-mode/")
    )
    assert data["active"] is False
    disaster_mode.enter(reason="大雨")
    assert get(client, V1 + "disaster-mode/").json()["active"] is True

    surveys = get(client, V1 + "surveys/").json()
    assert [s["title"] for s in surveys["items"]] == ["防災アンケート"]
    assert surveys["items"][0]["answer_url"].endswith(
        f"/liff/surveys/{city['survey'].pk}/"
    )


def test_unpublished_pages_are_not_served(client, city):
    notice = city["notice"]
    notice.unpublish()
    assert client.get(f"{V1}disaster-notices/{notice.pk}/").status_code == 404
    titles = [n["title"] for n in get(client, V1 + "disaster-notices/").json()["items"]]
    assert "大雨による高齢者等避難" not in titles


def test_wagtail_pages_match_their_hand_kept_schema(client, city):
    response = get(client, "/api/v2/pages/", type="home.DisasterNoticePage")
    data = assert_matches_schema("/api/v2/pages/", response)
    assert data["meta"]["total_count"] == 2
    detail = f"/api/v2/pages/{city['notice'].pk}/"
    assert assert_matches_schema(detail, get(client, detail))["title"] == (
        "大雨による高齢者等避難"
    )


def test_news_filters_by_topic(client, city):
    data = get(client, V1 + "news/", topic="bousai").json()
    assert [n["title"] for n in data["items"]] == ["ごみ収集日の変更について"]
    assert data["items"][0]["topics"][0]["slug"] == "bousai"
    assert get(client, V1 + "news/", topic="kosodate").json()["items"] == []
    assert timezone.now()  # the fixture's dates are aware

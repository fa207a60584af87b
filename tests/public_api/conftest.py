"""A small city's worth of public content, and a validator for the OpenAPI schema."""

from __future__ import annotations

import copy
import datetime
from functools import lru_cache
import re

from django.utils import timezone

from drf_spectacular.generators import SchemaGenerator
import jsonschema
import pytest

from home.models import (
    CollectionArea,
    CollectionSchedule,
    DisasterMode,
    Faq,
    ShelterStatus,
)
from tests.factories import (
    AreaFactory,
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    GarbageCategoryFactory,
    GarbageItemFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ShelterFactory,
    SurveyPageFactory,
    TopicFactory,
)


@pytest.fixture
def city(home_page):
    """Areas, topics, garbage guide, shelters, news, notices (one lifted), FAQ, surveys."""
    kuba = AreaFactory(name="玖波", reading="くば")
    ogata = AreaFactory(name="小方", reading="おがた")
    bousai = TopicFactory(name="防災", slug="bousai")
    burnable = GarbageCategoryFactory(
        name="燃やせるごみ", slug="moyasu", how_to_put_out="指定袋で朝8時30分までに。"
    )
    bottles = GarbageCategoryFactory(
        name="ペットボトル類", slug="petto", how_to_put_out="キャップを外して。"
    )
    pet = GarbageItemFactory(
        name="ペットボトル", reading="ぺっとぼとる", aliases="PET", category=bottles
    )
    GarbageItemFactory(name="生ごみ", reading="なまごみ", category=burnable)
    GarbageItemFactory(name="ボトル瓶", reading="ぼとるびん", category=burnable)
    GarbageItemFactory(name="ボトル缶", reading="ぼとるかん", category=bottles)
    collection_area = CollectionArea.objects.create(name="玖波収集地区")
    collection_area.areas.set([kuba])
    collection_area.save()
    CollectionSchedule.objects.create(
        collection_area=collection_area, category=burnable, weekly_days=[0, 3]
    )
    CollectionSchedule.objects.create(
        collection_area=collection_area, category=bottles, nth_weeks=[2], nth_days=[2]
    )
    hall = ShelterFactory(
        name="総合市民会館",
        status=ShelterStatus.OPEN,
        latitude="34.237000",
        longitude="132.222000",
        address="大竹市西栄1丁目",
    )
    hall.areas.set([kuba])
    ShelterFactory(name="玖波公民館", status=ShelterStatus.CLOSED)
    news_index = NewsIndexPageFactory(parent=home_page)
    news = NewsPageFactory(parent=news_index, title="ごみ収集日の変更について")
    news.topics.set([bousai])
    news.save()
    disaster_index = DisasterIndexPageFactory(parent=home_page)
    in_force = DisasterNoticePageFactory(
        parent=disaster_index, title="大雨による高齢者等避難", level=3
    )
    in_force.shelters.set([hall])
    in_force.target_areas.set([kuba])
    in_force.save()
    lifted = DisasterNoticePageFactory(
        parent=disaster_index,
        title="強風注意報（解除）",
        level=2,
        lifted_at=timezone.now(),
    )
    Faq.objects.create(
        question="粗大ごみの出し方は？", keywords="粗大ごみ", answer_text="予約制です。"
    )
    now = timezone.now()
    open_survey = SurveyPageFactory(
        parent=home_page,
        title="防災アンケート",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=7),
    )
    SurveyPageFactory(
        parent=home_page,
        title="終わったアンケート",
        closes_at=now - datetime.timedelta(days=1),
    )
    DisasterMode.load()
    return {
        "areas": [kuba, ogata],
        "topic": bousai,
        "categories": [burnable, bottles],
        "item": pet,
        "collection_area": collection_area,
        "shelter": hall,
        "news": news,
        "notice": in_force,
        "lifted": lifted,
        "survey": open_survey,
    }


@lru_cache(maxsize=1)
def generated_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _strict(schema):
    """Every documented object refuses undocumented keys (so the schema cannot lag)."""
    if isinstance(schema, dict):
        schema = {key: _strict(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            schema["unevaluatedProperties"] = False
        return schema
    if isinstance(schema, list):
        return [_strict(value) for value in schema]
    return schema


def _template_for(path: str, paths: dict) -> str:
    for template in paths:
        pattern = "^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{path} is not in the schema")


def assert_matches_schema(path: str, response, status: int = 200) -> dict:
    """The response body is what the OpenAPI schema says for this path and status."""
    schema = generated_schema()
    template = _template_for(path.split("?")[0], schema["paths"])
    operation = schema["paths"][template]["get"]
    documented = operation["responses"][str(status)]["content"]["application/json"]
    root = _strict(
        {**copy.deepcopy(documented["schema"]), "components": schema["components"]}
    )
    data = response.json()
    jsonschema.Draft202012Validator(root).validate(data)
    return data

"""No answer of the public API carries personal data: friends, answers, chats, LINE ids."""

import json

import pytest

from line_delivery.models import Friend, UnansweredQuery
from line_delivery.surveys.models import SurveyAnswer

from .conftest import generated_schema


pytestmark = pytest.mark.django_db

LINE_USER_ID = "U" + "4af4980629" * 3 + "ab"
ANSWER_TEXT = "自宅は玖波3丁目の青い屋根です"
ASKED_TEXT = "電話は0827-00-1234の件"
PERSONAL_KEYS = {
    "line_user_id",
    "line_user_id_hash",
    "user_id",
    "userId",
    "friend",
    "friends",
    "answers",
    "respondent_key",
    "conversation",
    "messages",
    "changed_by",
    "example_text",
}


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def _every_get_path(city) -> list[str]:
    """Every path of the schema, ids filled with the fixture's rows."""
    ids = {
        "/api/v1/disaster-notices/{id}/": city["notice"].pk,
        "/api/v1/news/{id}/": city["news"].pk,
        "/api/v1/garbage/categories/{id}/": city["categories"][0].pk,
        "/api/v1/garbage/items/{id}/": city["item"].pk,
        "/api/v1/shelters/{id}/": city["shelter"].pk,
        "/api/v1/areas/{id}/": city["areas"][0].pk,
        "/api/v1/topics/{id}/": city["topic"].pk,
        "/api/v1/surveys/{id}/": city["survey"].pk,
        "/api/v2/pages/{id}/": city["survey"].pk,
    }
    paths = []
    for template in generated_schema()["paths"]:
        if "{id}" in template:
            if template == "/api/v1/faqs/{id}/":
                from home.models import Faq

                paths.append(template.format(id=Faq.objects.get().pk))
                continue
            paths.append(template.format(id=ids[template]))
        elif template.endswith("garbage/search/"):
            paths.append(template + "?q=ペットボトル")
        elif template.endswith("collection-days/"):
            paths.append(template + f"?area={city['areas'][0].pk}")
        elif template == "/api/v2/pages/":
            paths.append(template + "?fields=*&type=home.SurveyPage")
        else:
            paths.append(template)
    return paths


def test_no_personal_field_or_value_in_any_answer(client, city, django_user_model):
    from home import disaster_mode

    friend = Friend.objects.create(line_user_id=LINE_USER_ID)
    friend.areas.add(city["areas"][0])
    SurveyAnswer.objects.create(
        page=city["survey"],
        respondent_key="k" * 64,
        friend=friend,
        answers={"q1": ANSWER_TEXT},
    )
    UnansweredQuery.objects.create(normalized_text=ASKED_TEXT, example_text=ASKED_TEXT)
    staff = django_user_model.objects.create_user("kikikanri", password="x" * 20)
    disaster_mode.enter(user=staff, reason="大雨")

    paths = _every_get_path(city)
    assert len(paths) >= 23
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        for secret in (LINE_USER_ID, ANSWER_TEXT, ASKED_TEXT, "kikikanri", "k" * 64):
            assert secret not in text, (path, secret)
        leaked = PERSONAL_KEYS & set(_keys(json.loads(text)))
        assert not leaked, (path, leaked)

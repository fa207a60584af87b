"""Admin listings make the same number of queries for 3 rows as for 30 (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms import audit
from line_delivery.models import Delivery, Friend
from line_delivery.models import TestMember as Member
from tests.factories import (
    AreaFactory,
    GarbageCategoryFactory,
    GarbageItemFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ShelterFactory,
    TopicFactory,
)
from tests.fake_line.server import new_user_id


pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # warm caches (site, settings, permissions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(kind: str, n: int, context: dict) -> None:
    for i in range(n):
        if kind == "friends":
            friend = Friend.objects.create(line_user_id=new_user_id())
            friend.topics.add(context["topic"])
            friend.areas.add(context["area"])
        elif kind == "items":
            GarbageItemFactory(name=f"品目{i}-{n}", category=context["category"])
        elif kind == "news":
            NewsPageFactory(parent=context["news_index"], title=f"お知らせ{i}-{n}")
        elif kind == "shelters":
            ShelterFactory(name=f"避難所{i}-{n}")
        elif kind == "test members":
            friend = Friend.objects.create(line_user_id=new_user_id())
            Member.objects.create(name=f"職員{i}-{n}", friend=friend)
        elif kind == "audit":
            audit.record(context["user"], "disaster_mode.on", f"記録{i}-{n}")
        elif kind == "deliveries":
            Delivery.objects.create(title=f"配信{i}-{n}", kind=Delivery.Kind.PUBLISH)


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("friends", "/admin/friend/"),
        ("items", "/admin/snippets/home/garbageitem/"),
        ("news", "/admin/pages/{news_index}/"),
        ("shelters", "/admin/snippets/home/shelter/"),
        ("shelters", "/admin/shelters/status/"),
        ("deliveries", "/admin/delivery/"),
        ("test members", "/admin/testmember/"),
        ("audit", "/admin/audit_log/"),
    ],
)
def test_listing_queries_do_not_grow_with_rows(
    admin_client, admin_user, home_page, kind, url
):
    context = {
        "user": admin_user,
        "topic": TopicFactory(),
        "area": AreaFactory(),
        "category": GarbageCategoryFactory(),
        "news_index": NewsIndexPageFactory(parent=home_page),
    }
    url = url.format(news_index=context["news_index"].pk)
    _grow(kind, 3, context)
    few = _queries(admin_client, url)
    _grow(kind, 27, context)
    many = _queries(admin_client, url)
    assert many == few, f"{url}: {few} queries for 3 rows, {many} for 30"

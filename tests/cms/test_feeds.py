"""Atom feeds: valid XML, Japanese titles, absolute links, newest first."""

import datetime
from xml.etree import ElementTree

from django.utils import timezone

import pytest

from tests.factories import (
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)


pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse_feed(response) -> ElementTree.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def test_news_feed_is_atom_with_japanese_titles_and_absolute_links(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(
        parent=index, title="古いお知らせ", slug="old", date=datetime.date(2026, 1, 5)
    )
    NewsPageFactory(parent=index, title="市民まつりのお知らせ", slug="matsuri")

    feed = parse_feed(client.get("/feeds/news/"))

    assert feed.tag == f"{ATOM}feed"
    assert "お知らせ" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "市民まつりのお知らせ",
        "古いお知らせ",
    ]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://testserver/news/matsuri/"
    assert entries[0].find(f"{ATOM}summary").text == "市からのお知らせです。"
    assert entries[0].find(f"{ATOM}updated").text


def test_news_feed_leaves_out_drafts(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="下書きのお知らせ", live=False)
    feed = parse_feed(client.get("/feeds/news/"))
    assert feed.findall(f"{ATOM}entry") == []


def test_disaster_feed_marks_level_and_lifting(client, home_page):
    index = DisasterIndexPageFactory(parent=home_page)
    DisasterNoticePageFactory(parent=index, title="大雨", level=3)
    DisasterNoticePageFactory(
        parent=index,
        title="避難指示",
        level=4,
        issued_at=timezone.now() - datetime.timedelta(days=2),
        lifted_at=timezone.now() - datetime.timedelta(days=1),
    )

    feed = parse_feed(client.get("/feeds/disaster/"))

    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["【警戒レベル3（高齢者等避難）】大雨", "【解除】避難指示"]
    summary = feed.find(f"{ATOM}entry").find(f"{ATOM}summary").text
    assert "市内全域" in summary

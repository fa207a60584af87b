"""The public JSON API (Wagtail API v2) that other systems read."""

import pytest

from tests.factories import (
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    TopicFactory,
)


pytestmark = pytest.mark.django_db


def test_news_api_lists_live_news_with_japanese_text_unescaped(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    for number in range(6):
        NewsPageFactory(parent=index, title=f"お知らせ第{number}号")
    NewsPageFactory(parent=index, title="下書き", live=False)

    response = client.get("/api/v2/pages/", {"type": "home.NewsPage"})

    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert "お知らせ第0号" in body  # raw UTF-8, not \\u escapes
    assert "\\u" not in body
    data = response.json()
    assert data["meta"]["total_count"] == 6
    assert "下書き" not in body


def test_news_detail_has_rich_text_as_html_and_audience(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    topic = TopicFactory(name="ごみ", slug="gomi")
    page = NewsPageFactory(
        parent=index,
        body=[
            {
                "type": "paragraph",
                "value": f'<p><a linktype="page" id="{index.pk}">一覧</a></p>',
            }
        ],
    )
    page.topics.set([topic])
    page.save()

    data = client.get(f"/api/v2/pages/{page.pk}/").json()

    assert data["summary"] == "市からのお知らせです。"
    assert data["topic_names"] == ["ごみ"]
    assert data["area_names"] == []
    paragraph = data["body"][0]["value"]
    assert 'href="/news/"' in paragraph
    assert "linktype" not in paragraph


def test_disaster_notice_api_fields(client, home_page):
    index = DisasterIndexPageFactory(parent=home_page)
    notice = DisasterNoticePageFactory(parent=index, level=5, hazard="flood")
    data = client.get(f"/api/v2/pages/{notice.pk}/").json()
    assert data["level"] == 5
    assert data["level_label"] == "警戒レベル5（緊急安全確保）"
    assert data["hazard_label"] == "洪水"
    assert data["is_lifted"] is False

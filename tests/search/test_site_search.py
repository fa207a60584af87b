"""Site search finds Japanese words inside sentences, in any width or kana."""

import pytest

from tests.factories import (
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    paragraphs,
)


pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    pages = {
        "schedule": NewsPageFactory(
            parent=index,
            title="年末年始のお知らせ",
            summary="燃えるごみの収集日が変更になります",
            body=paragraphs("詳しくはお問い合わせください。"),
        ),
        "station": NewsPageFactory(
            parent=index,
            title="ゴミステーションの清掃",
            summary="地域の皆さんへ",
            body=paragraphs("清掃活動にご協力ください。"),
        ),
        "festival": NewsPageFactory(
            parent=index,
            title="市民まつり",
            summary="11月に開催します",
            body=paragraphs("総合市民会館で行います。"),
        ),
    }
    notices = DisasterIndexPageFactory(parent=home_page)
    pages["rain"] = DisasterNoticePageFactory(
        parent=notices, title="大雨警報の発表", summary="避難所を開設します"
    )
    return pages


def result_titles(client, query: str) -> set[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return {page.title for page in response.context["search_results"]}


def test_a_word_inside_a_sentence_is_found(client, news):
    assert result_titles(client, "収集日") == {"年末年始のお知らせ"}


def test_hiragana_katakana_and_half_width_find_the_same_pages(client, news):
    expected = {"年末年始のお知らせ", "ゴミステーションの清掃"}
    assert result_titles(client, "ごみ") == expected
    assert result_titles(client, "ゴミ") == expected
    assert result_titles(client, "ｺﾞﾐ") == expected


def test_words_in_the_body_and_disaster_notices_are_found(client, news):
    assert result_titles(client, "総合市民会館") == {"市民まつり"}
    assert result_titles(client, "警報") == {"大雨警報の発表"}


def test_every_word_must_match(client, news):
    assert result_titles(client, "ごみ 清掃") == {"ゴミステーションの清掃"}
    assert result_titles(client, "収集日 まつり") == set()


def test_drafts_are_not_found(client, home_page, news):
    draft = NewsPageFactory(
        parent=news["schedule"].get_parent(), title="下書きの収集日", live=False
    )
    assert draft.title not in result_titles(client, "収集日")


@pytest.mark.parametrize(
    "query",
    [
        "あ" * 10_000,
        "収集日" * 3_000,
        "'; DROP TABLE wagtailcore_page; --",
        '" OR 1=1 --',
        "<script>alert('x')</script>",
        "%00%27\\",
        "!!! ??? ***",
        "AND OR NOT ( ) :*",
    ],
)
def test_hostile_or_huge_queries_return_a_normal_page(client, news, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "サイト内検索" in html


def test_empty_query_shows_the_form_only(client, news):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "検索結果" not in response.content.decode()

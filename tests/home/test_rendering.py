"""Every page type renders for the public, with what a resident needs to see."""

import datetime

from django.utils import timezone

import pytest

from home.models import CollectionArea, CollectionSchedule, Shelter
from tests.factories import (
    AreaFactory,
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    GarbageCategoryFactory,
    GarbageGuidePageFactory,
    GarbageItemFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ShelterFactory,
)


pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree(home_page):
    news_index = NewsIndexPageFactory(parent=home_page)
    disaster_index = DisasterIndexPageFactory(parent=home_page)
    guide = GarbageGuidePageFactory(parent=home_page)
    return news_index, disaster_index, guide


def test_home_page_puts_active_disaster_notices_before_news(
    client, home_page, site_tree
):
    news_index, disaster_index, _ = site_tree
    NewsPageFactory(parent=news_index, title="市民まつりのお知らせ")
    DisasterNoticePageFactory(parent=disaster_index, title="大雨による高齢者等避難")
    DisasterNoticePageFactory(
        parent=disaster_index, title="解除済みの避難指示", lifted_at=timezone.now()
    )

    html = client.get("/").content.decode()

    assert "発表中の防災情報" in html
    assert html.index("大雨による高齢者等避難") < html.index("市民まつりのお知らせ")
    assert "解除済みの避難指示" not in html  # lifted notices leave the top page
    assert "ごみの分け方・出し方" in html


def test_top_page_reaches_shelters_in_one_tap_in_normal_times(client, site_tree):
    html = client.get("/").content.decode()

    assert "発表中の防災情報" not in html  # normal times: no notice in force
    assert '<a href="/shelters/">避難所の開設状況</a>' in html
    # The feed links say what they are to residents who do not know "Atom".
    assert "お知らせの更新情報（RSS/Atom）" in html
    assert "（Atom）" not in html


def test_news_page_shows_text_table_button_and_audience(client, site_tree):
    news_index, _, _ = site_tree
    area = AreaFactory(name="玖波")
    page = NewsPageFactory(
        parent=news_index,
        title="道路工事のお知らせ",
        date=datetime.date(2026, 11, 20),
        body=[
            {"type": "heading", "value": {"text": "工事の期間", "size": "h2"}},
            {"type": "paragraph", "value": "<p>夜間は<b>通行止め</b>です。</p>"},
            {
                "type": "table",
                "value": {
                    "data": [["日付", "時間"], ["12月1日", "21時〜"]],
                    "first_row_is_header": True,
                    "first_col_is_header": False,
                },
            },
            {
                "type": "button",
                "value": {
                    "label": "詳しく見る",
                    "url": "https://example.jp/",
                    "page": None,
                },
            },
        ],
    )
    page.target_areas.set([area])
    page.save()

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>工事の期間</h2>" in html
    assert "<b>通行止め</b>" in html
    assert '<th scope="col">日付</th>' in html
    assert 'href="https://example.jp/"' in html
    assert "2026年11月20日" in html
    assert "対象: 玖波" in html


def test_news_index_lists_news_newest_first(client, site_tree):
    news_index, _, _ = site_tree
    NewsPageFactory(
        parent=news_index, title="古いお知らせ", date=datetime.date(2026, 1, 1)
    )
    NewsPageFactory(
        parent=news_index, title="新しいお知らせ", date=datetime.date(2026, 11, 1)
    )
    html = client.get(news_index.url).content.decode()
    assert html.index("新しいお知らせ") < html.index("古いお知らせ")


def test_disaster_notice_shows_level_areas_and_shelters(client, site_tree):
    _, disaster_index, _ = site_tree
    shelter = ShelterFactory(name="総合市民会館", status="open")
    notice = DisasterNoticePageFactory(
        parent=disaster_index, level=4, hazard="landslide"
    )
    notice.target_areas.set([AreaFactory(name="栗谷")])
    notice.shelters.set([shelter])
    notice.save()

    html = client.get(notice.url).content.decode()

    assert "警戒レベル4（避難指示）" in html
    assert "土砂災害" in html
    assert "栗谷" in html
    assert "総合市民会館" in html
    assert "開設" in html
    assert "#7A1FA2" in html  # level 4 purple, as in national guidance
    assert 'id="shelters"' in html  # the LINE message's 避難所を見る button lands here


def test_lifted_notice_says_so(client, site_tree):
    _, disaster_index, _ = site_tree
    notice = DisasterNoticePageFactory(parent=disaster_index, lifted_at=timezone.now())
    html = client.get(notice.url).content.decode()
    assert "【解除】" in html
    index_html = client.get(disaster_index.url).content.decode()
    assert "解除されたもの" in index_html
    assert "現在、発表中の防災情報はありません。" in index_html


def test_garbage_guide_lists_and_searches_items(client, site_tree):
    _, _, guide = site_tree
    plastic = GarbageCategoryFactory(name="プラスチック製容器包装")
    bottle = GarbageCategoryFactory(name="ペットボトル")
    GarbageItemFactory(
        name="ペットボトル", reading="ぺっとぼとる", aliases="PET", category=bottle
    )
    GarbageItemFactory(name="卵のパック", reading="たまごのぱっく", category=plastic)

    html = client.get(guide.url).content.decode()
    assert "卵のパック" in html and "ペットボトル" in html

    for query in ("ﾍﾟｯﾄﾎﾞﾄﾙ", "ぺっとぼとる", "pet"):
        html = client.get(guide.url, {"q": query}).content.decode()
        assert "卵のパック" not in html, query
        assert "ペットボトル" in html, query


def test_garbage_guide_shows_each_areas_next_collection_days(client, site_tree):
    _, _, guide = site_tree
    kuba = AreaFactory(name="玖波")
    collection_area = CollectionArea.objects.create(name="玖波地区")
    collection_area.areas.set([kuba])
    collection_area.save()
    burnable = GarbageCategoryFactory(name="燃やせるごみ")
    CollectionSchedule.objects.create(
        collection_area=collection_area, category=burnable, weekly_days=[4]
    )
    today = timezone.localdate()
    friday = today + datetime.timedelta(days=(4 - today.weekday()) % 7)

    html = client.get(guide.url).content.decode()
    assert "毎週金曜日" in html
    assert f"{friday.month}月{friday.day}日(金)" in html
    assert f"/garbage/calendar/{kuba.pk}.ics" in html


def test_escaped_html_in_content_is_not_executed(client, site_tree):
    news_index, _, _ = site_tree
    page = NewsPageFactory(parent=news_index, title="<script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_shelter_status_change_time_is_recorded():
    shelter = ShelterFactory()
    before = shelter.status_changed_at
    shelter.status = "open"
    shelter.save()
    assert Shelter.objects.get(pk=shelter.pk).status_changed_at > before


def test_unknown_page_is_a_japanese_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()

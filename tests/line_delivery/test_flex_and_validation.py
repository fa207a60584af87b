"""Flex messages built from pages, and the Japanese checks staff see before publishing."""

import datetime

from django.utils import timezone

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from line_delivery.flex import as_test, carousel_message, page_message
from line_delivery.validation import line_problems, page_problems
from tests.factories import (
    AreaFactory,
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    NewsPageFactory,
    ShelterFactory,
)


pytestmark = pytest.mark.django_db


def test_disaster_bubble_is_coloured_by_level_and_names_the_areas(home_page):
    index = DisasterIndexPageFactory(parent=home_page)
    notice = DisasterNoticePageFactory(parent=index, level=4, title="避難指示を発令")
    notice.target_areas.set([AreaFactory(name="栗谷")])
    notice.shelters.set([ShelterFactory(name="栗谷農林振興センター")])
    notice.save()

    message = page_message(notice)
    bubble = message["contents"]
    assert bubble["header"]["backgroundColor"] == "#7A1FA2"  # Lv4 purple
    assert bubble["header"]["contents"][1]["text"] == "警戒レベル4（避難指示）"
    body_texts = [c["text"] for c in bubble["body"]["contents"]]
    assert "対象地区: 栗谷" in body_texts
    labels = [c["action"]["label"] for c in bubble["footer"]["contents"]]
    assert labels == ["詳しく見る", "避難所を見る"]
    assert message["altText"].startswith(
        "【警戒レベル4（避難指示）】避難指示を発令（栗谷）"
    )
    assert line_problems([message]) == []


def test_lifted_notice_says_lifted_and_drops_the_shelter_button(home_page):
    index = DisasterIndexPageFactory(parent=home_page)
    notice = DisasterNoticePageFactory(parent=index, level=4, lifted_at=timezone.now())
    notice.shelters.set([ShelterFactory()])
    bubble = page_message(notice)["contents"]
    assert bubble["header"]["contents"][1]["text"] == "解除"
    assert [c["action"]["label"] for c in bubble["footer"]["contents"]] == [
        "詳しく見る"
    ]


def test_carousel_holds_at_most_twelve_pages(home_page, news_index):
    pages = [NewsPageFactory(parent=news_index) for _ in range(13)]
    message = carousel_message(pages[:12])
    assert len(message["contents"]["contents"]) == 12
    assert line_problems([message]) == []
    with pytest.raises(ValueError):
        carousel_message(pages)


def test_test_sends_are_visibly_marked(news_index):
    message = as_test(page_message(NewsPageFactory(parent=news_index)))
    assert message["altText"].startswith("【テスト配信】")
    assert message["contents"]["body"]["contents"][0]["text"].startswith(
        "【テスト配信】"
    )
    assert line_problems([message]) == []


def test_japanese_slug_that_is_too_long_for_a_line_button_is_explained(news_index):
    page = NewsPageFactory(parent=news_index, slug="お知らせ" * 30)
    [(field, message)] = page_problems(page)
    assert field == "slug"
    assert "スラッグ" in message and "1000" in message


def test_html_in_a_title_stays_text_in_the_flex_message(news_index):
    page = NewsPageFactory(parent=news_index, title="<b>太字</b>")
    texts = [c["text"] for c in page_message(page)["contents"]["body"]["contents"]]
    assert "<b>太字</b>" in texts  # LINE shows text literally; nothing is interpreted


def news_form(**overrides):
    data = {
        "title": "LINEに送るお知らせ",
        "slug": "line-news",
        "date": "2026-11-20",
        "summary": "要約です。",
        "main_image_alt": "",
        "send_to_line": "on",
        "body": streamfield([("paragraph", rich_text("<p>本文</p>"))]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_refuses_to_publish_what_line_cannot_carry_and_keeps_the_draft(
    admin_client, news_index
):
    from home.models import NewsPage

    long_slug = "ごみの収集日が変更になります" * 12
    url = f"/admin/pages/add/home/newspage/{news_index.pk}/"

    response = admin_client.post(
        url, {**news_form(slug=long_slug), "action-publish": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "スラッグを短い半角英数字にしてください" in html
    assert not NewsPage.objects.filter(title="LINEに送るお知らせ").exists()

    response = admin_client.post(
        url, news_form(slug=long_slug)
    )  # 下書き保存 still works
    assert response.status_code == 302
    assert NewsPage.objects.get(title="LINEに送るお知らせ").live is False


def test_publishing_without_line_skips_the_line_checks(admin_client, news_index):
    from home.models import NewsPage

    form = news_form(slug="ごみの収集日が変更になります" * 12)
    form.pop("send_to_line")
    response = admin_client.post(
        f"/admin/pages/add/home/newspage/{news_index.pk}/",
        {**form, "action-publish": "1"},
    )
    assert response.status_code == 302
    assert NewsPage.objects.get(title="LINEに送るお知らせ").live


def test_line_preview_mode_shows_the_phone_and_the_problems(admin_client, news_index):
    page = NewsPageFactory(parent=news_index, title="プレビューの確認")
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    form = news_form(title="プレビューの確認", slug="preview-check")
    assert admin_client.post(preview_url, form).json()["is_valid"]
    html = admin_client.get(preview_url, {"mode": "line"}).content.decode()
    assert "LINEの規則に合っています" in html
    assert "プレビューの確認" in html
    assert 'class="flex-button"' in html


def test_line_preview_lists_what_to_fix(admin_client, news_index):
    page = NewsPageFactory(parent=news_index, title="長いURL", slug="お知らせ" * 30)
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    form = news_form(title="長いURL", slug=page.slug)
    assert admin_client.post(preview_url, form).json()["is_valid"]
    html = admin_client.get(preview_url, {"mode": "line"}).content.decode()
    assert "このままではLINEで配信できません" in html
    assert "スラッグ" in html


def test_page_offers_a_line_preview_mode(news_index):
    page = NewsPageFactory(parent=news_index)
    assert ("line", "LINE") in page.preview_modes


def test_issued_time_is_in_japan_time(home_page):
    index = DisasterIndexPageFactory(parent=home_page)
    notice = DisasterNoticePageFactory(
        parent=index,
        issued_at=datetime.datetime(2026, 7, 2, 6, 41, tzinfo=datetime.UTC)
        - datetime.timedelta(hours=9),
    )
    texts = [c["text"] for c in page_message(notice)["contents"]["body"]["contents"]]
    assert "発表: 7月2日 6時41分" in texts


def test_the_line_preview_shows_the_main_image_and_says_when_phones_will_not(
    settings, rf, home_page
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from line_delivery.preview import render_line_preview
    from tests.factories import NewsIndexPageFactory, NewsPageFactory

    image = get_image_model().objects.create(
        title="写真", file=get_test_image_file(size=(1040, 676))
    )
    page = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page),
        main_image=image,
        main_image_alt="市民まつりの会場",
    )

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"  # the demo: http only
    html = render_line_preview(rf.get("/"), page).render().content.decode()
    assert 'class="flex-image" src="/media/images/' in html  # same origin: it shows
    assert "https で公開されているときだけスマートフォンのLINEに表示" in html

    settings.WAGTAILADMIN_BASE_URL = "https://www.city.example.lg.jp"
    html = render_line_preview(rf.get("/"), page).render().content.decode()
    assert 'src="https://www.city.example.lg.jp/media/images/' in html
    assert "https で公開されているときだけ" not in html

"""Page view: pages delivered to LINE open as mobile LIFF pages (詳しく見る)."""

from wagtail.models import PageViewRestriction

import pytest

from line_delivery.flex import page_message
from tests.factories import NewsPageFactory


pytestmark = pytest.mark.django_db


def test_more_button_opens_the_page_in_liff(news_index, settings, client):
    settings.LINE_LIFF_ID = "1234567890-AbcdEfgh"
    page = NewsPageFactory(parent=news_index, title="市民まつりのお知らせ")
    button = page_message(page)["contents"]["footer"]["contents"][0]["action"]
    assert button["label"] == "詳しく見る"
    assert button["uri"] == f"https://liff.line.me/1234567890-AbcdEfgh/pages/{page.pk}/"
    # LIFF appends /pages/<id>/ to the endpoint URL (https://<host>/liff/).
    response = client.get(f"/liff/pages/{page.pk}/")
    assert response.status_code == 200
    html = response.text
    assert "市民まつりのお知らせ" in html and "本文です。" in html
    assert 'class="liff-header"' in html and "site-search" not in html


def test_only_live_public_pages_are_shown(news_index, client):
    draft = NewsPageFactory(parent=news_index, live=False)
    private = NewsPageFactory(parent=news_index)
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    assert client.get(f"/liff/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/liff/pages/{private.pk}/").status_code == 404
    assert client.get("/liff/pages/999999/").status_code == 404

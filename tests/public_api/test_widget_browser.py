"""The city's own page (another origin) embeds the widget with one <script> tag."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import threading

from django.utils import timezone

import pytest

from home.models import ShelterStatus
from tests.factories import (
    DisasterIndexPageFactory,
    DisasterNoticePageFactory,
    ShelterFactory,
)


# live_server needs committed data; serialized_rollback restores the migrations' pages.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CITY_PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>大竹市ホームページ</title></head>
<body style="margin:0;font-family:sans-serif">
<header><h1>大竹市</h1></header>
<main style="padding:0 12px">
<script src="{hub}/api/widget.js" data-interval="2" defer></script>
</main></body></html>"""


@pytest.fixture
def city_site(live_server):
    """A plain HTML page served from a second local HTTP server (another origin)."""
    page = CITY_PAGE.format(hub=live_server.url).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_city_page_shows_a_notice_and_then_its_lifting_without_reloading(
    live_server, city_site, browser, phone, shoot, settings, home_page
):
    settings.CORS_ALLOWED_ORIGINS = [city_site]
    hall = ShelterFactory(
        name="総合市民会館", status=ShelterStatus.OPEN, address="西栄1丁目"
    )
    ShelterFactory(name="玖波公民館", status=ShelterStatus.CLOSED)
    notice = DisasterNoticePageFactory(
        parent=DisasterIndexPageFactory(parent=home_page),
        title="大雨による高齢者等避難",
        level=3,
    )
    notice.shelters.set([hall])
    notice.save_revision().publish()

    phone.goto(city_site + "/")
    widget = phone.locator(".otake-hub-widget")
    notices = widget.locator("ul.notices")
    notices.get_by_text("大雨による高齢者等避難").wait_for()
    assert "警戒レベル3" in notices.inner_text()
    shelters = widget.locator("ul.shelters").inner_text()
    assert "総合市民会館" in shelters and "玖波公民館" not in shelters
    assert widget.get_by_role("heading", name="防災情報").count() == 1
    assert widget.locator("[role=status][aria-live=polite]").count() == 1
    # It fits the site's width: nothing wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "widget-notice-in-force")
    phone.evaluate("window.__notReloaded = true")

    notice.lifted_at = timezone.now()
    notice.save_revision().publish()

    widget.get_by_text("現在、発表中の防災情報はありません。").wait_for(timeout=30_000)
    assert widget.locator("ul.notices").count() == 0
    assert (
        "解除されました: 大雨による高齢者等避難"
        in widget.locator("[role=status]").inner_text()
    )
    assert phone.evaluate("window.__notReloaded") is True
    shoot(phone, "widget-notice-lifted")

    # A site the city did not list gets nothing from the API (CORS).
    settings.CORS_ALLOWED_ORIGINS = []
    stranger = browser.new_context(locale="ja-JP").new_page()  # nothing cached
    stranger.goto(city_site + "/")
    stranger.locator(".otake-hub-widget").get_by_text(
        "防災情報を読み込めませんでした。"
    ).wait_for(timeout=15_000)
    assert "大雨" not in stranger.locator(".otake-hub-widget").inner_text()
    stranger.context.close()

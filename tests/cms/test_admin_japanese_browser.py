"""Every admin screen a staff member reaches from the menu speaks Japanese.

Chromium visits each menu item, the first add form and the first edit form of each
listing, the page explorer and editor, and a page form with validation errors, and
fails on English UI text. Content (the demo's own words), proper nouns and technical
names are on the allow-list below; anything else in Latin letters is untranslated UI.
"""

import json
from pathlib import Path
import re
from urllib.parse import urljoin

from django.conf import settings
from django.core.management import call_command
from django.test import Client

import pytest

from home.models import NewsIndexPage, NewsPage
from tests.auth import sign_in_verified
from tests.browser import sign_in_browser


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Words allowed in Latin letters on a Japanese staff screen.
ALLOWED = {
    "LINE",
    "img",  # the folder of 5374's icons (img/*.svg), named as 5374 names it
    "LIFF",
    "Flex",
    "URL",
    "URI",
    "CSV",
    "XLSX",
    "PDF",
    "QR",
    "ID",
    "API",
    "JSON",
    "HTML",
    "RSS",
    "Atom",
    "iCal",
    "Wagtail",
    "SVG",
    "PNG",
    "JPEG",
    "JPG",
    "GIF",
    "WebP",
    "HEIC",
    "AVIF",
    "MB",
    "KB",
    "GB",
    "px",
    "OK",
    "FAQ",
    "CMS",
    "IMAP",
    "IMAPS",
    "TLS",
    "SMTP",
    "PC",
    "Chrome",
    "Google",
    "Maps",
    "OpenStreetMap",
    "iOS",
    "Android",
    "TOTP",
    "Otake",
    "Hub",
    "am",
    "pm",
    "AM",
    "PM",
    "JST",
    "UTC",
    "No",
    "Enter",
    "Tab",
    "Esc",
    "Ctrl",
    "Shift",
    "Alt",
    "Cmd",
    "Win",
    "Mac",
    "Unicode",
    "Shift_JIS",
    "UTF",
    "BOM",
    "ZIP",
    "zip",
    "ics",
    "csv",
    "Excel",
    "Markdown",
    "Open311",
    "GeoReport",
    "Leaflet",
    "webhook",
    "Webhook",
    "Messaging",
    "Login",
    "Official",
    "Account",
    "Manager",
    "Developers",
    "SDK",
    "Bot",
    "bot",
    "Redis",
    "Celery",
    "PostgreSQL",
    "SQLite",
    "nginx",
    "gunicorn",
    "HTTPS",
    "HTTP",
    "https",
    "http",
    "www",
    "example",
    "jp",
    "com",
    "co",
    "lg",
    "go",
    "PET",
    "LED",
    "WEBP",
    "IP",
    "GET",
    "POST",
    "HEAD",
    "PUT",
    "DELETE",
}
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z’'\-]*(?:[ ]+[A-Za-z][A-Za-z’'\-]*)*")
# Values, not UI text: addresses, ids, slugs, times, file names.
NOT_UI = re.compile(
    r"\S+@\S+|https?://\S+|/\S*|\b[\w.-]+\.(?:png|jpg|jpeg|svg|csv|zip|ics|eml|pdf)\b"
    r"|\bU[0-9a-f]{4,}\S*|\b[0-9a-f]{8,}\b|\b\w*[_\d]\w*\b",
    re.ASCII,
)


def english_in(text: str, data: set[str] = frozenset()) -> set[str]:
    """Runs of Latin letters that are neither allowed words nor ``data`` (slugs …)."""
    found = set()
    for run in LATIN_RUN.findall(NOT_UI.sub(" ", text)):
        words = [w for w in re.split(r"[ ’'\-]+", run) if w]
        if any(w not in ALLOWED and w not in data and len(w) > 1 for w in words):
            found.add(run)
    return found


def data_words(user) -> set[str]:
    """Identifiers staff typed or the system made: slugs, model names, the username."""
    from django.contrib.contenttypes.models import ContentType

    from home.models import GarbageCategory, GarbageItem, GarbageSynonym, Topic
    from line_delivery.reports.models import ReportCategory

    words = {user.username}
    # Residents' own words (English, brands) that staff listed as synonyms or aliases,
    # alone or inside a Japanese word (Amazonの箱, LPガス, GSユアサ).
    for word in [
        *GarbageSynonym.objects.values_list("word", flat=True),
        *(alias for item in GarbageItem.objects.all() for alias in item.alias_list()),
    ]:
        for run in LATIN_RUN.findall(word):
            words |= set(re.split(r"[ ’'\-]+", run))
    words |= set(Topic.objects.values_list("slug", flat=True))
    words |= set(GarbageCategory.objects.values_list("slug", flat=True))
    # Open311 service codes of the 通報 categories: identifiers other systems read.
    words |= set(ReportCategory.objects.values_list("service_code", flat=True))
    for app_label, model in ContentType.objects.values_list("app_label", "model"):
        words |= {app_label, model}
    return words


VISIBLE_TEXT = """() => {
  // The time-zone picker lists the tz database's own names; they are data.
  for (const zone of document.querySelectorAll('select[name$="time_zone"]')) zone.remove();
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
    if (!el.closest('[hidden]') && el.getClientRects().length) {
      for (const name of ['placeholder', 'aria-label', 'title']) {
        if (el.getAttribute(name)) parts.push(el.getAttribute(name));
      }
    }
  }
  return parts.join('\\n');
}"""


def menu_urls(client: Client) -> list[str]:
    html = client.get("/admin/").content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    urls = re.findall(r'"url": "(/admin/[^"]*)"', props.group(1))
    return list(dict.fromkeys(u for u in urls if "logout" not in u))


def test_every_admin_screen_reached_from_the_menu_is_in_japanese(
    live_server, desktop, django_user_model
):
    call_command("seed_demo", verbosity=0)
    user = django_user_model.objects.create_superuser(
        "kohostaff", "ja@example.jp", "x-Unused-Password-1"
    )
    client = Client()
    sign_in_verified(client, user)
    sign_in_browser(desktop.context, live_server, user)

    data = data_words(user)
    news_index = NewsIndexPage.objects.get()
    news = NewsPage.objects.live().first()
    screens = [
        *menu_urls(client),
        f"/admin/pages/{news_index.pk}/",
        f"/admin/pages/{news.pk}/edit/",
        f"/admin/pages/{news.pk}/history/",
        f"/admin/pages/add/home/newspage/{news_index.pk}/",
    ]
    untranslated: dict[str, set[str]] = {}
    seen: set[str] = set()

    def visit(url: str) -> None:
        if url in seen:
            return
        seen.add(url)
        desktop.goto(urljoin(live_server.url, url))
        desktop.wait_for_load_state("load")
        text = desktop.evaluate(VISIBLE_TEXT)
        found = english_in(text, data)
        if found:
            untranslated[url] = found

    for url in screens:
        visit(url)
        # The first add and edit form of a listing, as staff open them from it.
        links = desktop.eval_on_selector_all(
            "main a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        for pattern in (r"/add/$", r"/edit/\d+/$"):
            first = next((h for h in links if re.search(pattern, h or "")), None)
            if first and first.startswith("/admin/"):
                visit(first)

    # The error state: a page form sent with its required fields empty.
    desktop.goto(f"{live_server.url}/admin/pages/add/home/newspage/{news_index.pk}/")
    desktop.get_by_role("button", name="下書きを保存").first.click()
    desktop.wait_for_load_state("load")
    errors = english_in(desktop.evaluate(VISIBLE_TEXT), data)
    if errors:
        untranslated["news add form with errors"] = errors

    # The sign-in page, as a staff member sees it before signing in.
    signed_out = desktop.context.browser.new_context(locale="ja-JP").new_page()
    signed_out.goto(f"{live_server.url}/admin/login/")
    sign_in_words = english_in(signed_out.evaluate(VISIBLE_TEXT), data)
    if sign_in_words:
        untranslated["/admin/login/"] = sign_in_words
    signed_out.context.close()

    report = json.dumps(
        {url: sorted(words) for url, words in untranslated.items()},
        ensure_ascii=False,
        indent=1,
    )
    (Path(settings.BASE_DIR) / "test-artifacts").mkdir(exist_ok=True)
    (Path(settings.BASE_DIR) / "test-artifacts" / "untranslated.json").write_text(
        report
    )
    assert len(seen) >= 25, sorted(seen)
    assert not untranslated, f"English on {len(untranslated)} screens:\n{report}"

"""The "LINE" preview mode of deliverable pages: the Flex message on a phone."""

import re

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from home.models import CitySettings

from .flex import page_message
from .validation import page_problems


HTTP_IMAGE_NOTE = (
    "メイン画像は、サイトが https で公開されているときだけスマートフォンのLINEに表示されます。"
    "いまのサイトは http のため、公開すると画像なしで届きます（ここでは確認用に表示しています）。"
)


def _with_preview_image(message: dict, page) -> tuple[dict, str]:
    """Show the main image staff chose even where LINE would drop it (http sites).

    LINE shows only https images, so the message leaves the hero out on an http site
    (the demo). The preview is served by this site, so the same-origin rendition shows
    here, with a note saying real phones will not get it.
    """
    main_image = getattr(page, "main_image", None)
    bubble = message.get("contents", {})
    if not main_image or bubble.get("type") != "bubble" or "hero" in bubble:
        return message, ""
    rendition = main_image.get_rendition("fill-1040x676|format-jpeg")
    hero = {"type": "image", "url": rendition.url, "size": "full"}
    hero.update(aspectRatio="20:13", aspectMode="cover")
    return {**message, "contents": {**bubble, "hero": hero}}, HTTP_IMAGE_NOTE


SANDBOX_IMAGE_NOTE = (
    "画像はhttpsで公開したときにLINEに表示されます"
    "（いまのサイトは http のため、ここでは確認用に表示しています）。"
)


def _page_for_link(uri: str):
    """The live page a bubble's 詳しく見る opens (a LIFF page link or the web page)."""
    from urllib.parse import unquote, urlsplit

    from wagtail.models import Page, Site

    path = unquote(urlsplit(uri).path)
    liff = re.search(r"/pages/(\d+)/$", path)
    if liff:
        return Page.objects.live().filter(pk=int(liff.group(1))).first()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    url_path = site.root_page.url_path + path.lstrip("/")
    return Page.objects.live().filter(url_path=url_path).first()


def with_sandbox_image(message: dict, pages: dict | None = None) -> tuple[dict, str]:
    """A sandbox message with the main image LINE would drop on an http site, and a note.

    The sandbox never talks to LINE: it is this site showing what a phone would, so
    the same-origin rendition can show, said to be for checking only. ``pages`` caches
    the page of each link across one chat's messages.
    """
    pages = {} if pages is None else pages
    bubble = message.get("contents", {}) if message.get("type") == "flex" else {}
    if bubble.get("type") != "bubble" or "hero" in bubble:
        return message, ""
    footer = bubble.get("footer", {}).get("contents", [])
    uris = [c.get("action", {}).get("uri", "") for c in footer if c.get("action")]
    if not uris:
        return message, ""
    if uris[0] not in pages:
        pages[uris[0]] = _page_for_link(uris[0])
    page = pages[uris[0]]
    if page is None:
        return message, ""
    shown, note = _with_preview_image(message, page.specific)
    return shown, SANDBOX_IMAGE_NOTE if note else ""


def render_line_preview(request: HttpRequest, page) -> HttpResponse:
    problems = page_problems(page)
    image_note = ""
    try:
        message, image_note = _with_preview_image(page_message(page), page)
    except ValueError:
        message = None
    return TemplateResponse(
        request,
        "line_delivery/line_preview.html",
        {
            "page": page,
            "message": message,
            "problems": [text for _, text in problems],
            "account_name": CitySettings.load().city_name,
            "image_note": image_note,
        },
    )

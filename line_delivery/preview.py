"""The "LINE" preview mode of deliverable pages: the Flex message on a phone."""

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

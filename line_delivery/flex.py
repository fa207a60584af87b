"""Flex messages built from pages: what a resident sees in the LINE chat.

Builders return plain JSON-ready dicts (LINE's Flex format); ``validation`` checks
them against LINE's limits before anything is sent.
"""

from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from home.models import CitySettings, DisasterNoticePage, NewsPage, SurveyPage


Message = dict[str, Any]

BUBBLE_SIZE = "mega"
MAX_CAROUSEL_BUBBLES = 12
ACCENT = "#1D4E89"
TEST_BANNER = "【テスト配信】"


def absolute_url(path_or_url: str) -> str:
    """An absolute, percent-encoded URL (LINE refuses raw non-ASCII in URIs)."""
    return iri_to_uri(
        urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", path_or_url)
    )


def page_link(page) -> str:
    """Where 詳しく見る goes: the page as a LIFF page inside LINE, else the web page."""
    if settings.LINE_LIFF_ID:
        return iri_to_uri(
            f"https://liff.line.me/{settings.LINE_LIFF_ID}/pages/{page.pk}/"
        )
    return absolute_url(page.get_url() or f"/{page.slug}/")


def _image_url(page: NewsPage) -> str | None:
    """An HTTPS image for the hero, or None (LINE only shows HTTPS images)."""
    if not page.main_image:
        return None
    url = absolute_url(page.main_image.get_rendition("fill-1040x676|format-jpeg").url)
    return url if url.startswith("https://") else None


def text(value: str, **style: Any) -> dict[str, Any]:
    """A Flex text component that wraps (long Japanese lines must not be cut off)."""
    return {"type": "text", "text": value, "wrap": True, **style}


def uri_button(
    label: str, uri: str, *, style: str = "primary", colour: str = ACCENT
) -> dict[str, Any]:
    """A Flex button that opens ``uri``; primary buttons take the accent colour."""
    button: dict[str, Any] = {
        "type": "button",
        "style": style,
        "height": "md",
        "action": {"type": "uri", "label": label, "uri": uri},
    }
    if style == "primary":
        button["color"] = colour
    return button


def vertical_box(contents: list[dict[str, Any]], **style: Any) -> dict[str, Any]:
    return {"type": "box", "layout": "vertical", "contents": contents, **style}


def _japanese_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _japanese_datetime(value) -> str:
    value = timezone.localtime(value)
    return f"{value.month}月{value.day}日 {value.hour}時{value.minute:02d}分"


def news_bubble(page: NewsPage) -> dict[str, Any]:
    link = page_link(page)
    topics = "・".join(page.topic_names()) or "お知らせ"
    bubble: dict[str, Any] = {"type": "bubble", "size": BUBBLE_SIZE}
    image = _image_url(page)
    if image:
        bubble["hero"] = {
            "type": "image",
            "url": image,
            "size": "full",
            "aspectRatio": "20:13",
            "aspectMode": "cover",
            "action": {"type": "uri", "label": "写真", "uri": link},
        }
    bubble["body"] = {
        "type": "box",
        "layout": "vertical",
        "spacing": "sm",
        "contents": [
            text(topics, size="sm", color=ACCENT, weight="bold"),
            text(page.title, size="lg", weight="bold"),
            text(_japanese_date(page.date), size="sm", color="#555555"),
            text(page.summary, size="md", margin="md"),
        ],
    }
    bubble["footer"] = {
        "type": "box",
        "layout": "vertical",
        "contents": [uri_button("詳しく見る", link)],
    }
    return bubble


def disaster_bubble(page: DisasterNoticePage) -> dict[str, Any]:
    background, foreground = page.colours
    heading = page.end_label if page.is_lifted else page.level_label
    link = page_link(page)
    body_contents = [
        text(page.title, size="lg", weight="bold"),
        text(f"発表: {_japanese_datetime(page.issued_at)}", size="sm", color="#555555"),
    ]
    if page.is_lifted:
        body_contents.append(
            text(
                f"{page.end_label}: {_japanese_datetime(page.ended_at)}",
                size="sm",
                color="#555555",
            )
        )
    body_contents += [
        text(f"対象地区: {page.areas_text}", size="md", weight="bold", margin="md"),
        text(page.summary, size="md", margin="md"),
    ]
    footer = [
        uri_button(
            "詳しく見る", link, colour=background if not page.is_lifted else ACCENT
        )
    ]
    if page.shelters.exists() and not page.is_lifted:
        footer.append(uri_button("避難所を見る", f"{link}#shelters", style="secondary"))
    return {
        "type": "bubble",
        "size": BUBBLE_SIZE,
        "header": {
            "type": "box",
            "layout": "vertical",
            "backgroundColor": background,
            "paddingAll": "lg",
            "contents": [
                text(page.hazard_label, size="sm", color=foreground),
                text(heading, size="xl", weight="bold", color=foreground),
            ],
        },
        "body": {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "contents": body_contents,
        },
        "footer": {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "contents": footer,
        },
    }


def survey_link(page: SurveyPage) -> str:
    """Where 回答する goes: the answer page inside LINE (LIFF), else its web address."""
    if settings.LINE_LIFF_ID:
        return iri_to_uri(
            f"https://liff.line.me/{settings.LINE_LIFF_ID}/surveys/{page.pk}/"
        )
    return absolute_url(reverse("survey_answer", args=[page.pk]))


def survey_bubble(page: SurveyPage, *, reminder: bool = False) -> dict[str, Any]:
    """A survey invitation (or its reminder) with a 回答する button; never any answer."""
    contents = [
        text(
            "回答のお願い" if reminder else "アンケート",
            size="sm",
            color=ACCENT,
            weight="bold",
        ),
        text(page.title, size="lg", weight="bold"),
    ]
    if page.closes_at:
        contents.append(
            text(
                f"締切: {_japanese_datetime(page.closes_at)}",
                size="sm",
                color="#555555",
            )
        )
    contents.append(text(page.summary, size="md", margin="md"))
    if reminder:
        contents.append(
            text(
                "まだ回答していない方にお送りしています。",
                size="sm",
                color="#555555",
                margin="md",
            )
        )
    return {
        "type": "bubble",
        "size": BUBBLE_SIZE,
        "body": vertical_box(contents, spacing="sm"),
        "footer": vertical_box([uri_button("回答する", survey_link(page))]),
    }


def reminder_message(page: SurveyPage) -> Message:
    """The reminder sent only to recipients who have not answered yet."""
    return {
        "type": "flex",
        "altText": f"【回答のお願い】{page.title} {page.summary}",
        "contents": survey_bubble(page, reminder=True),
    }


def alt_text(page) -> str:
    """The notification line and the text shown where Flex cannot be displayed."""
    if isinstance(page, DisasterNoticePage):
        status = page.end_label if page.is_lifted else page.level_label
        return f"【{status}】{page.title}（{page.areas_text}）{page.summary}"
    if isinstance(page, SurveyPage):
        return f"【アンケート】{page.title} {page.summary}"
    city = CitySettings.load().city_name
    return f"【{city}】{page.title} {page.summary}"


def bubble_for(page) -> dict[str, Any]:
    if isinstance(page, DisasterNoticePage):
        return disaster_bubble(page)
    if isinstance(page, NewsPage):
        return news_bubble(page)
    if isinstance(page, SurveyPage):
        return survey_bubble(page)
    raise TypeError(f"No LINE message for {type(page).__name__}")


def page_message(page) -> Message:
    """One Flex message for one page."""
    return {"type": "flex", "altText": alt_text(page), "contents": bubble_for(page)}


def carousel_message(pages: list, heading: str | None = None) -> Message:
    """Several pages side by side (at most 12, LINE's carousel limit).

    ``heading`` starts the notification line (default 「新着情報 N件」); the first
    titles follow it.
    """
    if not 1 <= len(pages) <= MAX_CAROUSEL_BUBBLES:
        raise ValueError(
            f"A carousel holds 1 to {MAX_CAROUSEL_BUBBLES} pages, not {len(pages)}"
        )
    titles = "、".join(page.title for page in pages[:3])
    if len(pages) > 3:
        titles += " ほか"
    heading = heading or f"新着情報 {len(pages)}件"
    return {
        "type": "flex",
        # Titles are up to 255 characters each: well inside LINE's 1500 together.
        "altText": f"{heading}: {titles}",
        "contents": {
            "type": "carousel",
            "contents": [bubble_for(page) for page in pages],
        },
    }


def as_test(message: Message) -> Message:
    """The same message, visibly marked as a staff test send."""
    marked = {**message, "altText": TEST_BANNER + message["altText"]}
    contents = message["contents"]
    bubbles = contents["contents"] if contents["type"] == "carousel" else [contents]
    marked_bubbles = []
    for bubble in bubbles:
        body = bubble.get("body", {"type": "box", "layout": "vertical", "contents": []})
        banner = text(
            TEST_BANNER + "職員の確認用です", size="sm", color="#B00012", weight="bold"
        )
        marked_bubbles.append(
            {**bubble, "body": {**body, "contents": [banner, *body["contents"]]}}
        )
    if contents["type"] == "carousel":
        marked["contents"] = {**contents, "contents": marked_bubbles}
    else:
        marked["contents"] = marked_bubbles[0]
    return marked

"""The "LINE" preview mode of deliverable pages: the Flex message on a phone."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from home.models import CitySettings

from .flex import page_message
from .validation import page_problems


def render_line_preview(request: HttpRequest, page) -> HttpResponse:
    problems = page_problems(page)
    try:
        message = page_message(page)
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
        },
    )

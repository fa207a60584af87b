"""Which chapter a screen's 「？ この画面の説明」 opens, decided on the server.

Wagtail's ``insert_global_admin_js`` hook gets no request, so ``HelpLinkMiddleware``
keeps the current one in a context variable for it. Page screens record the page type
they show (``note_page_type``, from Wagtail's page hooks), because every page is edited
under ``/admin/pages/`` whatever its type; the page's other screens (history, move,
add_subpage …) look the type up from the id in the URL.
"""

from collections.abc import Callable
from contextvars import ContextVar
import re

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .chapters import Chapter, help_target


_current_request: ContextVar[HttpRequest | None] = ContextVar(
    "manual_current_request", default=None
)


class HelpLinkMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


PAGE_SCREEN = re.compile(r"^/admin/pages/(\d+)/")


def note_page_type(request: HttpRequest, page_class) -> None:
    request.manual_page_type = page_class._meta.label_lower


def _page_type(request: HttpRequest) -> str:
    noted = getattr(request, "manual_page_type", "")
    found = None if noted else PAGE_SCREEN.match(request.path)
    if found is None:
        return noted
    from wagtail.models import Page

    row = (
        Page.objects.filter(pk=found[1])
        .values_list("content_type__app_label", "content_type__model")
        .first()
    )
    return ".".join(row) if row else ""


def chapter_url(chapter: Chapter) -> str:
    """The chapter's address; the public one for a chapter read before signing in."""
    if chapter.public:
        return reverse("manual_public:chapter", args=[chapter.slug])
    return reverse("manual:chapter", args=[chapter.slug])


def help_url(request: HttpRequest | None = None) -> str:
    """The chapter for ``request`` (default: the current one), else the contents."""
    request = request or _current_request.get()
    found = None
    if request is not None:
        found = help_target(request.path, _page_type(request))
    if found is None:
        return reverse("manual:index")
    chapter, anchor = found
    return chapter_url(chapter) + (f"#{anchor}" if anchor else "")

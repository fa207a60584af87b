"""Which chapter a screen's 「？ この画面の説明」 opens, decided on the server.

Wagtail's ``insert_global_admin_js`` hook gets no request, so ``HelpLinkMiddleware``
keeps the current one in a context variable for it. Page screens record the page type
they show (``note_page_type``, from Wagtail's page hooks), because every page is edited
under ``/admin/pages/`` whatever its type.
"""

from collections.abc import Callable
from contextvars import ContextVar

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


def note_page_type(request: HttpRequest, page_class) -> None:
    request.manual_page_type = page_class._meta.label_lower


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
        found = help_target(request.path, getattr(request, "manual_page_type", ""))
    if found is None:
        return reverse("manual:index")
    chapter, anchor = found
    return chapter_url(chapter) + (f"#{anchor}" if anchor else "")

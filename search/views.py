"""The site search page (``/search/?q=…``): Japanese-aware, over live public pages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from wagtail.models import Page

from .text import MAX_QUERY_LENGTH, query_text


RESULTS_PER_PAGE = 10


def search_pages(query: str):
    """Live, public pages matching every bigram of ``query`` (see ``search.text``)."""
    tokens = query_text(query)
    if not tokens:
        return Page.objects.none()
    return Page.objects.live().public().specific().search(tokens, operator="and")


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    results = search_pages(query) if query else Page.objects.none()
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        page_of_results = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page_of_results},
    )

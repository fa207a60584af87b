"""Staff screens for survey results: list, counts with bar charts, answers, CSV."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_date

from cms import audit
from home.models import SurveyPage

from .answers import answer_text, export_csv, filter_answers, tally
from .models import SurveyAnswer


ANSWERS_PER_PAGE = 50


def _survey_for_staff(request: HttpRequest, page_id: int) -> SurveyPage:
    """Answers are personal data: only staff who may edit the survey see them."""
    page = get_object_or_404(SurveyPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def survey_list(request: HttpRequest) -> HttpResponse:
    answer_counts = (
        SurveyAnswer.objects.filter(page_id=OuterRef("pk"))
        .values("page_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    surveys = [
        page
        for page in SurveyPage.objects.annotate(
            answer_count=Coalesce(Subquery(answer_counts), 0)
        ).order_by("-first_published_at", "-pk")
        if page.permissions_for_user(request.user).can_edit()
    ]
    return TemplateResponse(
        request, "line_delivery/surveys/admin_list.html", {"surveys": surveys}
    )


def _filtered_answers(request: HttpRequest, page: SurveyPage) -> tuple[list, dict]:
    """The answers that match the staff's filters (and the filters, for the form)."""
    filters = {
        "question": request.GET.get("question", ""),
        "value": request.GET.get("value", ""),
        "words": request.GET.get("words", "").strip()[:100],
        "date_from": request.GET.get("date_from", ""),
        "date_to": request.GET.get("date_to", ""),
    }
    answers = SurveyAnswer.objects.for_survey(page).select_related("friend")
    date_from = parse_date(filters["date_from"]) if filters["date_from"] else None
    date_to = parse_date(filters["date_to"]) if filters["date_to"] else None
    if date_from:
        answers = answers.filter(submitted_at__date__gte=date_from)
    if date_to:
        answers = answers.filter(submitted_at__date__lte=date_to)
    chosen = filter_answers(
        answers, filters["question"], filters["value"], filters["words"]
    )
    return chosen, filters


def survey_results(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _survey_for_staff(request, page_id)
    answers, filters = _filtered_answers(request, page)
    questions = page.answer_questions()
    listing = Paginator(answers, ANSWERS_PER_PAGE).get_page(request.GET.get("p"))
    rows = [
        {
            "answer": answer,
            "cells": [answer_text(answer.answers.get(q.key)) for q in questions],
        }
        for answer in listing
    ]
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "line_delivery/surveys/admin_results.html",
        {
            "page": page,
            "total": SurveyAnswer.objects.for_survey(page).count(),
            "matching": len(answers),
            "results": tally(page, answers),
            "questions": questions,
            "counted_questions": [q for q in questions if q.is_counted],
            "rows": rows,
            "listing": listing,
            "filters": filters,
            "query": query.urlencode(),
        },
    )


def survey_export(request: HttpRequest, page_id: int) -> HttpResponse:
    """CSV of the (filtered) answers, UTF-8 with BOM so Excel reads the Japanese."""
    page = _survey_for_staff(request, page_id)
    answers, filters = _filtered_answers(request, page)
    audit.record(
        request,
        "survey.export",
        page,
        answers=len(answers),
        filters={key: value for key, value in filters.items() if value},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        export_csv(page, answers), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="survey-{page.pk}-{stamp}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response

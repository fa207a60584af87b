"""The resident's answer page (LIFF): consent, questions, confirmation, thanks."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from home.models import SurveyPage

from ..liff import liff_login_required
from .answers import AlreadyAnswered, answer_text, current_answer, save_answer


TEMPLATES = "line_delivery/surveys/"


def _live_survey(page_id: int) -> SurveyPage:
    return get_object_or_404(SurveyPage.objects.live().public(), pk=page_id)


def _render(request: HttpRequest, name: str, context: dict, status: int = 200):
    return TemplateResponse(request, TEMPLATES + name, context, status=status)


@liff_login_required
def answer_survey(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _live_survey(page_id)
    context: dict = {"page": page}
    status = page.status()
    if status != SurveyPage.Status.OPEN:
        context["status"] = status
        return _render(request, "closed.html", context)
    existing = current_answer(page, request.friend)
    if existing is not None and not page.allow_changes:
        return _render(request, "already_answered.html", context)
    form_class = page.get_form_class()
    if request.method == "POST":
        form = form_class(request.POST, page=page)
        if form.is_valid() and request.POST.get("action") != "edit":
            answers = form.answers()
            if request.POST.get("action") == "submit":
                try:
                    save_answer(page, request.friend, answers)
                except AlreadyAnswered:
                    return _render(request, "already_answered.html", context)
                return redirect("survey_thanks", page.pk)
            context["form"] = form
            context["confirmation"] = [
                (question.label, answer_text(answers.get(question.key)))
                for question in page.answer_questions()
            ]
            return _render(request, "confirm.html", context)
    else:
        initial = dict(existing.answers, consent=True) if existing else None
        form = form_class(initial=initial, page=page)
    context.update(
        form=form, rows=page.question_rows(form), is_change=existing is not None
    )
    return _render(request, "answer.html", context)


@liff_login_required
def answer_thanks(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _live_survey(page_id)
    answer = current_answer(page, request.friend)
    context = {
        "page": page,
        "is_open": page.status() == SurveyPage.Status.OPEN,
        "answer": answer,
        "summary": [
            (question.label, answer_text(answer.answers.get(question.key)))
            for question in page.answer_questions()
        ]
        if answer
        else [],
    }
    return _render(request, "thanks.html", context)

"""Resident-facing survey URLs, under the LIFF prefix (``/liff/surveys/…``)."""

from django.urls import path

from . import views


urlpatterns = [
    path("<int:page_id>/", views.answer_survey, name="survey_answer"),
    path("<int:page_id>/thanks/", views.answer_thanks, name="survey_thanks"),
]

"""Surveys answered inside LINE: answers, the resident's answer page, results, jobs.

The questions are content (``home.models.SurveyPage``); everything personal — who
answered and what — lives here, encrypted, and never goes to LINE.
"""

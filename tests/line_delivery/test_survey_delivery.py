"""Delivering a survey (回答する) and its reminder, only to those who have not answered."""

import datetime

from django.utils import timezone

import pytest

from line_delivery.flex import page_message
from line_delivery.models import Delivery
from line_delivery.surveys.answers import save_answer
from line_delivery.tasks import send_due_survey_reminders
from line_delivery.validation import line_problems

from .conftest import make_friend
from .survey_helpers import every_type_survey, full_answer
from .test_publish_delivery import publish


pytestmark = pytest.mark.django_db


def test_survey_message_has_an_answer_button_and_no_answers(home_page):
    survey = every_type_survey(
        home_page, closes_at=timezone.now() + datetime.timedelta(days=3)
    )
    message = page_message(survey)
    assert line_problems([message]) == []
    assert message["altText"].startswith("【アンケート】市民アンケート")
    [button] = message["contents"]["footer"]["contents"]
    assert button["action"]["label"] == "回答する"
    assert button["action"]["uri"].endswith(f"/liff/surveys/{survey.pk}/")


def test_reminder_reaches_only_recipients_who_have_not_answered(
    line_channel, home_page, topics, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    answered = make_friend(topics=[topics["gomi"]])
    waiting = make_friend(topics=[topics["gomi"]])
    chose_nothing = make_friend()
    outsider = make_friend(topics=[topics["event"]])  # not in the survey's audience
    survey = every_type_survey(
        home_page, live=False, closes_at=timezone.now() + datetime.timedelta(days=7)
    )
    survey.topics.set([topics["gomi"]])
    publish(survey, capture)
    fake = line_channel
    for friend in (answered, waiting, chose_nothing):
        assert len(fake.received(friend.line_user_id)) == 1
    assert fake.received(outsider.line_user_id) == []

    data = full_answer(survey)
    answers = {k: v for k, v in data.items() if k != "consent"}
    save_answer(survey, answered, answers)
    survey.reminder_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.save_revision().publish()  # staff set the reminder time and publish

    with capture(execute=True):
        assert send_due_survey_reminders() == 1
    with capture(execute=True):
        assert send_due_survey_reminders() == 0  # once per reminder time

    assert len(fake.received(answered.line_user_id)) == 1
    assert fake.received(outsider.line_user_id) == []
    for friend in (waiting, chose_nothing):
        first, reminder = fake.received(friend.line_user_id)
        assert reminder.endpoint == "multicast"
        assert reminder.text.startswith("【回答のお願い】市民アンケート")
    reminder_delivery = Delivery.objects.get(kind=Delivery.Kind.SURVEY_REMINDER)
    assert reminder_delivery.total_recipients == 2
    assert reminder_delivery.status == Delivery.Status.COMPLETED
    assert not reminder_delivery.is_broadcast


def test_no_reminder_after_the_survey_closes(line_channel, home_page):
    survey = every_type_survey(
        home_page,
        reminder_at=timezone.now() - datetime.timedelta(days=2),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert send_due_survey_reminders() == 0
    assert not Delivery.objects.filter(page=survey).exists()

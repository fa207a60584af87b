"""A resident answers a survey on a phone inside LINE (sandbox LIFF), staff see the results."""

from django.urls import reverse

import pytest

from home.models import HomePage
from line_delivery.models import SurveyAnswer
from tests.browser import sign_in_browser

from .survey_helpers import every_type_survey, keys
from .test_liff_browser import sandbox_friend


# live_server needs committed data; serialized_rollback restores the migrations' pages.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_as(phone, live_server, survey, friend) -> None:
    """Open the survey the way the 回答する button does, as a sandbox friend."""
    phone.goto(
        f"{live_server.url}{reverse('survey_answer', args=[survey.pk])}"
        f"?sandbox_friend={friend.pk}"
    )
    phone.get_by_role("heading", name="市民アンケート").wait_for()


def answer_every_question(phone, *, satisfaction: str, facilities: list[str]) -> None:
    phone.get_by_label("上記の説明に同意して回答します").check()
    phone.get_by_label("お名前（ニックネーム）", exact=True).fill("たけちゃん")
    phone.get_by_label("ご意見", exact=True).fill(
        "海沿いの遊歩道が好きです。\n夜は暗いので街灯を。"
    )
    phone.get_by_label("年齢", exact=True).fill("４２")  # full-width, as phones type
    phone.get_by_label("来場日", exact=True).fill("2026-11-03")
    phone.get_by_label(satisfaction, exact=True).check()
    for facility in facilities:
        phone.get_by_label(facility, exact=True).check()
    phone.get_by_label("年代", exact=True).select_option("30代以上")
    phone.get_by_label("玖波", exact=True).check()
    phone.get_by_label("防災", exact=True).check()


def test_residents_answer_on_a_phone_and_staff_see_each_counted(
    live_server, phone, desktop, shoot, django_user_model
):
    survey = every_type_survey(HomePage.objects.get())
    first, second = sandbox_friend(), sandbox_friend()

    open_as(phone, live_server, survey, first)
    assert phone.get_by_text("回答は集計にだけ使います。").is_visible()
    assert phone.get_by_text("ここからは市の施設についてうかがいます。").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    size = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('main')).fontSize)"
    )
    assert size >= 16
    shoot(phone, "form")

    # Sending nothing: Japanese errors, nothing stored.
    phone.get_by_role("button", name="確認画面へ").click()
    phone.get_by_text("「お名前（ニックネーム）」に回答してください。").wait_for()
    assert phone.get_by_text("回答するには、同意のチェックが必要です。").is_visible()
    shoot(phone, "errors")

    answer_every_question(phone, satisfaction="満足", facilities=["図書館", "公民館"])
    phone.get_by_role("button", name="確認画面へ").click()
    phone.get_by_role("heading", name="回答の確認").wait_for()
    assert phone.get_by_text("図書館、公民館").is_visible()
    shoot(phone, "confirm")
    phone.get_by_role("button", name="送信する").click()
    phone.get_by_text("ご回答ありがとうございました。").wait_for()
    assert phone.get_by_role("link", name="回答を変更する").is_visible()
    shoot(phone, "thanks")

    # A second resident on the same phone: logged in again as that friend.
    open_as(phone, live_server, survey, second)
    assert phone.get_by_label("お名前（ニックネーム）", exact=True).input_value() == ""
    answer_every_question(phone, satisfaction="不満", facilities=["図書館"])
    phone.get_by_role("button", name="確認画面へ").click()
    phone.get_by_role("button", name="送信する").click()
    phone.get_by_text("ご回答ありがとうございました。").wait_for()

    answers = list(SurveyAnswer.objects.order_by("pk"))
    assert len(answers) == 2
    k = keys(survey)
    assert [a.answers[k["満足度"]] for a in answers] == ["満足", "不満"]
    assert answers[0].answers[k["年齢"]] == "42"
    assert answers[0].answers[k["来場日"]] == "2026-11-03"
    first.refresh_from_db()
    assert [area.name for area in first.areas.all()] == ["玖波"]

    staff = django_user_model.objects.create_superuser(
        "survey-staff", "s@example.jp", "x-Unused-Password-1"
    )
    sign_in_browser(desktop.context, live_server, staff)
    desktop.goto(
        live_server.url + reverse("line_delivery:survey_results", args=[survey.pk])
    )
    desktop.get_by_text("回答 2 件").first.wait_for()
    satisfied = desktop.locator(
        "[aria-label='満足度'] [data-choice='満足'] .survey-count"
    )
    unhappy = desktop.locator(
        "[aria-label='満足度'] [data-choice='不満'] .survey-count"
    )
    assert (satisfied.inner_text(), unhappy.inner_text()) == ("1", "1")
    library = desktop.locator(
        "[aria-label='よく使う施設'] [data-choice='図書館'] .survey-count"
    )
    assert library.inner_text() == "2"
    shoot(desktop, "results")

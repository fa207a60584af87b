"""Surveys: answering in LINE, validation, double answers, results, CSV, retention."""

import csv
import datetime
import io
import logging

from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from home.models import SurveyPage, SurveyQuestion
from line_delivery.models import SurveyAnswer
from line_delivery.tasks import purge_expired_personal_data
from tests.factories import SurveyPageFactory, add_questions

from .conftest import make_friend
from .survey_helpers import act_as, every_type_survey, full_answer, keys


pytestmark = pytest.mark.django_db


def answer_url(page) -> str:
    return reverse("survey_answer", args=[page.pk])


def submit(client, page, data):
    """Confirm, then send — the two steps a resident takes."""
    confirm = client.post(answer_url(page), {**data, "action": "confirm"})
    assert confirm.status_code == 200
    return client.post(answer_url(page), {**data, "action": "submit"})


@pytest.fixture
def survey(home_page):
    return every_type_survey(home_page)


def test_resident_confirms_then_answer_is_saved_encrypted_and_anonymous(client, survey):
    friend = make_friend()
    act_as(client, friend)
    form = client.get(answer_url(survey))
    text = form.content.decode()
    assert "回答は集計にだけ使います。" in text  # consent before the first question
    assert text.index("回答は集計にだけ使います。") < text.index("お名前")
    assert "ここからは市の施設についてうかがいます。" in text

    confirm = client.post(
        answer_url(survey), {**full_answer(survey), "action": "confirm"}
    )
    assert "回答の確認" in confirm.content.decode()
    assert "図書館、公民館" in confirm.content.decode()
    assert not SurveyAnswer.objects.exists()  # nothing stored before 送信する

    sent = client.post(answer_url(survey), {**full_answer(survey), "action": "submit"})
    assert sent.status_code == 302
    thanks = client.get(sent["Location"])
    assert "ご回答ありがとうございました。" in thanks.content.decode()

    answer = SurveyAnswer.objects.get()
    k = keys(survey)
    assert answer.answers[k["年齢"]] == "42"
    assert answer.answers[k["よく使う施設"]] == ["図書館", "公民館"]
    assert answer.friend is None  # anonymous: no link to the friend
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers, respondent_key FROM line_delivery_surveyanswer")
        stored, key = cursor.fetchone()
    assert "たけちゃん" not in stored and "図書館" not in stored
    assert len(key) == 64 and friend.line_user_id not in key
    assert key != friend.line_user_id_hash  # not the friend's own lookup hash either


def test_answering_updates_the_residents_delivery_settings(client, survey):
    friend = make_friend()
    act_as(client, friend)
    submit(client, survey, full_answer(survey))
    friend.refresh_from_db()
    assert [a.name for a in friend.areas.all()] == ["玖波"]
    assert [t.name for t in friend.topics.all()] == ["防災"]


def test_required_fields_and_type_checks_give_japanese_errors(client, survey):
    act_as(client, make_friend())
    k = keys(survey)
    data = full_answer(survey, 年齢="四十", 来場日="2026-13-45")
    del data["consent"], data[k["お名前（ニックネーム）"]], data[k["お住まいの地区"]]
    response = client.post(answer_url(survey), {**data, "action": "submit"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "「お名前（ニックネーム）」に回答してください。" in text
    assert "「お住まいの地区」に回答してください。" in text
    assert "半角または全角の数字で入力してください。" in text
    assert "日付を「2025-04-01」の形で入力してください。" in text
    assert "回答するには、同意のチェックが必要です。" in text
    assert not SurveyAnswer.objects.exists()


def test_full_width_digits_are_accepted_and_choices_outside_the_list_refused(
    client, survey
):
    act_as(client, make_friend())
    refused = client.post(
        answer_url(survey),
        {**full_answer(survey, 満足度="最高"), "action": "confirm"},
    )
    assert "正しく選択してください" in refused.content.decode()
    submit(client, survey, full_answer(survey, 年齢="４２"))
    assert SurveyAnswer.objects.get().answers[keys(survey)["年齢"]] == "42"


def test_one_answer_survey_refuses_a_second_answer(client, home_page):
    survey = every_type_survey(home_page, allow_changes=False)
    act_as(client, make_friend())
    submit(client, survey, full_answer(survey))
    again = client.get(answer_url(survey))
    assert "すでに回答いただいています" in again.content.decode()
    second = client.post(
        answer_url(survey), {**full_answer(survey, 満足度="不満"), "action": "submit"}
    )
    assert "すでに回答いただいています" in second.content.decode()
    assert SurveyAnswer.objects.count() == 1
    assert SurveyAnswer.objects.get().answers[keys(survey)["満足度"]] == "満足"


def test_answer_can_be_changed_until_the_survey_closes(client, survey):
    act_as(client, make_friend())
    submit(client, survey, full_answer(survey))
    form = client.get(answer_url(survey)).content.decode()
    assert "回答済みです。締切まで回答を変更できます。" in form
    assert 'value="たけちゃん"' in form  # the earlier answer, ready to edit
    submit(client, survey, full_answer(survey, 満足度="不満"))
    assert SurveyAnswer.objects.count() == 1
    assert SurveyAnswer.objects.get().answers[keys(survey)["満足度"]] == "不満"

    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.save()
    closed = client.post(
        answer_url(survey), {**full_answer(survey, 満足度="ふつう"), "action": "submit"}
    )
    assert "このアンケートの受付は終了しました。" in closed.content.decode()
    assert SurveyAnswer.objects.get().answers[keys(survey)["満足度"]] == "不満"


def test_a_survey_not_yet_open_says_when_it_opens(client, survey):
    survey.opens_at = timezone.now() + datetime.timedelta(days=2)
    survey.save()
    act_as(client, make_friend())
    text = client.get(answer_url(survey)).content.decode()
    assert "まだ受付を始めていません" in text
    assert "お名前" not in text


def test_many_answers_survey_keeps_each_answer(client, home_page):
    survey = every_type_survey(home_page, answer_limit="many")
    act_as(client, make_friend())
    submit(client, survey, full_answer(survey))
    submit(client, survey, full_answer(survey, 満足度="ふつう"))
    assert SurveyAnswer.objects.count() == 2


def test_linked_survey_keeps_the_friend(client, home_page):
    survey = every_type_survey(home_page, is_anonymous=False)
    friend = make_friend()
    act_as(client, friend)
    submit(client, survey, full_answer(survey))
    assert SurveyAnswer.objects.get().friend == friend


def test_without_a_liff_login_the_survey_is_not_shown(client, survey):
    response = client.get(answer_url(survey))
    assert "お名前" not in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_builder_rejects_choice_questions_without_choices(survey):
    question = SurveyQuestion(
        page=survey, label="好きな季節", field_type="radio", choices=""
    )
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "選択肢を1行に1つずつ入力してください。" in str(error.value)
    wrong = SurveyQuestion(
        page=survey,
        label="ご意見",
        field_type="singleline",
        updates_delivery_settings=True,
    )
    with pytest.raises(ValidationError):
        wrong.full_clean()
    survey.opens_at = timezone.now()
    survey.closes_at = survey.opens_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        survey.full_clean()
    assert "締切は受付開始より後にしてください。" in str(error.value)


def _answer_as(client, survey, **overrides):
    act_as(client, make_friend())
    submit(client, survey, full_answer(survey, **overrides))


def test_results_count_each_resident_and_escape_typed_html(
    client, admin_client, survey
):
    from django.test import Client

    _answer_as(client, survey, ご意見="<script>alert('x')</script><b>太字</b>")
    _answer_as(Client(), survey, 満足度="不満", よく使う施設=["図書館"])
    response = admin_client.get(
        reverse("line_delivery:survey_results", args=[survey.pk])
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "回答 2 件" in text
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;太字&lt;/b&gt;"
        in text
    )
    assert "<script>alert(" not in text and "<b>太字</b>" not in text
    results = {r.question.label: r for r in response.context["results"]}
    satisfaction = {c.label: c.count for c in results["満足度"].counts}
    assert satisfaction == {"満足": 1, "ふつう": 0, "不満": 1}
    facilities = {c.label: c.count for c in results["よく使う施設"].counts}
    assert facilities == {"図書館": 2, "体育館": 0, "公民館": 1}
    assert 'style="width: 50%"' in text  # the bar of 満足 (1 of 2)

    only_unhappy = admin_client.get(
        reverse("line_delivery:survey_results", args=[survey.pk]),
        {"question": keys(survey)["満足度"], "value": "不満"},
    )
    assert only_unhappy.context["matching"] == 1


def test_csv_export_round_trips_japanese_for_excel_and_is_audit_logged(
    client, admin_client, survey, caplog
):
    _answer_as(client, survey, ご意見='=HYPERLINK("x")　大竹の海が好き', 年齢="-3")
    with caplog.at_level(logging.INFO, logger="otake.audit"):
        response = admin_client.get(
            reverse("line_delivery:survey_export", args=[survey.pk])
        )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, row = rows
    assert header[:3] == ["回答番号", "回答日時", "最終変更"]
    data = dict(zip(header, row, strict=True))
    assert data["お名前（ニックネーム）"] == "たけちゃん"
    assert data["よく使う施設"] == "図書館、公民館"
    assert data["年齢"] == "-3"
    # A typed formula stays text in Excel.
    assert data["ご意見"] == '\'=HYPERLINK("x")　大竹の海が好き'
    assert "施設について" not in header  # explanations are not questions
    assert any("survey.export" in r.getMessage() for r in caplog.records)


def test_retention_job_deletes_answers_past_the_period(client, home_page):
    now = timezone.now()
    expired = SurveyPageFactory(
        parent=home_page,
        live=True,
        closes_at=now - datetime.timedelta(days=11),
        retention_days=10,
    )
    kept = SurveyPageFactory(
        parent=home_page,
        live=True,
        closes_at=now - datetime.timedelta(days=11),
        retention_days=30,
    )
    open_ended = SurveyPageFactory(parent=home_page, live=True, retention_days=7)
    for page in (expired, kept, open_ended):
        add_questions(page, {"label": "ご意見", "field_type": "singleline"})
    friend = make_friend()
    for page in (expired, kept, open_ended):
        SurveyAnswer.objects.create(
            page=page, respondent_key=f"k{page.pk}", answers={"q": "x"}
        )
    old = SurveyAnswer.objects.create(
        page=open_ended,
        respondent_key="old",
        answers={"q": "y"},
        submitted_at=now - datetime.timedelta(days=8),
        updated_at=now - datetime.timedelta(days=8),
    )

    result = purge_expired_personal_data()

    assert result["survey_answers"] == 2
    remaining = set(SurveyAnswer.objects.values_list("page_id", flat=True))
    assert remaining == {kept.pk, open_ended.pk}
    assert not SurveyAnswer.objects.filter(pk=old.pk).exists()
    assert friend.pk  # friends themselves are untouched


def test_staff_build_a_survey_in_the_page_editor(admin_client, home_page):
    response = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["home", "surveypage", home_page.pk])
    )
    text = response.content.decode()
    assert response.status_code == 200
    for label in (
        "短い文章",
        "長い文章",
        "数値",
        "日付",
        "ひとつ選ぶ（ラジオボタン）",
        "いくつでも選ぶ（チェックボックス）",
        "ひとつ選ぶ（プルダウン）",
        "地区を選ぶ",
        "説明文（回答なし）",
        "回答で受信設定を変える",
        "回答の保存期間（日）",
        "個人情報の取り扱い（同意文）",
    ):
        assert label in text


def survey_form(questions: list[dict], **overrides) -> dict:
    data = {
        "title": "公園の利用アンケート",
        "slug": "kouen-anketo",
        "summary": "公園の使い方を教えてください。",
        "intro": "",
        "consent_text": "回答は集計にだけ使います。",
        "thank_you_text": "ありがとうございました。",
        "answer_limit": "once",
        "allow_changes": "on",
        "is_anonymous": "on",
        "retention_days": "180",
        "send_to_line": "",
        "questions": inline_formset(
            [
                {"label": "", "help_text": "", "choices": "", "required": "on", **q}
                for q in questions
            ]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_staff_create_a_survey_with_questions_in_the_editor(admin_client, home_page):
    add_url = reverse(
        "wagtailadmin_pages:add", args=["home", "surveypage", home_page.pk]
    )
    response = admin_client.post(
        add_url,
        survey_form(
            [
                {
                    "label": "よく行く公園",
                    "field_type": "radio",
                    "choices": "晴海臨海公園\n亀居公園",
                },
                {"label": "ご意見", "field_type": "multiline", "required": ""},
            ]
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    survey = SurveyPage.objects.get(slug="kouen-anketo")
    assert [q.label for q in survey.questions.all()] == ["よく行く公園", "ご意見"]
    assert survey.questions.first().choice_list() == ["晴海臨海公園", "亀居公園"]

    refused = admin_client.post(
        add_url,
        survey_form(
            [{"label": "好きな季節", "field_type": "checkboxes", "choices": ""}],
            slug="kisetsu",
        ),
    )
    assert refused.status_code == 200
    assert "選択肢を1行に1つずつ入力してください。" in refused.content.decode()
    assert not SurveyPage.objects.filter(slug="kisetsu").exists()

    same_label = admin_client.post(
        add_url,
        survey_form(
            [
                {"label": "ご意見", "field_type": "singleline"},
                {"label": "ご意見", "field_type": "multiline"},
            ],
            slug="onaji",
        ),
    )
    assert same_label.status_code == 200
    assert "同じ質問文がほかにもあります。" in same_label.content.decode()
    assert not SurveyPage.objects.filter(slug="onaji").exists()


def test_survey_page_on_the_website_and_in_the_line_preview(
    client, admin_client, survey
):
    web = client.get(survey.url)
    assert web.status_code == 200
    assert reverse("survey_answer", args=[survey.pk]) in web.content.decode()
    assert "お名前" not in web.content.decode()  # questions only inside LINE
    preview = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[survey.pk]),
        {"mode": "line"},
    )
    assert preview.status_code == 200
    assert "回答する" in preview.content.decode()


def test_staff_who_cannot_edit_the_survey_do_not_see_its_answers(
    client, survey, django_user_model
):
    from django.contrib.auth.models import Permission

    from tests.auth import sign_in_verified

    reader = django_user_model.objects.create_user("reader", "r@example.jp", "x")
    reader.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    sign_in_verified(client, reader)
    for name in ("line_delivery:survey_results", "line_delivery:survey_export"):
        refused = client.get(reverse(name, args=[survey.pk]))
        # A Japanese 403 page inside the admin layout (cms.permission_denied).
        assert refused.status_code == 403
        assert "この操作の権限がありません" in refused.content.decode()
    listing = client.get(reverse("line_delivery:survey_list"))
    assert listing.status_code == 200
    assert "市民アンケート" not in listing.content.decode()


def test_staff_preview_the_answer_screen_while_editing(admin_client, survey):
    preview = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[survey.pk]),
        {"mode": "answer"},
    )
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "プレビュー（回答画面）" in text
    assert "回答は集計にだけ使います。" in text
    for label in (
        "お名前（ニックネーム）",
        "ここからは市の施設についてうかがいます。",
        "玖波",
        "防災",
    ):
        assert label in text

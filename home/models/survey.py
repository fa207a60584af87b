"""Surveys (アンケート): staff build them from questions; residents answer in LINE.

The page holds only the questions and the rules (open/close, one answer or many,
anonymous or linked, retention). Answers are personal data and belong to the channel
that collects them (``line_delivery.surveys``), which reads these pages.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.models import Page
from wagtail.search import index

from home.forms import SurveyPageForm

from .mixins import AudienceMixin, JapaneseSearchMixin, ReadableSlugMixin
from .taxonomy import Area, Topic


class QuestionType(models.TextChoices):
    SHORT_TEXT = "singleline", _("短い文章")
    LONG_TEXT = "multiline", _("長い文章")
    NUMBER = "number", _("数値")
    DATE = "date", _("日付")
    SINGLE_CHOICE = "radio", _("ひとつ選ぶ（ラジオボタン）")
    MULTIPLE_CHOICE = "checkboxes", _("いくつでも選ぶ（チェックボックス）")
    DROPDOWN = "dropdown", _("ひとつ選ぶ（プルダウン）")
    AREA = "area", _("地区を選ぶ")
    TOPICS = "topics", _("受信トピックを選ぶ（いくつでも）")
    EXPLANATION = "explanation", _("説明文（回答なし）")


CHOICE_TYPES = {
    QuestionType.SINGLE_CHOICE,
    QuestionType.MULTIPLE_CHOICE,
    QuestionType.DROPDOWN,
}
"""Types whose choices staff type in, one per line."""

COUNTED_TYPES = CHOICE_TYPES | {QuestionType.AREA, QuestionType.TOPICS}
"""Types whose answers are counted and charted in the results."""

MULTIPLE_TYPES = {QuestionType.MULTIPLE_CHOICE, QuestionType.TOPICS}
SETTINGS_TYPES = {QuestionType.AREA, QuestionType.TOPICS}
"""Types that can update the resident's 受信設定."""

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
NUMBER_LIMIT = Decimal("1e12")


class SurveyQuestion(AbstractFormField):
    """One question (or explanatory text) of a survey, in the order staff arrange them."""

    page = ParentalKey(
        "home.SurveyPage", on_delete=models.CASCADE, related_name="questions"
    )
    label = models.CharField(_("質問"), max_length=255)
    field_type = models.CharField(
        _("回答の形式"), max_length=16, choices=QuestionType.choices
    )
    field_type.required_on_save = True
    required = models.BooleanField(_("回答を必須にする"), default=True)
    choices = models.TextField(
        _("選択肢"),
        blank=True,
        help_text=_("1行に1つ。「ひとつ選ぶ」「いくつでも選ぶ」のときに使います。"),
    )
    help_text = models.TextField(
        _("補足の説明"),
        blank=True,
        max_length=1000,
        help_text=_("質問の下に小さく表示します。説明文の形式では、この文が本文です。"),
    )
    updates_delivery_settings = models.BooleanField(
        _("回答で受信設定を変える"),
        default=False,
        help_text=_(
            "「地区を選ぶ」「受信トピックを選ぶ」の質問だけ。回答した市民の受信設定（地区・トピック）を回答どおりに変えます。"
        ),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("field_type", required_on_save=True),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("choices"),
        FieldPanel("updates_delivery_settings"),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("質問")
        verbose_name_plural = _("質問")

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        super().clean()
        if self.field_type in CHOICE_TYPES and not self.choice_list():
            raise ValidationError(
                {"choices": _("選択肢を1行に1つずつ入力してください。")}
            )
        if self.updates_delivery_settings and self.field_type not in SETTINGS_TYPES:
            raise ValidationError(
                {
                    "updates_delivery_settings": _(
                        "受信設定を変えられるのは「地区を選ぶ」「受信トピックを選ぶ」の質問だけです。"
                    )
                }
            )

    @property
    def is_explanation(self) -> bool:
        return self.field_type == QuestionType.EXPLANATION

    @property
    def is_counted(self) -> bool:
        return self.field_type in COUNTED_TYPES

    @property
    def is_multiple(self) -> bool:
        return self.field_type in MULTIPLE_TYPES

    @property
    def key(self) -> str:
        """The name answers are stored under (stable even if the label is edited)."""
        return self.clean_name or self.get_field_clean_name()

    def choice_list(self) -> list[str]:
        """The options a resident picks from, in order."""
        if self.field_type == QuestionType.AREA:
            return list(Area.objects.values_list("name", flat=True))
        if self.field_type == QuestionType.TOPICS:
            return list(Topic.objects.values_list("name", flat=True))
        lines = self.choices.replace("\r", "").split("\n")
        if len(lines) == 1:
            lines = lines[0].split(",")
        return [line.strip() for line in lines if line.strip()]


class SurveyFormBuilder(FormBuilder):
    """Django form fields for the questions, with large-touch widgets and Japanese errors."""

    def get_field_options(self, field: SurveyQuestion) -> dict:
        options = super().get_field_options(field)
        options["initial"] = None
        options["error_messages"] = {
            "required": _("「%(label)s」に回答してください。") % {"label": field.label}
        }
        return options

    def _choices(self, field: SurveyQuestion) -> list[tuple[str, str]]:
        return [(choice, choice) for choice in field.choice_list()]

    def create_singleline_field(self, field, options):
        return forms.CharField(max_length=SHORT_TEXT_MAX, **options)

    def create_multiline_field(self, field, options):
        return forms.CharField(
            max_length=LONG_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
            **options,
        )

    def create_number_field(self, field, options):
        options["error_messages"]["invalid"] = _(
            "半角または全角の数字で入力してください。"
        )
        return JapaneseNumberField(
            max_value=NUMBER_LIMIT,
            min_value=-NUMBER_LIMIT,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **options,
        )

    def create_date_field(self, field, options):
        options["error_messages"]["invalid"] = _(
            "日付を「2025-04-01」の形で入力してください。"
        )
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}), **options
        )

    def create_radio_field(self, field, options):
        return forms.ChoiceField(
            choices=self._choices(field), widget=forms.RadioSelect, **options
        )

    def create_dropdown_field(self, field, options):
        return forms.ChoiceField(
            choices=[("", _("選んでください")), *self._choices(field)], **options
        )

    def create_checkboxes_field(self, field, options):
        return forms.MultipleChoiceField(
            choices=self._choices(field), widget=forms.CheckboxSelectMultiple, **options
        )

    create_area_field = create_radio_field
    create_topics_field = create_checkboxes_field

    @property
    def formfields(self):
        self.fields = [field for field in self.fields if not field.is_explanation]
        return super().formfields


class JapaneseNumberField(forms.DecimalField):
    """Accepts full-width digits (１２３), which Japanese phone keyboards often type."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.translate(
                str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")
            ).replace(",", "")
            value = value.strip()
        return super().to_python(value)


class SurveyAnswerForm(BaseForm):
    """The resident's answer form: the questions plus the consent tick."""

    consent = forms.BooleanField(
        label=_("上記の説明に同意して回答します"),
        error_messages={"required": _("回答するには、同意のチェックが必要です。")},
    )

    def answers(self) -> dict:
        """Cleaned answers as JSON-ready values (dates ISO, numbers as text)."""
        result = {}
        for name, value in self.cleaned_data.items():
            if name == "consent":
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            elif value is None:
                value = ""
            result[name] = value
        return result


class SurveyPage(ReadableSlugMixin, JapaneseSearchMixin, AudienceMixin, Page):
    """A survey (アンケート) that residents answer inside LINE."""

    base_form_class = SurveyPageForm

    class AnswerLimit(models.TextChoices):
        ONCE = "once", _("1人1回")
        MANY = "many", _("何度でも")

    intro = models.TextField(
        _("はじめに"), blank=True, help_text=_("アンケートの目的などを書きます。")
    )
    consent_text = models.TextField(
        _("個人情報の取り扱い（同意文）"),
        default=_(
            "回答は市がこのアンケートの集計にだけ使い、保存期間が過ぎたら削除します。"
            "LINEの運営会社には送りません。"
        ),
        help_text=_("最初の質問の前に表示し、同意のチェックを求めます。"),
    )
    thank_you_text = models.TextField(
        _("回答後のお礼の文"), default=_("ご回答ありがとうございました。")
    )
    opens_at = models.DateTimeField(
        _("受付開始"), null=True, blank=True, help_text=_("空欄なら公開と同時に開始。")
    )
    closes_at = models.DateTimeField(
        _("締切"), null=True, blank=True, help_text=_("空欄なら締切なし。")
    )
    answer_limit = models.CharField(
        _("回答できる回数"),
        max_length=4,
        choices=AnswerLimit.choices,
        default=AnswerLimit.ONCE,
    )
    allow_changes = models.BooleanField(
        _("締切まで回答を変更できる"),
        default=True,
        help_text=_("「1人1回」のとき、回答した市民が締切まで回答を直せます。"),
    )
    is_anonymous = models.BooleanField(
        _("匿名で集める"),
        default=True,
        help_text=_(
            "回答と回答者（LINEの友だち）を結び付けません。二重回答を防ぐための"
            "暗号化した印だけを残します。"
        ),
    )
    retention_days = models.PositiveIntegerField(
        _("回答の保存期間（日）"),
        default=365,
        help_text=_(
            "締切（締切がなければ回答日）からこの日数が過ぎた回答は自動で削除されます。"
        ),
    )
    reminder_at = models.DateTimeField(
        _("リマインダーを送る日時"),
        null=True,
        blank=True,
        help_text=_(
            "この日時に、まだ回答していない配信先の友だちにだけ、回答のお願いをLINEで送ります。"
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("consent_text"),
        InlinePanel("questions", label=_("質問"), min_num=1),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("answer_limit"),
                FieldPanel("allow_changes"),
                FieldPanel("is_anonymous"),
                FieldPanel("retention_days"),
                FieldPanel("reminder_at"),
            ],
            heading=_("受付と回答の扱い"),
        ),
        MultiFieldPanel(AudienceMixin.audience_panels, heading=_("届ける相手")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        *JapaneseSearchMixin.search_fields_extra,
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("アンケート")
        verbose_name_plural = _("アンケート")

    class Status(models.TextChoices):
        NOT_YET_OPEN = "not_yet_open", _("受付前")
        OPEN = "open", _("受付中")
        CLOSED = "closed", _("締切")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("締切は受付開始より後にしてください。")
        if self.reminder_at and self.closes_at and self.reminder_at >= self.closes_at:
            errors["reminder_at"] = _("リマインダーは締切より前にしてください。")
        if self.reminder_at and self.opens_at and self.reminder_at <= self.opens_at:
            errors["reminder_at"] = _("リマインダーは受付開始より後にしてください。")
        if not self.retention_days:
            errors["retention_days"] = _("保存期間は1日以上にしてください。")
        if errors:
            raise ValidationError(errors)

    def search_texts(self):
        yield from super().search_texts()
        yield self.summary
        yield self.intro

    def status(self, now: datetime.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return self.Status.NOT_YET_OPEN
        if self.closes_at and now >= self.closes_at:
            return self.Status.CLOSED
        return self.Status.OPEN

    def status_label(self) -> str:
        return self.Status(self.status()).label

    @property
    def one_answer_each(self) -> bool:
        return self.answer_limit == self.AnswerLimit.ONCE

    def answer_questions(self) -> list[SurveyQuestion]:
        """The questions that take an answer, in order (explanations left out)."""
        return [q for q in self.questions.all() if not q.is_explanation]

    @property
    def preview_modes(self):
        return [*super().preview_modes, ("answer", _("回答画面"))]

    def serve_preview(self, request, mode_name):
        """「回答画面」: the questions as residents will see them (nothing can be sent)."""
        if mode_name != "answer":
            return super().serve_preview(request, mode_name)
        form = self.get_form_class()(page=self)
        return TemplateResponse(
            request,
            "home/survey_answer_preview.html",
            {"page": self, "form": form, "rows": self.question_rows(form)},
        )

    def question_rows(self, form) -> list[dict]:
        """Questions in order, each with its bound form field (explanations have none)."""
        return [
            {
                "question": question,
                "field": None if question.is_explanation else form[question.key],
            }
            for question in self.questions.all()
        ]

    def get_form_class(self) -> type[SurveyAnswerForm]:
        builder = SurveyFormBuilder(list(self.questions.all()))
        return type("SurveyForm", (SurveyAnswerForm,), builder.formfields)

    def retention_cutoff(self, now: datetime.datetime | None = None):
        """Answers submitted before this time are past retention (None: keep all).

        With a close date the clock starts at closing, so every answer to a survey is
        kept for the same period after the results are final.
        """
        now = now or timezone.now()
        period = datetime.timedelta(days=self.retention_days)
        if self.closes_at:
            return None if now < self.closes_at + period else now
        return now - period

"""Survey answers: personal data, encrypted at rest and deleted after retention."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..crypto import EncryptedJSONField


class SurveyAnswerQuerySet(models.QuerySet):
    def for_survey(self, page) -> "SurveyAnswerQuerySet":
        return self.filter(page_id=page.pk)


class SurveyAnswer(models.Model):
    """One resident's answer to a survey (アンケートの回答).

    ``respondent_key`` is a keyed hash of the survey and the friend: it stops double
    answers and tells the reminder who has answered, and cannot be turned back into
    the friend without the hash key. ``friend`` is set only for surveys that are not
    anonymous.
    """

    page = models.ForeignKey(
        "home.SurveyPage",
        verbose_name=_("アンケート"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    respondent_key = models.CharField(max_length=64, editable=False)
    one_per_respondent = models.BooleanField(default=True, editable=False)
    friend = models.ForeignKey(
        "line_delivery.Friend",
        verbose_name=_("回答者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_answers",
    )
    answers = EncryptedJSONField(_("回答（暗号化）"))
    submitted_at = models.DateTimeField(_("回答日時"), default=timezone.now)
    updated_at = models.DateTimeField(_("最終変更"), default=timezone.now)

    objects = SurveyAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("アンケートの回答")
        verbose_name_plural = _("アンケートの回答")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # The database itself refuses a second answer to a one-answer survey.
            models.UniqueConstraint(
                fields=["page", "respondent_key"],
                condition=models.Q(one_per_respondent=True),
                name="one_survey_answer_per_respondent",
            )
        ]
        indexes = [models.Index(fields=["page", "respondent_key"])]

    def __str__(self) -> str:
        return f"{_('回答')} #{self.pk}"

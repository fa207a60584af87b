"""よくある質問 (FAQ): answers the chat gives when a question matches the keywords."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.search import index

from .taxonomy import split_aliases


class Faq(index.Indexed, models.Model):
    """A question residents ask, the words that recognise it, and the answer.

    Registered as a snippet in ``home/wagtail_hooks.py``.
    """

    question = models.CharField(_("質問"), max_length=120, unique=True)
    keywords = models.TextField(
        _("キーワード"),
        help_text=_("この質問だと分かる言葉を1行に1つ。例: 粗大ごみ、大きいごみ、家具"),
    )
    answer_text = models.TextField(_("回答"), max_length=1000)
    answer_url = models.URLField(_("詳しい情報のURL"), blank=True)
    answer_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("詳しい情報のページ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("使う"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("question"),
        FieldPanel("keywords"),
        FieldPanel("answer_text"),
        FieldPanel("answer_url"),
        PageChooserPanel("answer_page"),
        FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("question"), index.SearchField("keywords")]

    class Meta:
        verbose_name = _("よくある質問")
        verbose_name_plural = _("よくある質問")
        ordering = ["question"]

    def __str__(self) -> str:
        return self.question

    def clean(self) -> None:
        if self.answer_url and self.answer_page:
            raise ValidationError(
                {"answer_url": _("URLかページのどちらか一つにしてください。")}
            )

    def keyword_list(self) -> list[str]:
        return split_aliases(self.keywords)

    def link(self) -> str:
        if self.answer_page:
            return self.answer_page.specific.full_url or ""
        return self.answer_url

"""Pieces shared by the page types: Japanese search text and delivery metadata."""

from collections.abc import Iterable, Iterator

from django import forms
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.rich_text import RichText
from wagtail.search import index

from home.channels import get_channel, registered_channels
from home.forms import DeliverablePageForm
from search.text import index_text


def stream_text(stream_value) -> Iterator[str]:
    """The plain text a reader sees in a StreamField value (for search and feeds)."""
    for child in stream_value or []:
        yield from _block_text(child.value)


def _block_text(value) -> Iterator[str]:
    if isinstance(value, RichText):
        yield strip_tags(value.source)
    elif isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "data" and isinstance(item, list):  # TableBlock rows
                for row in item:
                    yield from (str(cell) for cell in row or [] if cell)
            elif isinstance(item, (str, RichText, dict)):
                yield from _block_text(item)


class JapaneseSearchMixin:
    """Adds a bigram index field so Japanese substrings are found (see ``search.text``).

    Page classes add ``*JapaneseSearchMixin.search_fields_extra`` to their
    ``search_fields`` and override ``search_texts``.
    """

    search_fields_extra = [index.SearchField("search_bigrams")]

    def search_texts(self) -> Iterable[str]:
        yield self.title
        yield getattr(self, "search_description", "")

    def search_bigrams(self) -> str:
        return index_text(self.search_texts())


class AudienceMixin(models.Model):
    """Who a page is for: its 受信トピック and 地区 (none chosen = the whole city).

    Content only describes the audience; ``line_delivery`` reads it to target friends.
    Registered channels (``home.channels``) add their preview modes and publish checks.
    """

    base_form_class = DeliverablePageForm

    summary = models.CharField(
        _("要約"),
        max_length=100,
        help_text=_(
            "100文字まで。一覧やLINEの通知に表示されます。本文の最初の一文を短くまとめてください。"
        ),
    )
    topics = ParentalManyToManyField(
        "home.Topic",
        verbose_name=_("受信トピック"),
        blank=True,
        related_name="+",
        help_text=_("このトピックを選んだ市民に届きます。"),
    )
    target_areas = ParentalManyToManyField(
        "home.Area",
        verbose_name=_("対象地区"),
        blank=True,
        related_name="+",
        help_text=_("選ばなければ市内全域が対象です。"),
    )

    send_to_line = models.BooleanField(
        _("LINEで配信する"),
        default=True,
        help_text=_(
            "公開したとき、下のトピックと地区を選んだ友だちにLINEで届けます。"
            "公開後に修正して公開し直しても、再配信を選ばない限り再送しません。"
        ),
    )

    audience_panels = [
        FieldPanel("send_to_line"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("target_areas", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        abstract = True

    @property
    def preview_modes(self):
        return [
            *super().preview_modes,
            *((channel.name, channel.label) for channel in registered_channels()),
        ]

    def serve_preview(self, request, mode_name):
        channel = get_channel(mode_name)
        if channel is not None:
            return channel.preview(request, self)
        return super().serve_preview(request, mode_name)

    @property
    def is_citywide(self) -> bool:
        return not self.target_areas.exists()

    def area_names(self) -> list[str]:
        return [area.name for area in self.target_areas.all()]

    def topic_names(self) -> list[str]:
        return [topic.name for topic in self.topics.all()]

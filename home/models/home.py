"""The city's top page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .disaster import DisasterIndexPage, DisasterNoticePage
from .garbage import GarbageGuidePage
from .mixins import JapaneseSearchMixin, ReadableSlugMixin
from .news import NewsIndexPage, NewsPage


class HomePage(ReadableSlugMixin, JapaneseSearchMixin, Page):
    """Top page: active disaster notices first, then the latest news and the guides."""

    introduction = models.CharField(
        _("ごあいさつ"),
        max_length=200,
        blank=True,
        help_text=_("トップページの一番上に表示する短い文。"),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, *JapaneseSearchMixin.search_fields_extra]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.NewsIndexPage",
        "home.DisasterIndexPage",
        "home.GarbageGuidePage",
        "home.SurveyPage",
    ]

    LATEST_NEWS_COUNT = 5

    class Meta:
        verbose_name = _("トップページ")

    def search_texts(self):
        yield from super().search_texts()
        yield self.introduction

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            {
                "active_notices": DisasterNoticePage.active_notices().descendant_of(
                    self
                ),
                "latest_news": NewsPage.objects.live()
                .public()
                .descendant_of(self)
                .order_by("-date", "-first_published_at")[: self.LATEST_NEWS_COUNT],
                "news_index": NewsIndexPage.objects.live().child_of(self).first(),
                "disaster_index": DisasterIndexPage.objects.live()
                .child_of(self)
                .first(),
                "garbage_guide": GarbageGuidePage.objects.live().child_of(self).first(),
            }
        )
        return context

"""News (お知らせ): an index under the home page and the news pages in it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyStreamBlock

from .mixins import AudienceMixin, JapaneseSearchMixin, ReadableSlugMixin, stream_text


class NewsIndexPage(ReadableSlugMixin, JapaneseSearchMixin, Page):
    """The list of news; one per site, directly under the home page."""

    intro = models.CharField(_("説明"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, *JapaneseSearchMixin.search_fields_extra]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("お知らせ一覧")

    def news(self):
        return (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-date", "-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        context["news_pages"] = Paginator(self.news(), 20).get_page(
            request.GET.get("page")
        )
        return context


class NewsPage(ReadableSlugMixin, JapaneseSearchMixin, AudienceMixin, Page):
    """One piece of news, written once for the website, the feeds and LINE."""

    date = models.DateField(_("公開日"), default=timezone.localdate)
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("メイン画像"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "サイトの一覧とページに表示されます。LINEの通知には、サイトが https で"
            "公開されているときだけ表示されます（LINEの規則）。"
            "横長（16:9程度）の写真が向いています。"
        ),
    )
    main_image_alt = models.CharField(
        _("メイン画像の代替テキスト"),
        max_length=200,
        blank=True,
        help_text=_("画像が見えない方のための説明。画像を選んだときは必須です。"),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("本文"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("main_image"), FieldPanel("main_image_alt")],
            heading=_("メイン画像"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(AudienceMixin.audience_panels, heading=_("届ける相手")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        *JapaneseSearchMixin.search_fields_extra,
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField(
            "main_image_url",
            serializer=ImageRenditionField("fill-1200x630", source="main_image"),
        ),
        APIField("main_image_alt"),
        APIField("body"),
        APIField("topic_names"),
        APIField("area_names"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")

    def clean(self):
        super().clean()
        if self.main_image and not self.main_image_alt.strip():
            raise ValidationError(
                {
                    "main_image_alt": _(
                        "画像を選んだときは、代替テキストを入力してください。"
                    )
                }
            )

    def search_texts(self):
        yield from super().search_texts()
        yield self.summary
        yield from stream_text(self.body)

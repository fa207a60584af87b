"""The garbage-sorting guide (ごみの分け方・出し方): a page plus snippets.

Categories, items and collection areas are snippets so staff can keep them up to date
without editing pages; the guide page lists them and the chat searches them.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from search.text import normalize

from .mixins import JapaneseSearchMixin, ReadableSlugMixin
from .taxonomy import split_aliases


colour_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$",
    _("色は #E4572E のように、# と6桁の16進数で入力してください。"),
)


class GarbageCategory(index.Indexed, models.Model):
    """A sorting category (燃やせるごみ, 資源ごみ …) and how to put it out."""

    name = models.CharField(_("分別区分"), max_length=40, unique=True)
    slug = models.SlugField(
        _("識別子"), max_length=40, unique=True, help_text=_("半角英数字。例: moyasu")
    )
    colour = models.CharField(
        _("色"),
        max_length=7,
        default="#607D8B",
        validators=[colour_validator],
        help_text=_("カレンダーやLINEで区分を見分ける色。例: #E4572E"),
    )
    how_to_put_out = models.TextField(
        _("出し方"), help_text=_("袋の種類、時間、場所など。")
    )
    collect_on_holidays = models.BooleanField(
        _("祝日も収集する"),
        default=True,
        help_text=_("外すと、収集日が祝日・振替休日に当たる日は収集しません。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("colour"),
        FieldPanel("how_to_put_out"),
        FieldPanel("collect_on_holidays"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("ごみの分別区分")
        verbose_name_plural = _("ごみの分別区分")

    def __str__(self) -> str:
        return self.name


class GarbageItem(index.Indexed, models.Model):
    """One thing a resident throws away, and the category it belongs to."""

    name = models.CharField(_("品目"), max_length=60, unique=True)
    reading = models.CharField(
        _("よみがな"), max_length=120, blank=True, help_text=_("ひらがなで入力します。")
    )
    aliases = models.TextField(
        _("別の呼び方"),
        blank=True,
        help_text=_("1行に1つ。市民が入力しそうな別の言い方。例: PET、ペット"),
    )
    category = models.ForeignKey(
        GarbageCategory,
        verbose_name=_("分別区分"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    notes = models.TextField(_("注意事項"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("reading"),
        FieldPanel("aliases"),
        FieldPanel("category"),
        FieldPanel("notes"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("reading"),
        index.SearchField("aliases"),
        index.AutocompleteField("name"),
        index.FilterField("category"),
    ]

    class Meta:
        ordering = ["reading", "name"]
        verbose_name = _("ごみの品目")
        verbose_name_plural = _("ごみの品目")

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    def matches(self, query: str) -> bool:
        """Whether the normalised query appears in the name, reading or an alias."""
        needle = normalize(query)
        return bool(needle) and any(
            needle in normalize(text)
            for text in [self.name, self.reading, *self.alias_list()]
            if text
        )


class GarbageGuidePage(ReadableSlugMixin, JapaneseSearchMixin, Page):
    """ごみの分け方・出し方: categories, a searchable item list and collection days."""

    intro = RichTextField(_("はじめに"), blank=True, features=["bold", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, *JapaneseSearchMixin.search_fields_extra]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("ごみの分け方ガイド")

    def search_texts(self):
        yield from super().search_texts()
        yield strip_tags(self.intro)
        yield from GarbageCategory.objects.values_list("name", flat=True)

    def get_context(self, request, *args, **kwargs):
        # Imported here: the calendar module imports these models.
        from ..collection_calendar import prefetch_collection_rules, schedule_lines

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        query = request.GET.get("q", "")[:50].strip()
        items = GarbageItem.objects.select_related("category")
        if query:
            items = [item for item in items if item.matches(query)]
        context.update(
            {
                "query": query,
                "categories": GarbageCategory.objects.all(),
                "items": items,
                "collection_areas": [
                    (collection_area, schedule_lines(collection_area, today))
                    for collection_area in prefetch_collection_rules()
                ],
            }
        )
        return context

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

from search.readings import readings_for
from search.text import compact, normalize

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
    icon_5374 = models.CharField(
        _("5374のアイコン"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("5374形式で取り込んだアイコンのパス（例: img/moyasu.svg）。"),
    )

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
        _("よみがな"),
        max_length=120,
        blank=True,
        help_text=_(
            "ひらがなで入力します。いくつもある場合は「、」で区切ります。"
            "品目名と別の呼び方のよみがなは保存時に自動で作られるので、"
            "自動で作られないものだけ入力してください。"
        ),
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
    generated_readings = models.TextField(
        _("自動のよみがな"),
        blank=True,
        editable=False,
        help_text=_("品目名と別の呼び方から保存時に自動で作られます。"),
    )
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

    def save(self, *args, **kwargs) -> None:
        # Readings come from the analyser on every save (also after a 5374 import),
        # so kanji-only names are found by their kana (茶碗 → ちゃわん).
        self.fill_generated_readings()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "generated_readings"}
        super().save(*args, **kwargs)

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    def reading_list(self) -> list[str]:
        """Every reading the chat searches: staff's own, then the generated ones."""
        return [line for line in self.generated_readings.splitlines() if line]

    def fill_generated_readings(self) -> None:
        self.generated_readings = "\n".join(
            readings_for(self.name, self.alias_list(), self.reading)
        )

    def add_alias(self, word: str) -> bool:
        """Add ``word`` as another name of this item (staff's one-click fix); saved."""
        word = word.strip()[:60]
        if not compact(word) or compact(word) in {
            compact(text) for text in (self.name, *self.alias_list())
        }:
            return False
        self.aliases = "\n".join([*self.alias_list(), word])
        self.save()
        return True

    def matches(self, query: str) -> bool:
        """Whether the normalised query appears in the name, reading or an alias."""
        needle = normalize(query)
        return bool(needle) and any(
            needle in normalize(text)
            for text in [self.name, self.reading, *self.alias_list()]
            if text
        )


class GarbageSynonym(models.Model):
    """ごみの言い換え: a word residents use for items (English, brands, old words).

    A word for items of different categories (廃油 → 食用油, エンジンオイル) makes the
    chat offer all of them instead of answering one.
    """

    word = models.CharField(_("言い換え"), max_length=60, unique=True)
    items = models.ManyToManyField(
        GarbageItem, verbose_name=_("品目"), related_name="synonyms"
    )
    note = models.CharField(_("メモ"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("items"), FieldPanel("note")]

    class Meta:
        ordering = ["word"]
        verbose_name = _("ごみの言い換え")
        verbose_name_plural = _("ごみの言い換え")

    def __str__(self) -> str:
        return self.word


class GarbageQueryFeedback(models.Model):
    """What residents told us about a garbage answer, without who they are.

    「違う」 on an answer, the item picked from a choice, or 「どれでもない」: ranked for
    staff with the query text, so a wrong answer leaves a trace and one click turns the
    query into another name of the right item.
    """

    class Kind(models.TextChoices):
        WRONG = "wrong", _("違うと言われた回答")
        CHOSEN = "chosen", _("選択肢から選ばれた品目")
        NONE = "none", _("どれでもない")

    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    normalized_text = models.CharField(_("検索語（正規化）"), max_length=100)
    example_text = models.CharField(_("入力例"), max_length=100)
    answered_item = models.ForeignKey(
        GarbageItem,
        verbose_name=_("回答した品目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    chosen_item = models.ForeignKey(
        GarbageItem,
        verbose_name=_("選ばれた品目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("回数"), default=0)
    first_at = models.DateTimeField(_("初回"), default=timezone.now)
    last_at = models.DateTimeField(_("最終"), default=timezone.now)
    resolved = models.BooleanField(_("対応済み"), default=False)

    class Meta:
        verbose_name = _("ごみ検索への反応")
        verbose_name_plural = _("ごみ検索への反応")
        ordering = ["resolved", "-count", "-last_at"]

    def __str__(self) -> str:
        return self.example_text

    @classmethod
    def record(
        cls,
        kind: str,
        query: str,
        answered: GarbageItem | None = None,
        chosen: GarbageItem | None = None,
    ) -> "GarbageQueryFeedback":
        """Count one reaction (digits masked, as for unanswered queries)."""
        import re

        example = re.sub(r"\d{4,}", "＊＊＊＊", query.strip())[:100]
        key = compact(example)[:100] or example
        row, _created = cls.objects.get_or_create(
            kind=kind,
            normalized_text=key,
            answered_item=answered,
            chosen_item=chosen,
            defaults={"example_text": example},
        )
        cls.objects.filter(pk=row.pk).update(
            count=models.F("count") + 1, last_at=timezone.now(), resolved=False
        )
        row.refresh_from_db()
        return row

    def make_alias(self) -> bool:
        """Staff's one click: the query becomes another name of the chosen item."""
        target = self.chosen_item
        if target is None:
            return False
        added = target.add_alias(self.example_text)
        self.resolved = True
        self.save(update_fields=["resolved"])
        return added


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

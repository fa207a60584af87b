"""Topics (受信設定) and areas (地区): how residents choose what reaches them.

Both are snippets, registered in ``home/wagtail_hooks.py``.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from search.text import normalize


def split_aliases(text: str) -> list[str]:
    """Aliases are typed one per line or separated by 、/,; return them cleaned."""
    for separator in ("、", ",", "，"):
        text = text.replace(separator, "\n")
    return [alias.strip() for alias in text.splitlines() if alias.strip()]


class Topic(index.Indexed, models.Model):
    """A subject residents can subscribe to in 受信設定 (防災, ごみ, 子育て …)."""

    name = models.CharField(_("名前"), max_length=40, unique=True)
    slug = models.SlugField(
        _("識別子"),
        max_length=40,
        unique=True,
        allow_unicode=False,
        help_text=_("半角英数字とハイフン。LINEのボタンやAPIで使います。例: bousai"),
    )
    description = models.CharField(
        _("説明"),
        max_length=120,
        blank=True,
        help_text=_("受信設定の画面で名前の下に表示されます。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    digest = models.BooleanField(
        _("まとめて配信（1日1回）"),
        default=False,
        help_text=_(
            "急ぎでないトピックに使います。このトピックだけのページは公開してもすぐには"
            "送らず、その日のページをまとめて1通にして、決まった時刻（LINE配信の注意設定の"
            "「まとめて配信の時刻」）に送ります。防災情報と警戒レベル3以上は、"
            "この設定にかかわらずすぐに送ります。"
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        FieldPanel("digest"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("受信トピック")
        verbose_name_plural = _("受信トピック")

    def __str__(self) -> str:
        return self.name


class Area(index.Indexed, models.Model):
    """A 地区 of the city. A page with no 地区 is for the whole city."""

    name = models.CharField(_("地区名"), max_length=40, unique=True)
    reading = models.CharField(
        _("よみがな"), max_length=80, blank=True, help_text=_("ひらがなで入力します。")
    )
    aliases = models.TextField(
        _("別の表記"),
        blank=True,
        help_text=_(
            "1行に1つ。例: 小方ケ丘、小方が丘（防災メールの読み取りや検索で使います）"
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("reading"),
        FieldPanel("aliases"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("reading"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("地区")
        verbose_name_plural = _("地区")

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    def spellings(self) -> set[str]:
        """Every normalised way this 地区 is written (name, reading and aliases)."""
        return {
            normalize(s) for s in [self.name, self.reading, *self.alias_list()] if s
        }


class Zone(models.Model):
    """A name the disaster-radio texts use for several 地区 (沿岸部, 山間部, 〇〇川沿い).

    A mail that names a zone instead of 地区 (「沿岸部のみの放送です」) goes to the zone's
    地区 and is labelled with the zone's name. A zone nobody entered here stays unread:
    the mail goes citywide and the duty staff are told, as before.
    """

    name = models.CharField(
        _("地域の呼び名"),
        max_length=40,
        unique=True,
        help_text=_("防災メールでの呼び方。例: 沿岸部、山間部、小瀬川沿い"),
    )
    aliases = models.TextField(
        _("別の表記"),
        blank=True,
        help_text=_("1行に1つ。例: 沿岸地域、海沿い（正規表現は使いません）"),
    )
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("含まれる地区"),
        related_name="zones",
        help_text=_("この呼び名で放送されたとき、届ける地区を選びます。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("aliases"),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("地域の呼び名と地区")
        verbose_name_plural = _("地域の呼び名と地区")

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    def area_list(self) -> str:
        return "、".join(area.name for area in self.areas.all())

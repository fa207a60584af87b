"""Disaster notices (防災情報) and their index.

The level follows Japan's five-step 警戒レベル (Cabinet Office guideline, 2021), with 0
for plain information. Whether a notice is still in force (現在発表中) is read from its
events (``disaster_events.NoticeEvent``) by ``home.notice_lifecycle``; staff may also
type a 解除日時 (``lifted_at``). A notice that is no longer in force keeps its level.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyStreamBlock

from .mixins import AudienceMixin, JapaneseSearchMixin, ReadableSlugMixin, stream_text


class AlertLevel(models.IntegerChoices):
    INFO = 0, _("お知らせ")
    LEVEL1 = 1, _("警戒レベル1（早期注意情報）")
    LEVEL2 = 2, _("警戒レベル2（注意報）")
    LEVEL3 = 3, _("警戒レベル3（高齢者等避難）")
    LEVEL4 = 4, _("警戒レベル4（避難指示）")
    LEVEL5 = 5, _("警戒レベル5（緊急安全確保）")


# Colours of the 警戒レベル as used in national guidance (Lv5 black, Lv4 purple, Lv3 red,
# Lv2 yellow, Lv1 white); "information" and lifted notices use calm colours.
ALERT_LEVEL_COLOURS: dict[int, tuple[str, str]] = {
    # level: (background, text)
    AlertLevel.INFO: ("#1D4E89", "#FFFFFF"),
    AlertLevel.LEVEL1: ("#F2F2F2", "#1A1A1A"),
    AlertLevel.LEVEL2: ("#F5D000", "#1A1A1A"),
    AlertLevel.LEVEL3: ("#D7000F", "#FFFFFF"),
    AlertLevel.LEVEL4: ("#7A1FA2", "#FFFFFF"),
    AlertLevel.LEVEL5: ("#1A1A1A", "#FFFFFF"),
}
LIFTED_COLOURS = ("#2E7D32", "#FFFFFF")


class Hazard(models.TextChoices):
    HEAVY_RAIN = "heavy_rain", _("大雨")
    FLOOD = "flood", _("洪水")
    LANDSLIDE = "landslide", _("土砂災害")
    STORM_SURGE = "storm_surge", _("高潮")
    TYPHOON = "typhoon", _("台風")
    EARTHQUAKE = "earthquake", _("地震")
    TSUNAMI = "tsunami", _("津波")
    FIRE = "fire", _("火災")
    WATER_SUPPLY = "water_supply", _("断水・水道")
    HEAT = "heat", _("熱中症")
    WILDLIFE = "wildlife", _("野生動物")
    CIVIL_PROTECTION = "civil_protection", _("国民保護")
    OTHER = "other", _("その他")


class DisasterIndexPage(ReadableSlugMixin, JapaneseSearchMixin, Page):
    """防災情報: active notices first, then lifted ones."""

    intro = models.CharField(_("説明"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, *JapaneseSearchMixin.search_fields_extra]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.DisasterNoticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("防災情報一覧")

    def notices(self):
        return DisasterNoticePage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from home.notice_lifecycle import in_force

        notices = self.notices()
        active = DisasterNoticePage.most_urgent_first(in_force(notices))
        context["active_notices"] = active
        context["lifted_notices"] = notices.exclude(
            pk__in=active.values("pk")
        ).order_by("-issued_at")[:30]
        return context


class DisasterNoticePage(ReadableSlugMixin, JapaneseSearchMixin, AudienceMixin, Page):
    """One disaster notice: what, where, how serious, and where to go."""

    level = models.PositiveSmallIntegerField(
        _("警戒レベル"), choices=AlertLevel.choices, default=AlertLevel.INFO
    )
    hazard = models.CharField(
        _("災害の種類"), max_length=20, choices=Hazard.choices, default=Hazard.OTHER
    )
    issued_at = models.DateTimeField(_("発表日時"), default=timezone.now)
    lifted_at = models.DateTimeField(
        _("解除日時"),
        null=True,
        blank=True,
        help_text=_("解除されたら入力して公開し直します。空欄の間は発表中です。"),
    )
    shelters = ParentalManyToManyField(
        "home.Shelter",
        verbose_name=_("開設する避難所"),
        blank=True,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("本文"), blank=True)
    areas_unread = models.BooleanField(
        _("対象地区を読み取れなかった"),
        default=False,
        help_text=_(
            "防災メールの地区の注記を読み取れず、全域に配信したときに付きます。"
            "対象地区を選んだら外してください。"
        ),
    )

    zone_label = models.CharField(
        _("対象地域の呼び名"),
        max_length=120,
        blank=True,
        help_text=_(
            "防災メールが地区ではなく地域の呼び名（沿岸部など）で対象を示したとき、"
            "その呼び名を表示します。"
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("level"), FieldPanel("hazard")]),
        FieldRowPanel([FieldPanel("issued_at"), FieldPanel("lifted_at")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("shelters", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                *AudienceMixin.audience_panels,
                FieldPanel("zone_label"),
                FieldPanel("areas_unread"),
            ],
            heading=_("届ける相手"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        *JapaneseSearchMixin.search_fields_extra,
        index.FilterField("level"),
        index.FilterField("lifted_at"),
    ]
    api_fields = [
        APIField("level"),
        APIField("level_label"),
        APIField("hazard"),
        APIField("hazard_label"),
        APIField("issued_at"),
        APIField("lifted_at"),
        APIField("is_lifted"),
        APIField("end_label"),
        APIField("ended_at"),
        APIField("summary"),
        APIField("body"),
        APIField("area_names"),
        APIField("shelter_names"),
    ]

    parent_page_types = ["home.DisasterIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("防災情報")
        verbose_name_plural = _("防災情報")

    def clean(self):
        super().clean()
        if self.lifted_at and self.issued_at and self.lifted_at < self.issued_at:
            raise ValidationError(
                {"lifted_at": _("解除日時は発表日時より後にしてください。")}
            )

    @staticmethod
    def most_urgent_first(queryset):
        return queryset.order_by("-level", "-issued_at")

    @classmethod
    def active_notices(cls):
        """Live, public notices in force (現在発表中), most urgent first."""
        from home.notice_lifecycle import in_force

        return cls.most_urgent_first(in_force(cls.objects.live().public()))

    @cached_property
    def lifecycle(self):
        from home.notice_lifecycle import lifecycle

        return lifecycle(self)

    @property
    def in_force(self) -> bool:
        return self.lifecycle.in_force

    @property
    def is_lifted(self) -> bool:
        """No longer in force: lifted, resumed, restored, superseded or expired."""
        return not self.lifecycle.in_force

    @property
    def end_label(self) -> str:
        """解除, 運航再開, 復旧, 新しい情報に更新 … (empty while in force)."""
        return "" if self.in_force else self.lifecycle.label

    @property
    def ended_at(self):
        """When it stopped being in force (the typed 解除日時 or the event's end)."""
        return self.lifecycle.changed_at

    @property
    def event_lines(self):
        return self.lifecycle.lines

    @property
    def level_label(self) -> str:
        return str(AlertLevel(self.level).label)

    @property
    def hazard_label(self) -> str:
        return str(Hazard(self.hazard).label)

    @property
    def status_label(self) -> str:
        if self.lifecycle.partly_ended:
            return str(_("一部終了（残りは発表中）"))
        return self.lifecycle.label

    @property
    def colours(self) -> tuple[str, str]:
        """(background, text) colours that make the level unmistakable."""
        if self.is_lifted:
            return LIFTED_COLOURS
        return ALERT_LEVEL_COLOURS[self.level]

    def shelter_names(self) -> list[str]:
        return [shelter.name for shelter in self.shelters.all()]

    @property
    def areas_text(self) -> str:
        """Never 「市内全域」 as if certain when the mail's area note was not understood."""
        names = self.area_names()
        if not names and self.areas_unread:
            return str(_("対象地区を読み取れなかったため全域に配信"))
        if names and self.zone_label:
            return f"{self.zone_label}（{'、'.join(names)}）"
        return "、".join(names) or str(_("市内全域"))

    @property
    def in_force_what(self) -> str:
        """What is still in force, by name (「大雨注意報」 after 「大雨警報を解除し…」)."""
        if not self.in_force:
            return ""
        return "、".join(
            dict.fromkeys(
                line.what
                for line in self.event_lines
                if line.status == "in_force"
                and line.own
                and line.what != self.level_label
            )
        )

    def search_texts(self):
        yield from super().search_texts()
        yield self.summary
        yield self.level_label
        yield self.hazard_label
        yield from self.area_names()
        yield from stream_text(self.body)

"""Evacuation shelters (避難所), a snippet registered in ``home/wagtail_hooks.py``."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .taxonomy import split_aliases


class ShelterStatus(models.TextChoices):
    CLOSED = "closed", _("未開設")
    OPEN = "open", _("開設")
    FULL = "full", _("満")


# The hazard columns follow the national open-data format of designated emergency
# evacuation sites (指定緊急避難場所): one yes/no per kind of disaster.
SHELTER_HAZARD_FIELDS: dict[str, str] = {
    "serves_flood": "洪水",
    "serves_landslide": "崖崩れ・土石流・地滑り",
    "serves_storm_surge": "高潮",
    "serves_earthquake": "地震",
    "serves_tsunami": "津波",
    "serves_fire": "大規模な火事",
    "serves_inland_flood": "内水氾濫",
}


class Shelter(index.Indexed, ClusterableModel):
    """A place residents can evacuate to, with its current status."""

    name = models.CharField(_("名称"), max_length=80, unique=True)
    reading = models.CharField(_("よみがな"), max_length=120, blank=True)
    aliases = models.TextField(
        _("別の表記"),
        blank=True,
        help_text=_(
            "1行に1つ。例: 松ヶ原集会所、サントピア（防災メールの読み取りで使います）"
        ),
    )
    address = models.CharField(_("住所"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("緯度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("経度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    capacity = models.PositiveIntegerField(
        _("収容人数"), null=True, blank=True, help_text=_("人数。わからなければ空欄。")
    )
    serves_flood = models.BooleanField(_("洪水"), default=False)
    serves_landslide = models.BooleanField(_("崖崩れ・土石流・地滑り"), default=False)
    serves_storm_surge = models.BooleanField(_("高潮"), default=False)
    serves_earthquake = models.BooleanField(_("地震"), default=False)
    serves_tsunami = models.BooleanField(_("津波"), default=False)
    serves_fire = models.BooleanField(_("大規模な火事"), default=False)
    serves_inland_flood = models.BooleanField(_("内水氾濫"), default=False)
    areas = ParentalManyToManyField(
        "home.Area",
        verbose_name=_("主な対象地区"),
        blank=True,
        related_name="shelters",
    )
    status = models.CharField(
        _("開設状況"),
        max_length=10,
        choices=ShelterStatus.choices,
        default=ShelterStatus.CLOSED,
    )
    status_changed_at = models.DateTimeField(_("状況の更新日時"), default=timezone.now)
    notes = models.TextField(_("備考"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("reading"),
        FieldPanel("aliases"),
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("capacity"),
            ],
            heading=_("場所"),
        ),
        MultiFieldPanel(
            [FieldPanel(field) for field in SHELTER_HAZARD_FIELDS],
            heading=_("対応する災害"),
        ),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("notes"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("reading"),
        index.SearchField("address"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("避難所")
        verbose_name_plural = _("避難所")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            previous = Shelter.objects.filter(pk=self.pk).values_list(
                "status", flat=True
            )
            if previous and previous[0] != self.status:
                self.status_changed_at = timezone.now()
        super().save(*args, **kwargs)

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    @property
    def hazards(self) -> list[str]:
        """Japanese names of the disasters this shelter is designated for."""
        return [
            label
            for field, label in SHELTER_HAZARD_FIELDS.items()
            if getattr(self, field)
        ]

    @property
    def is_open(self) -> bool:
        return self.status == ShelterStatus.OPEN

    def map_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return f"https://www.google.com/maps/search/?api=1&query={self.latitude},{self.longitude}"

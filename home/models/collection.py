"""Garbage collection rules (収集日) that staff edit in the admin, without code or regex.

A ``CollectionArea`` (収集地区) groups 地区 that share one schedule. Per category it has
rules (``CollectionSchedule``: weekly days, nth weekdays, months), dated exceptions
(``CollectionException``: moved, cancelled and extra days) and, through its
``CollectionCenter``, the periods when nothing is collected (年末年始). Whether a category
is collected on public holidays is set on the category. ``home.collection_calendar``
turns all of this into dates.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from ..collection_text import (
    MONTH_CHOICES,
    WEEK_CHOICES,
    WEEKDAY_CHOICES,
    RuleParts,
    describe_rule,
    in_biweekly_week,
    parse_days_text,
)


class ChoiceSetField(models.JSONField):
    """A set of small numbers (weekdays, weeks, months) ticked as checkboxes.

    Stored as a sorted JSON list so it works on PostgreSQL and on the embedded SQLite.
    """

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def get_prep_value(self, value):
        return super().get_prep_value(sorted({int(v) for v in value or []}))

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.item_choices,
            "coerce": int,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # Skip JSONField.formfield, which would force a JSON text box.
        return models.Field.formfield(self, **defaults)


class CollectionCenter(ClusterableModel):
    """A facility whose closures stop collection (5374: center.csv), e.g. 年末年始."""

    name = models.CharField(_("名称"), max_length=80, unique=True)

    panels = [
        FieldPanel("name"),
        InlinePanel(
            "closures",
            label=_("休止期間"),
            heading=_("収集を休む期間（年ごとに登録）"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("収集の休止期間")
        verbose_name_plural = _("収集の休止期間")

    def __str__(self) -> str:
        return self.name


class CollectionClosure(Orderable):
    """Days on which nothing is collected, for example 12/31–1/3."""

    center = ParentalKey(
        CollectionCenter, on_delete=models.CASCADE, related_name="closures"
    )
    start = models.DateField(_("開始日"))
    end = models.DateField(_("終了日"))
    label = models.CharField(
        _("名前"), max_length=40, blank=True, help_text=_("例: 年末年始")
    )

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("label"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("休止期間")
        verbose_name_plural = _("休止期間")

    def __str__(self) -> str:
        return f"{self.start:%Y/%m/%d}〜{self.end:%Y/%m/%d}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("終了日は開始日以降にしてください。")})

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


class CollectionArea(ClusterableModel):
    """A group of 地区 that share one collection schedule (収集地区)."""

    name = models.CharField(_("収集地区名"), max_length=80, unique=True)
    areas = ParentalManyToManyField(
        "home.Area",
        verbose_name=_("含まれる地区"),
        related_name="collection_areas",
        blank=True,
    )
    center = models.ForeignKey(
        CollectionCenter,
        verbose_name=_("休止期間"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collection_areas",
        help_text=_("年末年始などに収集を休む期間。選ばないと休止期間はありません。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("center"),
        FieldPanel("sort_order"),
        InlinePanel(
            "schedules",
            label=_("収集日"),
            heading=_("区分ごとの収集日"),
            help_text=_(
                "1つの区分に複数の行を作れます（例: 第2水曜日と第4金曜日）。"
                "祝日に収集するかどうかは分別区分で設定します。"
            ),
        ),
        InlinePanel(
            "exceptions",
            label=_("振替・臨時・休み"),
            heading=_("日付を指定した変更"),
            help_text=_(
                "振替: 元の日と新しい日の両方。休み: 元の日だけ。"
                "臨時の収集: 新しい日と区分だけ。"
            ),
        ),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("収集地区")
        verbose_name_plural = _("収集地区")

    def __str__(self) -> str:
        return self.name


class CollectionSchedule(Orderable):
    """One rule for when a category is collected in a collection area.

    Rules add up: a date matches when it is one of the weekly days, or the nth
    occurrence of one of the nth days in its month, and its month is allowed.
    """

    collection_area = ParentalKey(
        CollectionArea, on_delete=models.CASCADE, related_name="schedules"
    )
    category = models.ForeignKey(
        "home.GarbageCategory", verbose_name=_("分別区分"), on_delete=models.CASCADE
    )
    weekly_days = ChoiceSetField(
        _("毎週の曜日"), item_choices=WEEKDAY_CHOICES, help_text=_("例: 月曜日と木曜日")
    )
    biweekly_from = models.DateField(
        _("隔週の基準日"),
        null=True,
        blank=True,
        help_text=_(
            "隔週で収集する場合だけ、収集がある週の日付を1つ入力します"
            "（「毎週の曜日」が1週おきになります）。"
        ),
    )
    nth_weeks = ChoiceSetField(
        _("第何週"),
        item_choices=WEEK_CHOICES,
        help_text=_("「第何」の曜日に収集する場合。例: 第2と第4"),
    )
    nth_days = ChoiceSetField(
        _("第何週の曜日"), item_choices=WEEKDAY_CHOICES, help_text=_("例: 水曜日")
    )
    months = ChoiceSetField(
        _("収集する月"),
        item_choices=MONTH_CHOICES,
        help_text=_("一部の月だけ収集する場合に選びます。選ばなければ毎月です。"),
    )
    note = models.CharField(
        _("補足"),
        max_length=100,
        blank=True,
        help_text=_("収集日と一緒に表示します。例: 申込制（電話で予約）"),
    )

    panels = [
        FieldPanel("category"),
        FieldRowPanel([FieldPanel("weekly_days"), FieldPanel("biweekly_from")]),
        FieldRowPanel([FieldPanel("nth_weeks"), FieldPanel("nth_days")]),
        FieldPanel("months"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("収集日")
        verbose_name_plural = _("収集日")

    def __str__(self) -> str:
        return self.days

    def clean(self) -> None:
        if bool(self.nth_weeks) != bool(self.nth_days):
            raise ValidationError(
                _("「第何週」と「第何週の曜日」は両方選んでください。")
            )
        if self.biweekly_from and not self.weekly_days:
            raise ValidationError(
                {"biweekly_from": _("隔週の基準日には「毎週の曜日」も選んでください。")}
            )
        if not (self.weekly_days or self.nth_days or self.note):
            raise ValidationError(
                _("曜日を選ぶか、補足（例: 申込制）を入力してください。")
            )

    @property
    def parts(self) -> RuleParts:
        return RuleParts(
            weekly_days=list(self.weekly_days or []),
            nth_weeks=list(self.nth_weeks or []),
            nth_days=list(self.nth_days or []),
            months=list(self.months or []),
            note=self.note,
            biweekly_from=self.biweekly_from,
        )

    @property
    def days(self) -> str:
        """The rule as residents read it, e.g. 「毎月第2・第4水曜日」."""
        return describe_rule(self.parts)

    @days.setter
    def days(self, text: str) -> None:
        parts = parse_days_text(text)
        self.weekly_days = parts.weekly_days
        self.nth_weeks = parts.nth_weeks
        self.nth_days = parts.nth_days
        self.months = parts.months
        self.note = parts.note
        self.biweekly_from = parts.biweekly_from

    def matches(self, day: datetime.date) -> bool:
        """Whether the rule itself names this day (holidays and closures aside)."""
        if self.months and day.month not in self.months:
            return False
        weekday = day.weekday()
        if weekday in self.weekly_days and (
            self.biweekly_from is None or in_biweekly_week(day, self.biweekly_from)
        ):
            return True
        return weekday in self.nth_days and (day.day - 1) // 7 + 1 in self.nth_weeks


class CollectionException(Orderable):
    """A dated change: a moved collection (振替), a cancelled one, or an extra one.

    Cities that publish every collection day as a date give ~400,000 of these rows.
    Their foreign keys have no database constraint: PostgreSQL's per-row checks at
    COMMIT took 11 of a 24 s import (bench/import5374.py). Django still applies
    ``on_delete=CASCADE`` itself, so rows never outlive their area or category.
    """

    collection_area = ParentalKey(
        CollectionArea,
        on_delete=models.CASCADE,
        related_name="exceptions",
        db_constraint=False,
    )
    category = models.ForeignKey(
        "home.GarbageCategory",
        verbose_name=_("分別区分"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        help_text=_("空欄ならその日に収集するすべての区分。"),
    )
    date = models.DateField(
        _("元の収集日"), null=True, blank=True, help_text=_("この日は収集しません。")
    )
    new_date = models.DateField(
        _("新しい収集日"),
        null=True,
        blank=True,
        help_text=_("振替先、または臨時に収集する日。"),
    )
    note = models.CharField(_("補足"), max_length=100, blank=True)

    panels = [
        FieldPanel("category"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("new_date")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("振替・臨時・休み")
        verbose_name_plural = _("振替・臨時・休み")

    def clean(self) -> None:
        if not self.date and not self.new_date:
            raise ValidationError(_("元の収集日か新しい収集日を入力してください。"))
        if not self.date and not self.category_id:
            raise ValidationError(
                {"category": _("臨時の収集には分別区分を選んでください。")}
            )

"""A friend's reminder preference, and what makes each reminder go out exactly once.

Imported by ``line_delivery.models`` so Django registers them with the app.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


def evening_time_choices() -> list[tuple[datetime.time, str]]:
    """17:00 – 22:00 every 30 minutes: the times a resident can pick."""
    return [
        (datetime.time(hour, minute), f"{hour}時{'30分' if minute else ''}")
        for hour in range(17, 23)
        for minute in (0, 30)
        if (hour, minute) != (22, 30)
    ]


class GarbageReminder(models.Model):
    """ごみ出しリマインダー: on/off, which categories, and when (前日の夜 or 当日の朝)."""

    class Timing(models.TextChoices):
        EVENING_BEFORE = "evening", _("前日の夜")
        MORNING_OF = "morning", _("当日の朝")

    friend = models.OneToOneField(
        "line_delivery.Friend",
        verbose_name=_("友だち"),
        on_delete=models.CASCADE,
        related_name="garbage_reminder",
    )
    enabled = models.BooleanField(_("リマインダーを受け取る"), default=False)
    timing = models.CharField(
        _("通知のタイミング"),
        max_length=10,
        choices=Timing.choices,
        default=Timing.EVENING_BEFORE,
    )
    evening_time = models.TimeField(
        _("前日の通知時刻"),
        default=datetime.time(20, 0),
        choices=evening_time_choices(),
    )
    categories = models.ManyToManyField(
        "home.GarbageCategory",
        verbose_name=_("通知する分別区分"),
        blank=True,
        related_name="+",
        help_text=_("選ばなければ、すべての区分をお知らせします。"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ごみ出しリマインダー")
        verbose_name_plural = _("ごみ出しリマインダー")
        indexes = [
            models.Index(
                fields=["timing", "evening_time"],
                condition=models.Q(enabled=True),
                name="reminder_due_lookup",
            )
        ]

    def __str__(self) -> str:
        return f"{self.friend}: {self.get_timing_display()}"


class ReminderRun(models.Model):
    """One minute of reminders, planned once (beat may fire twice, workers may die)."""

    scheduled_for = models.DateTimeField(unique=True)
    planned_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)
    deliveries = models.ManyToManyField(
        "line_delivery.Delivery", related_name="+", blank=True
    )

    class Meta:
        ordering = ["-scheduled_for"]

    def __str__(self) -> str:
        return f"reminders at {self.scheduled_for:%Y-%m-%d %H:%M}"


class ReminderReceipt(models.Model):
    """A friend is (being) reminded of one category's collection on one day.

    Written in the same transaction as the planned LINE request, before any send, and
    unique per (friend, day, category): a friend who changes their reminder time after
    being reminded, a second beat, a restarted worker — none of them remind twice.
    """

    friend = models.ForeignKey(
        "line_delivery.Friend", on_delete=models.CASCADE, related_name="+"
    )
    collection_date = models.DateField()
    category = models.ForeignKey(
        "home.GarbageCategory", on_delete=models.CASCADE, related_name="+"
    )
    request = models.ForeignKey(
        "line_delivery.DeliveryRequest",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["friend", "collection_date", "category"],
                name="one_reminder_per_friend_day_category",
            )
        ]
        indexes = [models.Index(fields=["collection_date"])]

    def __str__(self) -> str:
        return f"{self.friend_id} {self.collection_date} {self.category_id}"

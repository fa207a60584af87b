"""Disaster mode (災害モード): one city-wide switch, and the log of every switch.

Switching goes through ``home.disaster_mode.switch`` (logs, audits, sends
``home.signals.disaster_mode_changed``); never set ``is_active`` directly.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisasterMode(models.Model):
    """The current state: a single row (pk 1)."""

    is_active = models.BooleanField(_("災害モード"), default=False)
    changed_at = models.DateTimeField(_("切り替えた日時"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("切り替えた職員"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("提案された日時"), null=True, blank=True)
    proposal = models.CharField(_("提案の理由"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("災害モード")
        verbose_name_plural = _("災害モード")
        permissions = [("switch_disastermode", _("災害モードを切り替える"))]

    def __str__(self) -> str:
        return str(_("災害モード中")) if self.is_active else str(_("通常モード"))

    @classmethod
    def load(cls) -> "DisasterMode":
        mode, _created = cls.objects.get_or_create(pk=1)
        return mode


class DisasterModeSwitch(models.Model):
    """One switch (or proposal) of disaster mode: who, when, why."""

    class Source(models.TextChoices):
        STAFF = "staff", _("職員")
        MAIL = "mail", _("防災メールの規則")

    class Kind(models.TextChoices):
        ON = "on", _("災害モードにした")
        OFF = "off", _("通常モードに戻した")
        PROPOSED = "proposed", _("災害モードを提案")
        WITHDRAWN = "withdrawn", _("提案を取り下げ")

    kind = models.CharField(_("内容"), max_length=10, choices=Kind.choices)
    source = models.CharField(_("きっかけ"), max_length=10, choices=Source.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("職員"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("理由"), max_length=255, blank=True)
    at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("災害モードの切り替え記録")
        verbose_name_plural = _("災害モードの切り替え記録")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

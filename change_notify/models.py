"""Webhook subscriptions (登録は IT/管理者), the events and each delivery's log."""

from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from line_delivery.crypto import EncryptedTextField

from .targets import refused_reason


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class EventType(models.TextChoices):
    NOTICE_PUBLISHED = "disaster_notice.published", _("防災情報の公開・更新")
    NOTICE_LIFTED = "disaster_notice.lifted", _("防災情報の解除")
    NOTICE_UNPUBLISHED = "disaster_notice.unpublished", _("防災情報の非公開")
    NEWS_PUBLISHED = "news.published", _("お知らせの公開・更新")
    NEWS_UNPUBLISHED = "news.unpublished", _("お知らせの非公開")
    SHELTER_STATUS = "shelter.status_changed", _("避難所の開設状況の変更")
    DISASTER_MODE = "disaster_mode.changed", _("災害モードの切り替え")


class WebhookSubscription(models.Model):
    """A system of the city that wants to hear when public content changes."""

    name = models.CharField(_("名前"), max_length=80, unique=True)
    url = models.URLField(
        _("送信先URL"),
        max_length=500,
        help_text=_(
            "https:// で始まる、受け取る側のURL。内部のアドレスには送れません。"
        ),
    )
    secret = EncryptedTextField(
        _("署名の鍵"),
        default=new_secret,
        help_text=_(
            "受け取る側はこの鍵で本文の HMAC-SHA256 を計算し、"
            "X-Hub-Signature-256 ヘッダーと比べます。受け取る側の担当者にだけ伝えてください。"
        ),
    )
    is_active = models.BooleanField(_("送信する"), default=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("変更通知の送信先")
        verbose_name_plural = _("変更通知の送信先")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.url:
            reason = refused_reason(self.url)
            if reason:
                raise ValidationError({"url": reason})


class ChangeEvent(models.Model):
    """One change, with the exact JSON body every subscriber receives."""

    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("種類"), max_length=40, choices=EventType.choices)
    subject = models.CharField(_("対象"), max_length=200)
    body = models.TextField(_("本文（JSON）"))
    occurred_at = models.DateTimeField(_("発生日時"))

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("変更イベント")
        verbose_name_plural = _("変更イベント")

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.subject}"


class WebhookDelivery(models.Model):
    """One event to one subscriber: one delivery id however many attempts it takes."""

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち・再送待ち")
        DELIVERED = "delivered", _("送信済み")
        FAILED = "failed", _("送信できませんでした")

    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        ChangeEvent, verbose_name=_("イベント"), on_delete=models.CASCADE
    )
    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("送信先"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(
        _("状況"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    last_status_code = models.PositiveSmallIntegerField(
        _("最後の応答コード"), null=True, blank=True
    )
    last_error = models.CharField(_("最後のエラー"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("次の再送"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("送信日時"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("変更通知の送信記録")
        verbose_name_plural = _("変更通知の送信記録")

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"

    @property
    def event_type_label(self) -> str:
        return self.event.get_type_display()

"""Departments with opening hours, conversations, their messages, canned replies.

Everything a resident wrote or sent is personal data: message text, the bot's
context and media bytes are encrypted at rest (``line_delivery.crypto``), and a
conversation is deleted with all of it after ``INBOX_RETENTION_DAYS``.
Admin registration lives in ``wagtail_hooks.py``.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..crypto import EncryptedJSONField, EncryptedTextField


def default_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]  # 月〜金


class Department(models.Model):
    """A department that answers residents (its staff: the group 編集者（部署）)."""

    name = models.CharField(
        _("部署名"),
        max_length=40,
        unique=True,
        help_text=_(
            "役割（グループ）「編集者（部署名）」の職員がこの部署の相談を見ます。"
        ),
    )
    resident_label = models.CharField(
        _("住民に見せる名前"),
        max_length=20,
        help_text=_("相談先を選ぶボタンに出ます（20文字まで）。例: ごみ・環境のこと"),
    )
    opens_at = models.TimeField(_("受付開始"), default=datetime.time(8, 30))
    closes_at = models.TimeField(_("受付終了"), default=datetime.time(17, 15))
    weekdays = models.JSONField(
        _("受付する曜日"),
        default=default_weekdays,
        help_text=_("0=月曜 … 6=日曜"),
    )
    closed_on_holidays = models.BooleanField(_("祝日は休み"), default=True)
    closed_year_end = models.BooleanField(
        _("年末年始（12月29日〜1月3日）は休み"), default=True
    )
    emergency_text = models.TextField(
        _("緊急時の案内"),
        default="火事・救急は119番、事件・事故は110番へ電話してください。",
        help_text=_("受付時間外の自動返信に入ります。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("相談の受付部署")
        verbose_name_plural = _("相談の受付部署")

    def __str__(self) -> str:
        return self.name


class CannedReply(models.Model):
    """A reply staff of one department send often (定型文)."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("部署"),
        on_delete=models.CASCADE,
        related_name="canned_replies",
    )
    title = models.CharField(_("見出し"), max_length=40)
    text = models.TextField(_("本文"))
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        ordering = ["department", "sort_order", "title"]
        verbose_name = _("定型文")
        verbose_name_plural = _("定型文")

    def __str__(self) -> str:
        return f"{self.department}: {self.title}"


class ConversationQuerySet(models.QuerySet):
    def open(self) -> "ConversationQuerySet":
        return self.exclude(state=Conversation.State.CLOSED)

    def for_staff(self, user) -> "ConversationQuerySet":
        """Roles decide: staff see their departments' conversations only."""
        from .access import visible_departments

        return self.filter(department__in=visible_departments(user))


class Conversation(models.Model):
    """One resident's request for a person, from handover to 完了."""

    class State(models.TextChoices):
        NEW = "new", _("未対応")
        ACTIVE = "active", _("対応中")
        CLOSED = "closed", _("完了")

    friend = models.ForeignKey(
        "line_delivery.Friend",
        verbose_name=_("友だち"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("部署"),
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    state = models.CharField(
        _("状態"), max_length=10, choices=State.choices, default=State.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("担当者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbox_conversations",
    )
    bot_context = EncryptedJSONField(
        _("チャットボットとのやりとり（暗号化）"), blank=True, null=True
    )
    unread_count = models.PositiveIntegerField(_("未読"), default=0)
    opened_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    last_message_at = models.DateTimeField(_("最終メッセージ"), default=timezone.now)
    closed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    closed_reason = models.CharField(_("完了の理由"), max_length=40, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at"]
        verbose_name = _("相談")
        verbose_name_plural = _("相談")
        indexes = [
            models.Index(fields=["state", "department"]),
            models.Index(fields=["last_message_at"]),
        ]
        constraints = [
            # At most one open conversation per resident: messages have one place to go.
            models.UniqueConstraint(
                fields=["friend"],
                condition=~models.Q(state="closed"),
                name="inbox_one_open_conversation_per_friend",
            )
        ]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        """No resident data: the number and the department only."""
        return f"相談 #{self.pk}（{self.department.name}）"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED


class Message(models.Model):
    """One entry of a conversation: the resident's, staff's, the bot's, or a note."""

    class Direction(models.TextChoices):
        RESIDENT = "resident", _("住民")
        STAFF = "staff", _("職員")
        BOT = "bot", _("自動応答")
        NOTE = "note", _("内部メモ")

    class Kind(models.TextChoices):
        TEXT = "text", _("テキスト")
        IMAGE = "image", _("画像")
        VIDEO = "video", _("動画")
        AUDIO = "audio", _("音声")
        FILE = "file", _("ファイル")
        STICKER = "sticker", _("スタンプ")
        LOCATION = "location", _("位置情報")
        OTHER = "other", _("その他")

    class SendStatus(models.TextChoices):
        NONE = "", _("送信なし")
        PENDING = "pending", _("送信中")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")

    class MediaStatus(models.TextChoices):
        NONE = "", _("なし")
        PENDING = "pending", _("取得中")
        STORED = "stored", _("保存済み")
        EXPIRED = "expired", _("LINEの保存期間切れ")
        FAILED = "failed", _("取得できませんでした")
        TOO_LARGE = "too_large", _("大きすぎるため保存しません")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    text = EncryptedTextField(_("本文（暗号化）"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A resident's message as LINE identified it.
    line_message_id = models.CharField(max_length=40, blank=True)
    mark_as_read_token = EncryptedTextField(blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Staff replies: a push whose retry key is saved before the first attempt.
    retry_key = models.UUIDField(default=uuid.uuid4, editable=False)
    send_status = models.CharField(
        max_length=10, choices=SendStatus.choices, default=SendStatus.NONE, blank=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    # Media from LINE's content API: Fernet-encrypted bytes, gone with the row.
    media_status = models.CharField(
        max_length=10, choices=MediaStatus.choices, default=MediaStatus.NONE, blank=True
    )
    media_content = models.BinaryField(null=True, blank=True, editable=False)
    media_content_type = models.CharField(max_length=100, blank=True)
    media_size = models.PositiveIntegerField(null=True, blank=True)
    file_name = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} #{self.pk}"

    @property
    def is_media(self) -> bool:
        return self.kind in (
            self.Kind.IMAGE,
            self.Kind.VIDEO,
            self.Kind.AUDIO,
            self.Kind.FILE,
        )


class ChatContext(models.Model):
    """The bot's recent exchange with a resident (for handover) and its failure streak.

    Kept a short while only (``INBOX_CONTEXT_HOURS``) and purged by the beat job.
    """

    friend = models.OneToOneField(
        "line_delivery.Friend", on_delete=models.CASCADE, related_name="chat_context"
    )
    turns = EncryptedJSONField(blank=True, null=True)
    failures_in_a_row = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

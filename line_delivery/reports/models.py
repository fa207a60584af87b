"""Categories routed to departments, reports, their photos, history and notifications.

What a resident wrote and sent (description, photos, the LINE friend behind a
report) is personal data: text and bytes are Fernet-encrypted (``line_delivery.crypto``)
and purged after ``ReportSettings.retention_days``. The report's place, category,
state and dates stay as anonymous facts (Open311 publishes nothing else).
Admin registration lives in ``wagtail_hooks.py``.
"""

import datetime
from typing import Any
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseGenericSetting

from ..crypto import EncryptedTextField


class ReportState(models.TextChoices):
    RECEIVED = "received", _("受付")
    IN_PROGRESS = "in_progress", _("対応中")
    CLOSED = "closed", _("完了")
    REFUSED = "refused", _("対応できません")


class ReportSettings(BaseGenericSetting):
    """通報の設定: how long residents' words and photos are kept, duplicates, the map."""

    retention_days = models.PositiveIntegerField(
        _("住民の投稿の保存期間（日）"),
        default=365,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_(
            "完了・対応できませんにしてからこの日数が過ぎると、写真・説明文・"
            "LINEの友だちとのつながりを自動で削除します（種類・場所・日付は統計のため残ります）。"
        ),
    )
    duplicate_radius_m = models.PositiveIntegerField(
        _("重複とみなす距離（メートル）"),
        default=50,
        validators=[MinValueValidator(5), MaxValueValidator(2000)],
    )
    duplicate_window_days = models.PositiveIntegerField(
        _("重複とみなす期間（日）"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    map_latitude = models.DecimalField(
        _("地図の中心（緯度）"), max_digits=9, decimal_places=6, default=34.2379
    )
    map_longitude = models.DecimalField(
        _("地図の中心（経度）"), max_digits=9, decimal_places=6, default=132.2222
    )

    class Meta:
        verbose_name = _("通報の設定")


class ReportCategory(models.Model):
    """A kind of problem residents report (道路の損傷, 街灯の故障 …) and who handles it."""

    name = models.CharField(_("種類"), max_length=40, unique=True)
    resident_hint = models.CharField(
        _("住民への説明"),
        max_length=80,
        blank=True,
        help_text=_("種類を選ぶ画面に小さく出ます。例: 穴・ひび割れ・段差など"),
    )
    department = models.ForeignKey(
        "inbox.Department",
        verbose_name=_("担当部署"),
        on_delete=models.PROTECT,
        related_name="report_categories",
        help_text=_("この種類の通報はこの部署に届きます。"),
    )
    service_code = models.SlugField(
        _("Open311のサービスコード"),
        max_length=40,
        unique=True,
        help_text=_(
            "半角英数字。外部のシステムがこの種類を指すときの名前です。例: road"
        ),
    )
    target_days = models.PositiveSmallIntegerField(
        _("対応の目標日数"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "受付からこの日数を過ぎても完了していない通報は「期限超過」と表示します。"
        ),
    )
    active = models.BooleanField(
        _("受け付ける"),
        default=True,
        help_text=_("外すと住民の画面に出なくなります（過去の通報は残ります）。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("通報の種類")
        verbose_name_plural = _("通報の種類")

    def __str__(self) -> str:
        return self.name


class ResponseTemplate(models.Model):
    """A message to residents staff send often when a report changes (定型文)."""

    title = models.CharField(_("見出し"), max_length=40)
    text = models.TextField(
        _("本文"),
        help_text=_("住民のLINEに届きます。受付番号は自動で先頭に付きます。"),
    )
    state = models.CharField(
        _("使う状態"),
        max_length=12,
        blank=True,
        choices=ReportState.choices,
        help_text=_("この状態に変えるときに候補として出ます。空欄ならいつでも。"),
    )
    categories = models.ManyToManyField(
        ReportCategory,
        verbose_name=_("使う種類"),
        blank=True,
        related_name="response_templates",
        help_text=_("選ばなければすべての種類で使えます。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        ordering = ["sort_order", "title"]
        verbose_name = _("通報への回答の定型文")
        verbose_name_plural = _("通報への回答の定型文")

    def __str__(self) -> str:
        return self.title


class AreaPoint(models.Model):
    """A 地区's representative point: the nearest one names the 地区 of a report."""

    area = models.OneToOneField(
        "home.Area",
        verbose_name=_("地区"),
        on_delete=models.CASCADE,
        related_name="report_point",
    )
    latitude = models.DecimalField(
        _("緯度"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("経度"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        verbose_name = _("地区の代表地点")
        verbose_name_plural = _("地区の代表地点")

    def __str__(self) -> str:
        return str(self.area)


class ReportQuerySet(models.QuerySet):
    def open(self) -> "ReportQuerySet":
        return self.filter(state__in=Report.OPEN_STATES)

    def for_staff(self, user: Any) -> "ReportQuerySet":
        """Staff see the reports of their departments (管理者: all)."""
        from ..inbox.access import visible_departments

        return self.filter(department__in=visible_departments(user))

    def overdue(self, now: datetime.datetime | None = None) -> "ReportQuerySet":
        """Open past their category's target time (受付 + 目標日数).

        One condition per distinct 目標日数 (a handful): integer × interval
        arithmetic in SQL does not run on SQLite (``make run``).
        """
        now = now or timezone.now()
        days = ReportCategory.objects.values_list("target_days", flat=True).distinct()
        late = models.Q(pk__in=[])
        for target in days:
            late |= models.Q(
                category__target_days=target,
                created_at__lt=now - datetime.timedelta(days=target),
            )
        return self.open().filter(late)

    def public(self) -> "ReportQuerySet":
        """What Open311 may show: not merged into another report."""
        return self.filter(duplicate_of__isnull=True)


class Report(models.Model):
    """One resident's report (通報), from 受付 to 完了 or 対応できません."""

    State = ReportState

    class Priority(models.IntegerChoices):
        LOW = 1, _("低")
        NORMAL = 2, _("通常")
        HIGH = 3, _("高")
        URGENT = 4, _("緊急")

    class Source(models.TextChoices):
        LIFF = "liff", _("LINE（通報画面）")
        OPEN311 = "open311", _("Open311")

    OPEN_STATES = (State.RECEIVED, State.IN_PROGRESS)
    # Allowed moves (the FixMyStreet flow, simplified): a finished report may be reopened.
    NEXT_STATES = {
        State.RECEIVED: (State.IN_PROGRESS, State.CLOSED, State.REFUSED),
        State.IN_PROGRESS: (State.RECEIVED, State.CLOSED, State.REFUSED),
        State.CLOSED: (State.IN_PROGRESS,),
        State.REFUSED: (State.IN_PROGRESS,),
    }

    category = models.ForeignKey(
        ReportCategory,
        verbose_name=_("種類"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    department = models.ForeignKey(
        "inbox.Department",
        verbose_name=_("担当部署"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    state = models.CharField(
        _("状態"), max_length=12, choices=State.choices, default=State.RECEIVED
    )
    priority = models.PositiveSmallIntegerField(
        _("優先度"), choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("担当者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    source = models.CharField(
        _("受付方法"), max_length=10, choices=Source.choices, default=Source.LIFF
    )
    friend = models.ForeignKey(
        "line_delivery.Friend",
        verbose_name=_("通報した友だち"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    description = EncryptedTextField(_("住民の説明（暗号化）"), blank=True)
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("経度"), max_digits=9, decimal_places=6)
    address = models.CharField(
        _("場所の説明"),
        max_length=200,
        blank=True,
        help_text=_("住民が書いた目印、または地図から分かった住所。"),
    )
    area = models.ForeignKey(
        "home.Area",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    public_note = models.CharField(
        _("公開用のひとこと"),
        max_length=200,
        blank=True,
        help_text=_(
            "Open311などで外部に公開される説明です。住民の説明文は公開しません。"
            "個人が分かることは書かないでください。"
        ),
    )
    state_reason = models.CharField(_("対応できない理由"), max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重複先"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    created_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    personal_data_purged_at = models.DateTimeField(
        _("住民の投稿を削除した日時"), null=True, blank=True
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("通報")
        verbose_name_plural = _("通報")
        indexes = [
            models.Index(fields=["state", "department"]),
            models.Index(fields=["category", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def receipt_number(self) -> str:
        """受付番号: the day it came in and its number, e.g. 20261203-00042."""
        return receipt_number(self.pk, self.created_at)

    @property
    def audit_label(self) -> str:
        """No resident data: the receipt number and the category only."""
        return f"通報 {self.receipt_number}（{self.category.name}）"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def due_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=self.category.target_days)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.now() > self.due_at


def receipt_number(pk: int, created_at: datetime.datetime) -> str:
    return f"{timezone.localtime(created_at):%Y%m%d}-{pk:05d}"


def parse_receipt_number(text: str) -> int | None:
    """The report's id in a receipt number (the date part is checked by the caller)."""
    day, _sep, number = text.strip().partition("-")
    if len(day) != 8 or not day.isdigit() or not number.isdigit():
        return None
    return int(number)


class ReportPhoto(models.Model):
    """A photo of a report, re-encoded without EXIF (no GPS) and stored encrypted."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    content = models.BinaryField(editable=False)
    content_type = models.CharField(max_length=40, default="image/jpeg")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"写真 #{self.pk}"


class ReportUpdate(models.Model):
    """One entry of a report's history: a state change, a note, an assignment…"""

    class Kind(models.TextChoices):
        STATE = "state", _("状態の変更")
        NOTE = "note", _("内部メモ")
        ASSIGN = "assign", _("担当者の変更")
        PRIORITY = "priority", _("優先度の変更")
        MERGE = "merge", _("重複の統合")
        FOLLOW = "follow", _("統合先の状態の変更")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_state = models.CharField(
        max_length=12, blank=True, choices=ReportState.choices
    )
    to_state = models.CharField(max_length=12, blank=True, choices=ReportState.choices)
    text = EncryptedTextField(_("内容（暗号化）"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ReportNotification(models.Model):
    """A push to the resident about their report, sent exactly once.

    The retry key is committed before the first attempt (the delivery engine's rule):
    a 5xx or a timeout is retried with the same key, so the resident gets it once. One
    receipt per report and at most one message per state change (unique constraints).
    """

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("受付のお知らせ")
        UPDATE = "update", _("状態のお知らせ")

    class Status(models.TextChoices):
        PENDING = "pending", _("送信中")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="notifications"
    )
    update = models.OneToOneField(
        ReportUpdate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = EncryptedTextField(blank=True)
    retry_key = models.UUIDField(default=uuid.uuid4, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(kind="receipt"),
                name="reports_one_receipt_per_report",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


def unusable_key_hash() -> str:
    import secrets

    return secrets.token_hex(32)


class Open311Client(models.Model):
    """A system allowed to POST reports to Open311 (the city's GIS, a partner app).

    Only a keyed hash of the API key is stored; ``manage.py open311_key`` makes one.
    """

    name = models.CharField(_("名前"), max_length=80, unique=True)
    # Made in the admin, a client gets a key nobody knows: keys come from the command.
    key_hash = models.CharField(
        max_length=64, unique=True, editable=False, default=unusable_key_hash
    )
    active = models.BooleanField(_("有効"), default=True)
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)

    class Meta:
        verbose_name = _("Open311の接続先")
        verbose_name_plural = _("Open311の接続先")

    def __str__(self) -> str:
        return self.name


class ChatPhoto(models.Model):
    """A photo a resident sent in the chat, kept a short while to start a report with.

    Fetched from LINE's content API, re-encoded without EXIF and encrypted like a
    report's photos; the report page offers it, and it is deleted once used or after
    ``REPORTS_CHAT_PHOTO_HOURS``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("取得中")
        STORED = "stored", _("保存済み")
        FAILED = "failed", _("取得できませんでした")

    friend = models.ForeignKey(
        "line_delivery.Friend", on_delete=models.CASCADE, related_name="chat_photos"
    )
    line_message_id = models.CharField(max_length=40)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    content = models.BinaryField(null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["line_message_id"], name="reports_chat_photo_once"
            )
        ]

    def __str__(self) -> str:
        return f"チャットの写真 #{self.pk}"

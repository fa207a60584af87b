"""Friends, test members, deliveries and the sandbox channel's record.

Admin registration lives in ``line_delivery/wagtail_hooks.py``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .crypto import EncryptedJSONField, EncryptedTextField, lookup_hash


class FriendQuerySet(models.QuerySet):
    def following(self) -> "FriendQuerySet":
        """Friends who follow the channel in use: on a real channel, never the
        sandbox's made-up friends (LINE would get multicasts to fake ids)."""
        return self.filter(status=Friend.Status.FOLLOWING).on_current_channel()

    def on_current_channel(self) -> "FriendQuerySet":
        from .client import is_sandbox

        return self if is_sandbox() else self.filter(is_sandbox=False)

    def by_line_user_id(self, line_user_id: str) -> "FriendQuerySet":
        return self.filter(line_user_id_hash=lookup_hash(line_user_id))


class Friend(models.Model):
    """A LINE user who follows the city's account, and their 受信設定.

    Only the LINE user id is kept (encrypted), never a profile. A friend who has not
    chosen topics or 地区 receives everything.
    """

    class Status(models.TextChoices):
        FOLLOWING = "following", _("友だち")
        BLOCKED = "blocked", _("ブロック中")

    line_user_id = EncryptedTextField(_("LINEユーザーID（暗号化）"))
    line_user_id_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.FOLLOWING
    )
    followed_at = models.DateTimeField(_("友だち追加日時"), default=timezone.now)
    blocked_at = models.DateTimeField(_("ブロック日時"), null=True, blank=True)
    topics = models.ManyToManyField(
        "home.Topic", verbose_name=_("受信トピック"), blank=True, related_name="friends"
    )
    areas = models.ManyToManyField(
        "home.Area", verbose_name=_("地区"), blank=True, related_name="friends"
    )
    is_sandbox = models.BooleanField(
        _("サンドボックスの友だち"),
        default=False,
        help_text=_("デモ・検証用の架空の友だち。本物のLINEには存在しません。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FriendQuerySet.as_manager()

    class Meta:
        verbose_name = _("友だち")
        verbose_name_plural = _("友だち")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{_('友だち')} #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        self.line_user_id_hash = lookup_hash(self.line_user_id)
        super().save(*args, **kwargs)

    def _masked_user_id(self) -> str:
        """Enough of the id for staff to tell friends apart, not enough to use it.

        The only form of the id any staff screen, export or log shows (issue 21);
        there is no way to reveal the full id in the admin.
        """
        return f"{self.line_user_id[:5]}…{self.line_user_id[-4:]}"

    _masked_user_id.short_description = _("LINEユーザーID（一部を伏せて表示）")
    masked_user_id = property(_masked_user_id)


class TestMember(models.Model):
    """A staff member's own LINE account that receives テスト配信 before residents do."""

    friend = models.OneToOneField(
        Friend,
        verbose_name=_("友だち"),
        on_delete=models.CASCADE,
        related_name="test_member",
    )
    name = models.CharField(_("名前"), max_length=60, help_text=_("例: 広報 山田"))
    is_active = models.BooleanField(_("有効"), default=True)

    class Meta:
        verbose_name = _("テストメンバー")
        verbose_name_plural = _("テストメンバー")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One send of one page revision to its audience, planned as LINE requests."""

    class Kind(models.TextChoices):
        PUBLISH = "publish", _("公開時の配信")
        REDELIVER = "redeliver", _("再配信")
        TEST = "test", _("テスト配信")
        REMINDER = "reminder", _("ごみ出しリマインダー")
        SURVEY_REMINDER = "survey", _("アンケートのリマインダー")
        LIFT = "lift", _("解除の配信")
        FOLLOW_UP = "follow_up", _("終了のお知らせ")
        RESEND = "resend", _("未送信の人への送信")
        DIGEST = "digest", _("まとめて配信")

    class Status(models.TextChoices):
        PLANNING = "planning", _("準備中")
        SENDING = "sending", _("配信中")
        COMPLETED = "completed", _("完了")
        PARTIAL = "partial", _("一部失敗")
        FAILED = "failed", _("失敗")
        CANCELLED = "cancelled", _("中止")

    FINISHED = (Status.COMPLETED, Status.PARTIAL, Status.FAILED, Status.CANCELLED)

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("ページ"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="line_deliveries",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("版"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("件名"), max_length=255)
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.PLANNING
    )
    is_broadcast = models.BooleanField(_("全員に一斉配信"), default=False)
    messages = models.JSONField(_("送るメッセージ"), default=list)
    total_recipients = models.PositiveIntegerField(_("対象人数"), default=0)
    accepted_recipients = models.PositiveIntegerField(_("送信済み"), default=0)
    failed_recipients = models.PositiveIntegerField(_("失敗"), default=0)
    error_message = models.TextField(_("エラー"), blank=True)
    aggregation_unit = models.CharField(
        _("LINEの集計単位"),
        max_length=30,
        blank=True,
        help_text="customAggregationUnits name of the multicasts (delivery_reports.units)",
    )
    resend_of = models.ForeignKey(
        "self",
        verbose_name=_("元の配信"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resends",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実行した職員"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    ending = models.ForeignKey(
        "home.NoticeEnding",
        verbose_name=_("伝えた終了"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The end (解除, 再開 …) a follow-up tells of",
    )

    class Meta:
        verbose_name = _("LINE配信")
        verbose_name_plural = _("LINE配信")
        ordering = ["-created_at"]
        constraints = [
            # A published revision is delivered once, however often the signal fires.
            models.UniqueConstraint(
                fields=["revision"],
                condition=models.Q(kind="publish"),
                name="one_publish_delivery_per_revision",
            ),
            # One follow-up per ended notice per end, however often the task runs.
            models.UniqueConstraint(
                fields=["page", "ending"],
                condition=models.Q(kind="follow_up"),
                name="one_follow_up_per_notice_and_ending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_kind_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @cached_property
    def sent_so_far(self) -> tuple[int, int]:
        """(accepted, failed) recipients: the stored totals once finished, else added
        up from the requests. Sends do not update this row as they go: it would be
        one row locked by every send of the delivery (docs/benchmarks.md)."""
        if self.is_finished or self.pk is None:
            return self.accepted_recipients, self.failed_recipients
        if hasattr(
            self, "live_accepted"
        ):  # added up by the list's query (with_live_totals)
            return self.live_accepted or 0, self.live_failed or 0
        totals = dict(
            self.requests.filter(
                status__in=[
                    DeliveryRequest.Status.ACCEPTED,
                    DeliveryRequest.Status.FAILED,
                ]
            )
            .order_by()
            .values_list("status")
            .annotate(n=models.Sum("recipient_count"))
            .values_list("status", "n")
        )
        return (
            totals.get(DeliveryRequest.Status.ACCEPTED, 0),
            totals.get(DeliveryRequest.Status.FAILED, 0),
        )

    @staticmethod
    def with_live_totals(
        queryset: "models.QuerySet[Delivery]",
    ) -> "models.QuerySet[Delivery]":
        """``queryset`` with the running totals ``sent_so_far`` needs, in one query
        (a list of deliveries would otherwise ask once per unfinished row)."""
        accepted = models.Q(requests__status=DeliveryRequest.Status.ACCEPTED)
        failed = models.Q(requests__status=DeliveryRequest.Status.FAILED)
        return queryset.annotate(
            live_accepted=models.Sum("requests__recipient_count", filter=accepted),
            live_failed=models.Sum("requests__recipient_count", filter=failed),
        )

    @property
    def accepted_so_far(self) -> int:
        return self.sent_so_far[0]

    @property
    def progress_text(self) -> str:
        return f"{self.accepted_so_far} / {self.total_recipients}"

    @property
    def progress_percent(self) -> int:
        if not self.total_recipients:
            return 100 if self.is_finished else 0
        done = sum(self.sent_so_far)
        return min(100, round(100 * done / self.total_recipients))


class DeliveryRequest(models.Model):
    """One LINE API request of a delivery (≤500 recipients, or one broadcast).

    The retry key is stored when the request is planned, before any attempt, so every
    retry — by this worker, or another after a crash — sends the same key and LINE
    answers 409 instead of delivering twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("未送信")
        ACCEPTED = "accepted", _("送信済み")
        FAILED = "failed", _("失敗")
        CANCELLED = "cancelled", _("中止")

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="requests"
    )
    sequence = models.PositiveIntegerField()
    friend_ids = models.JSONField(default=list, help_text="Friend primary keys")
    # The LINE user ids of ``friend_ids``, in the same order, encrypted together once
    # at plan time: an attempt decrypts one value instead of one per friend. Empty
    # (None) on broadcasts and on requests planned before this column existed.
    recipients = EncryptedJSONField(null=True, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(default=0)
    retry_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    line_request_id = models.CharField(max_length=64, blank=True)
    accepted_request_id = models.CharField(max_length=64, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    error_details = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["delivery", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "sequence"], name="unique_request_sequence"
            )
        ]
        indexes = [models.Index(fields=["delivery", "status"])]

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.sequence}"


class WebhookEvent(models.Model):
    """One LINE webhook event, stored once (``webhookEventId`` is unique).

    Redeliveries and duplicates hit the unique key and are never acted on twice. The
    payload holds a user id and whatever the resident typed, so it is encrypted.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("未処理")
        PROCESSING = "processing", _("処理中")
        DONE = "done", _("処理済み")
        IGNORED = "ignored", _("対象外")
        FAILED = "failed", _("失敗")

    webhook_event_id = models.CharField(max_length=64, unique=True)
    event_type = models.CharField(max_length=40)
    source_type = models.CharField(max_length=10, blank=True)
    payload = EncryptedTextField()
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    is_redelivery = models.BooleanField(default=False)
    error_message = models.TextField(blank=True)
    # When answering started (status processing): the sweep resumes events a lost
    # worker left behind, and tells whether the reply token may have been used.
    processing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Webhookイベント")
        verbose_name_plural = _("Webhookイベント")
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_event_id}"


class UnansweredQuery(models.Model):
    """A chat question nobody could answer (未回答の検索), without who asked it."""

    normalized_text = models.CharField(
        _("検索語（正規化）"), max_length=100, unique=True
    )
    example_text = models.CharField(_("入力例"), max_length=100)
    count = models.PositiveIntegerField(_("回数"), default=0)
    first_asked_at = models.DateTimeField(_("初回"), default=timezone.now)
    last_asked_at = models.DateTimeField(_("最終"), default=timezone.now)
    resolved = models.BooleanField(_("対応済み"), default=False)

    class Meta:
        verbose_name = _("未回答の検索")
        verbose_name_plural = _("未回答の検索")
        ordering = ["resolved", "-count", "-last_asked_at"]

    def __str__(self) -> str:
        return self.example_text


class RefusedReply(models.Model):
    """An answer LINE (or our check) refused, sent instead as plain text (返信の失敗).

    Grouped by the problem and the answer's first line (usually the item), so staff see
    which data to fix; no user id is kept.
    """

    problem = models.CharField(_("問題"), max_length=300)
    subject = models.CharField(_("答えの内容（先頭）"), max_length=100)
    count = models.PositiveIntegerField(_("回数"), default=0)
    first_at = models.DateTimeField(_("初回"), default=timezone.now)
    last_at = models.DateTimeField(_("最終"), default=timezone.now)
    resolved = models.BooleanField(_("対応済み"), default=False)

    class Meta:
        verbose_name = _("返信の失敗")
        verbose_name_plural = _("返信の失敗")
        ordering = ["resolved", "-last_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "subject"], name="one_refused_reply_per_problem"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.problem}"


class SandboxMessage(models.Model):
    """A message the sandbox channel accepted, as the friend's phone would show it."""

    friend = models.ForeignKey(
        Friend, on_delete=models.CASCADE, related_name="sandbox_messages", null=True
    )
    endpoint = models.CharField(max_length=40)
    message = models.JSONField()
    retry_key = models.CharField(max_length=64, blank=True)
    delivery_request = models.ForeignKey(
        DeliveryRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_test = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("サンドボックスの受信メッセージ")
        verbose_name_plural = _("サンドボックスの受信メッセージ")
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["friend", "received_at"])]

    def __str__(self) -> str:
        return f"{self.friend_id}: {self.message.get('altText') or self.message.get('text', '')}"


# Rich menus live in their own package; importing them here registers them with this app.
# Reminder models live with the reminder code; imported here so Django registers them.
# The mail bridge's models live with its code; importing them registers them here.
from .delivery_reports.approval import LineGuardedApprovalTask  # noqa: E402, F401
from .delivery_reports.models import (  # noqa: E402, F401
    DeliveryGuardrailSettings,
    DeliveryStatistics,
    FriendEvent,
    LineFollowerCount,
)
from .digest.models import DigestEntry, DigestRun  # noqa: E402, F401
from .mail_bridge.models import IncomingMail, MailBridgeSettings, TrustedSender  # noqa: E402, F401
from .reminders.models import (  # noqa: E402, F401
    GarbageReminder,
    ReminderReceipt,
    ReminderRun,
)
from .rich_menus.models import (  # noqa: E402, F401
    LineRichMenu,
    RichMenu,
    RichMenuDefault,
    RichMenuTap,
)
from .surveys.models import SurveyAnswer  # noqa: E402, F401

"""Records behind the delivery report, the dashboard and the guardrails."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseGenericSetting


class DeliveryStatistics(models.Model):
    """LINE's own figures for one delivery, as last read from the insight API.

    Counts LINE hides (fewer than 20 people) are stored as None and shown as such.
    """

    delivery = models.OneToOneField(
        "line_delivery.Delivery", on_delete=models.CASCADE, related_name="statistics"
    )
    fetched_at = models.DateTimeField(_("取得日時"), null=True, blank=True)
    delivered = models.PositiveIntegerField(_("配信数"), null=True, blank=True)
    unique_impressions = models.PositiveIntegerField(
        _("開封した人"), null=True, blank=True
    )
    impressions = models.PositiveIntegerField(_("表示回数"), null=True, blank=True)
    unique_clicks = models.PositiveIntegerField(
        _("リンクを開いた人"), null=True, blank=True
    )
    unique_media_played = models.PositiveIntegerField(
        _("動画・音声を再生した人"), null=True, blank=True
    )
    unique_media_played_complete = models.PositiveIntegerField(
        _("最後まで再生した人"), null=True, blank=True
    )
    clicks = models.JSONField(_("リンクごとのクリック"), default=list, blank=True)
    messages = models.JSONField(_("メッセージごとの数"), default=list, blank=True)
    error_message = models.TextField(_("取得できなかった理由"), blank=True)

    class Meta:
        verbose_name = _("LINEの配信統計")
        verbose_name_plural = _("LINEの配信統計")

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.unique_impressions}"


class FriendEvent(models.Model):
    """A follow (友だち追加・ブロック解除) or a block, kept for the statistics.

    Only the friend's number and their 受信設定 at that moment (topic and 地区 ids):
    no LINE user id. The friend link is cleared when the friend is deleted; the counts
    stay.
    """

    class Kind(models.TextChoices):
        FOLLOW = "follow", _("友だち追加")
        BLOCK = "block", _("ブロック")

    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("日時"), db_index=True)
    friend = models.ForeignKey(
        "line_delivery.Friend",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    topic_ids = models.JSONField(default=list, blank=True)
    area_ids = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("友だちの増減")
        verbose_name_plural = _("友だちの増減")
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class LineFollowerCount(models.Model):
    """LINE's own friend figures for one day (``/v2/bot/insight/followers``)."""

    date = models.DateField(_("日付"), unique=True)
    followers = models.PositiveIntegerField(_("友だち追加数（累計）"))
    targeted_reaches = models.PositiveIntegerField(_("ターゲットリーチ"))
    blocks = models.PositiveIntegerField(_("ブロック数"))
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("LINEの友だち数")
        verbose_name_plural = _("LINEの友だち数")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.followers}"


class DeliveryGuardrailSettings(BaseGenericSetting):
    """配信の注意設定: what the city considers too much, checked before each send."""

    quiet_hours_start = models.TimeField(
        _("配信を控える時間帯（開始）"),
        default=datetime.time(21, 0),
        help_text=_("この時刻から終了時刻までに公開すると、確認の画面が出ます。"),
    )
    quiet_hours_end = models.TimeField(
        _("配信を控える時間帯（終了）"), default=datetime.time(7, 0)
    )
    quiet_hours_exempt_level = models.PositiveSmallIntegerField(
        _("時間帯の確認をしない警戒レベル"),
        default=3,
        help_text=_(
            "防災情報でこのレベル以上なら、夜間でも確認なしで配信します（例: 3）。"
        ),
    )
    weekly_cap = models.PositiveSmallIntegerField(
        _("1週間に届ける上限（通）"),
        default=3,
        help_text=_(
            "過去7日間にこの数以上を受け取った人がいると、公開の前に知らせます。"
        ),
    )
    warn_everyone_without_topic = models.BooleanField(
        _("トピックなしで全員に届くときに確認する"), default=True
    )
    digest_time = models.TimeField(
        _("まとめて配信の時刻"),
        default=datetime.time(18, 0),
        help_text=_(
            "「まとめて配信（1日1回）」のトピックのページを、毎日この時刻に1通にまとめて"
            "送ります。この時刻より後に公開したページは、翌日のまとめて配信で送ります。"
        ),
    )

    class Meta:
        verbose_name = _("LINE配信の注意設定")

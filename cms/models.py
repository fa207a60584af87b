"""Staff security records: the audit log, the access log and its daily hash chain.

Neither table ever holds personal data of residents: the audit log names staff and
the objects they acted on, the access log the request line without query secrets.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseGenericSetting


def _local_seconds(moment) -> str:
    """Japan time to the second: audits compare events seconds apart."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


class AuditEntry(models.Model):
    """監査ログ: who did what, to what, when and from where (``cms.audit.record``)."""

    created_at = models.DateTimeField(_("日時"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("職員"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the entry must still say who after the account is deleted.
    username = models.CharField(_("ユーザー名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    target_type = models.CharField(_("対象の種類"), max_length=100, blank=True)
    target_id = models.CharField(_("対象のID"), max_length=64, blank=True)
    target_label = models.CharField(_("対象"), max_length=255, blank=True)
    details = models.JSONField(_("詳細"), default=dict, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)

    class Meta:
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        ordering = ["-created_at", "-pk"]
        # Entries are written by code only; nobody adds, edits or deletes them.
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.when} {self.username or '-'} {self.action_label}"

    def _when(self) -> str:
        return _local_seconds(self.created_at)

    _when.short_description = _("日時（日本時間）")
    when = property(_when)
    # The detail page (inspect view) shows ``created_at`` through this, so list,
    # detail and exports all read Japan time to the second.
    get_created_at_display = property(_when)

    def _action_label(self) -> str:
        from cms.audit import action_label

        return action_label(self.action)

    _action_label.short_description = _("操作（表示名）")
    action_label = property(_action_label)

    def _change_summary(self) -> str:
        """Before → after of a change, one line each (empty when nothing is known)."""
        from cms.audit import change_lines

        return " ／ ".join(change_lines(self.details or {}))

    _change_summary.short_description = _("変更内容")
    change_summary = property(_change_summary)

    def _compare_link(self) -> str:
        """A link to Wagtail's compare view of this edit's revision (pages, rich menus)."""
        from django.utils.html import format_html

        from cms.audit_changes import COMPARE_LABEL, compare_url

        url = compare_url(self.target_type, self.target_id, self.details or {})
        return format_html('<a href="{}">{}</a>', url, COMPARE_LABEL) if url else ""

    _compare_link.short_description = _("変更前との比較")
    compare_link = property(_compare_link)


class AccessLogEntry(models.Model):
    """アクセスログ: one HTTP request. ``seq``/``hash`` are set when the day's chain is sealed.

    ``hash`` is an HMAC over the previous record's hash and this record's fields
    (``cms.access_log``), so editing, deleting or inserting a row breaks the chain.
    """

    timestamp = models.DateTimeField(_("日時"))
    day = models.DateField(_("日付"))
    user_id = models.BigIntegerField(_("職員ID"), null=True, blank=True)
    username = models.CharField(_("ユーザー名"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IPアドレス"), null=True, blank=True)
    method = models.CharField(_("メソッド"), max_length=10)
    path = models.CharField(_("パス"), max_length=1000)
    status = models.PositiveSmallIntegerField(_("ステータス"))
    duration_ms = models.PositiveIntegerField(_("処理時間（ミリ秒）"))
    seq = models.PositiveIntegerField(_("連番"), null=True, blank=True)
    hash = models.CharField(_("ハッシュ"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("アクセスログ")
        verbose_name_plural = _("アクセスログ")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["day", "seq"], name="access_log_day_seq")
        ]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(seq__isnull=True),
                name="access_log_unsealed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.when} {self.method} {self.path} {self.status}"

    def _when(self) -> str:
        return _local_seconds(self.timestamp)

    _when.short_description = _("日時（日本時間）")
    when = property(_when)


class AccessLogSeal(models.Model):
    """The head of one day's chain: how many records, the last hash, and a MAC over both.

    Deleting records at the end of a day would leave a shorter, still valid chain; the
    seal's count and MAC (which needs the key) expose that.
    """

    day = models.DateField(_("日付"), unique=True)
    count = models.PositiveIntegerField(_("件数"), default=0)
    head_hash = models.CharField(_("最後のハッシュ"), max_length=64, blank=True)
    mac = models.CharField(_("封印"), max_length=64, blank=True)
    sealed_at = models.DateTimeField(_("封印日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("アクセスログの封印")
        verbose_name_plural = _("アクセスログの封印")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.day} ({self.count})"


class CityAdministration(models.Model):
    """Holds the permission only 管理者 have (no table; see ``cms.roles``)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            (
                "administer_city",
                _("災害モード・既定のリッチメニュー・チャネル設定を変更できる"),
            )
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


def _approval_page_type_choices() -> models.Q:
    from cms.roles import APPROVAL_PAGE_TYPES

    query = models.Q(pk__in=[])
    for label in APPROVAL_PAGE_TYPES:
        app_label, model = label.lower().split(".")
        query |= models.Q(app_label=app_label, model=model)
    return query


class ApprovalSettings(BaseGenericSetting):
    """公開前の承認: which page types go live only after a 承認者 approves (``cms.roles``)."""

    page_types = models.ManyToManyField(
        "contenttypes.ContentType",
        verbose_name=_("承認が必要なページの種類"),
        blank=True,
        limit_choices_to=_approval_page_type_choices,
        related_name="+",
        help_text=_(
            "選んだ種類のページは、公開権限のない職員が書いたとき承認者の承認を経て公開・LINE配信されます。"
        ),
    )

    class Meta:
        verbose_name = _("公開前の承認")
        verbose_name_plural = _("公開前の承認")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

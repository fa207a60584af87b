"""5374 import/export jobs (run by Celery, shown with progress) and the icons kept.

Importing a big city takes longer than a web request may (gunicorn 30 s, nginx 60 s),
so the admin stores the uploaded files in an ``Open5374Job`` and a task does the work;
the job page shows its progress and then its result.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


STALLED_AFTER = datetime.timedelta(minutes=10)


class Open5374Job(models.Model):
    """One check, import or export of 5374 files, started by a staff member."""

    class Kind(models.TextChoices):
        PREVIEW = "preview", _("内容の確認")
        IMPORT = "import", _("取り込み")
        EXPORT = "export", _("書き出し")

    class State(models.TextChoices):
        QUEUED = "queued", _("順番待ち")
        RUNNING = "running", _("実行中")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")

    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    state = models.CharField(
        _("状態"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("進み具合（%）"), default=0)
    step = models.CharField(_("いまの作業"), max_length=100, blank=True)
    #: The uploaded 5374 files as one zip (open data, no personal data).
    files = models.BinaryField(_("ファイル"), blank=True, default=b"")
    skip_bad_rows = models.BooleanField(
        _("問題のある行を飛ばして取り込む"), default=False
    )
    #: What the task found: preview summary, counts, warnings, problems (Japanese).
    result = models.JSONField(_("結果"), default=dict, blank=True)
    output = models.BinaryField(_("書き出したzip"), blank=True, default=b"")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実行した人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("開始"), auto_now_add=True)
    finished_at = models.DateTimeField(_("終了"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("5374形式の取込・書出")
        verbose_name_plural = _("5374形式の取込・書出")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y/%m/%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def stalled(self) -> bool:
        """Unfinished long after a big city would have been done (no worker running?)."""
        return not self.finished and timezone.now() - self.created_at > STALLED_AFTER


class Open5374Icon(models.Model):
    """An ``img/*.svg`` category icon that came with an import, written back on export."""

    path = models.CharField(_("パス"), max_length=100, unique=True)
    svg = models.BinaryField(_("SVG"))

    class Meta:
        verbose_name = _("5374のアイコン")
        verbose_name_plural = _("5374のアイコン")

    def __str__(self) -> str:
        return self.path

"""A page waiting for the day's まとめて配信, and the run that sent it.

Imported by ``line_delivery.models`` so Django registers them with the app.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DigestRun(models.Model):
    """The まとめて配信 of one day: made once (the date is unique), in the same
    transaction as its deliveries and their retry keys, so a second run of the beat
    task (or a retry after a crash) finds it and sends nothing again."""

    date = models.DateField(_("配信日"), unique=True)
    created_at = models.DateTimeField(_("作成日時"), default=timezone.now)

    class Meta:
        verbose_name = _("まとめて配信")
        verbose_name_plural = _("まとめて配信")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class DigestEntry(models.Model):
    """A published page held for a day's まとめて配信 instead of being sent at once.

    One per page: a page goes out in one digest, as a published page goes out once.
    Unpublishing the page before the digest deletes the entry; deleting the page
    deletes it with the page.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("ページ"),
        on_delete=models.CASCADE,
        related_name="line_digest_entry",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("版"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    digest_date = models.DateField(_("送る日"))
    queued_at = models.DateTimeField(_("待ちに入った日時"), default=timezone.now)
    run = models.ForeignKey(
        DigestRun,
        verbose_name=_("送ったまとめて配信"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    deliveries = models.ManyToManyField(
        "line_delivery.Delivery",
        verbose_name=_("このページを含んだ配信"),
        blank=True,
        related_name="digest_entries",
    )

    class Meta:
        verbose_name = _("まとめて配信の待ち")
        verbose_name_plural = _("まとめて配信の待ち")
        ordering = ["queued_at", "pk"]
        indexes = [models.Index(fields=["run", "digest_date"])]

    def __str__(self) -> str:
        return f"{self.page_id} → {self.digest_date:%Y-%m-%d}"

    @property
    def is_sent(self) -> bool:
        return self.run_id is not None

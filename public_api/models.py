"""When public content last changed: the ``Last-Modified`` of every API answer."""

from django.db import models
from django.utils import timezone


class ContentClock(models.Model):
    """A single row (pk 1), moved forward by ``signal_handlers`` on any content change.

    Lists lose rows (an unpublished notice, a deleted item) without any remaining row
    getting newer, so the newest row's timestamp cannot serve as ``Last-Modified``;
    this clock can, because deletions and unpublishing move it too.
    """

    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content clock"

    def __str__(self) -> str:
        return f"public content changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def touch(cls) -> None:
        cls.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})

    @classmethod
    def last_change(cls):
        """When public content last changed, counting notices that ran out of time.

        A notice without a level stops being in force when its hours pass, with no
        row changing; that moment counts as a change (``If-Modified-Since``).
        """
        from home.notice_lifecycle import last_expiry

        touched = cls.objects.filter(pk=1).values_list("changed_at", flat=True).first()
        expired = last_expiry()
        return max((m for m in (touched, expired) if m is not None), default=None)

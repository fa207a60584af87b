"""Scheduled reading of LINE's statistics (beat: ``cms.settings.base``)."""

from celery import shared_task


@shared_task(ignore_result=True)
def refresh_delivery_statistics() -> int:
    """Read LINE's figures of the sends it still counts, within the hourly budget."""
    from .statistics import refresh_due

    return refresh_due()


@shared_task(ignore_result=True)
def refresh_line_follower_counts() -> int:
    """LINE's friend figures of the past days we do not have yet."""
    from .statistics import refresh_follower_counts

    return refresh_follower_counts()

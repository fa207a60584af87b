"""Project-wide periodic jobs (scheduled in ``CELERY_BEAT_SCHEDULE``)."""

from django.core.management import call_command

from celery import shared_task


@shared_task(ignore_result=True)
def publish_scheduled() -> None:
    """Publish pages whose go-live time has come and expire old ones.

    Wagtail only honours ``go_live_at`` / ``expire_at`` when this command runs;
    disaster notices cannot wait an hour, so beat runs it every minute.
    """
    call_command("publish_scheduled")

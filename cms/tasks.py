"""Project-wide periodic jobs (scheduled in ``CELERY_BEAT_SCHEDULE``)."""

import time

from django.core.management import call_command

from celery import shared_task

from cms import health


@shared_task(ignore_result=True)
def publish_scheduled() -> None:
    """Publish pages whose go-live time has come and expire old ones.

    Wagtail only honours ``go_live_at`` / ``expire_at`` when this command runs;
    disaster notices cannot wait an hour, so beat runs it every minute.
    """
    call_command("publish_scheduled")


@shared_task(ignore_result=True)
def record_worker_heartbeat() -> None:
    """Note that a worker ran a task just now (read by ``/healthz``)."""
    health.record_heartbeat(time.time())


@shared_task(ignore_result=True, acks_late=False)
def make_backup() -> str:
    """The nightly encrypted backup (``cms.backup.make_backup``); returns its name.

    Not acknowledged late: a worker lost mid-backup leaves a ``-failed`` folder and
    the next night's run, rather than a redelivery that could overlap a slow dump.
    """
    from cms import backup

    return backup.make_backup().name


@shared_task(ignore_result=True)
def seal_access_log() -> int:
    """Chain the access-log records written since the last run (cms/access_log.py)."""
    from . import access_log

    return access_log.seal()


@shared_task(ignore_result=True)
def purge_access_log() -> int:
    """Delete access-log days older than ``ACCESS_LOG_RETENTION_DAYS`` (≥180)."""
    from . import access_log

    access_log.seal()  # never purge records that were not yet part of a chain
    return access_log.purge()

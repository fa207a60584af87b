"""The Celery application: configured from Django settings (``CELERY_*``)."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_init


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

app = Celery("cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery's Django fix-up closes every database connection before and after each task
# unless this is set, so a busy worker opened a PostgreSQL backend per task (0.7 of a
# core in bench/webhook.py). Keep connections instead, and let Django's own rules
# (CONN_MAX_AGE, CONN_HEALTH_CHECKS) decide when one is too old or broken, as it does
# for web requests.
app.conf.CELERY_DB_REUSE_MAX = 1_000_000_000
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _close_old_database_connections(**kwargs: object) -> None:
    """What Django does around each request: drop obsolete or unusable connections."""
    task = kwargs.get("task")
    if task is not None and getattr(task.request, "is_eager", False):
        return  # inline in a request or a test: the caller owns the connection
    from django.db import close_old_connections

    close_old_connections()


@worker_init.connect
def _warm_up(**kwargs: object) -> None:
    """Before the pool starts (prefork children inherit it): once-per-process costs
    that would otherwise land on the first delivery."""
    import django

    django.setup()
    from cms.warmup import freeze_heap
    from line_delivery.delivery import warm_up

    warm_up()
    freeze_heap()

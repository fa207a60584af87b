"""Celery tasks of the content app: ids in, re-read, idempotent (house style)."""

from celery import shared_task

from .open5374 import jobs


@shared_task(ignore_result=True, acks_late=True)
def run_open5374_job(job_id: int) -> None:
    """A 5374 check, import or export started in the admin (ごみ分別 › 5374形式)."""
    jobs.run(job_id)

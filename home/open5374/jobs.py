"""Background 5374 jobs: the admin stores the files, a Celery task runs ``run``.

``run`` takes a job id, re-reads the row and does nothing when the job is finished
(a redelivered task is harmless). The import itself is one transaction, so a job that
dies half-way leaves nothing half-done and can simply run again.
"""

import datetime
import io
import logging
import zipfile

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from ..models import Open5374Job
from .importing import apply_import, preview
from .problems import Import5374Error
from .writing import export_zip


logger = logging.getLogger(__name__)

UNEXPECTED = (
    "予期しないエラーで止まりました（何も変更していません）。"
    "もう一度試しても同じときは、システム担当者に連絡してください。"
)


def pack(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


#: Uploaded files and exported zips are kept this long (for confirming, downloading).
KEEP_FILES = datetime.timedelta(days=7)


def start(
    kind: str, *, files: bytes = b"", skip_bad_rows: bool = False, user=None
) -> Open5374Job:
    """Create a job and queue it once the current transaction commits."""
    from ..tasks import run_open5374_job

    old = Open5374Job.objects.filter(created_at__lt=timezone.now() - KEEP_FILES)
    old.exclude(files=b"").update(files=b"")
    old.exclude(output=b"").update(output=b"")
    job = Open5374Job.objects.create(
        kind=kind, files=files, skip_bad_rows=skip_bad_rows, created_by=user
    )
    run_open5374_job.delay_on_commit(job.pk)
    return job


class _Reporter:
    """Writes a job's progress where the job page can see it.

    Inside the import's transaction an UPDATE on the task's own connection would stay
    invisible until COMMIT, so on PostgreSQL progress goes through a second,
    autocommit connection. SQLite (``make run``, eager) allows one writer at a time:
    there the steps inside the transaction are simply not shown.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.side: BaseDatabaseWrapper | None = None

    def __call__(self, percent: int, step: str) -> None:
        if not connection.in_atomic_block:
            Open5374Job.objects.filter(pk=self.job_id).update(
                progress=percent, step=step
            )
        elif connection.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Open5374Job._meta.db_table} "  # noqa: S608 - our own table
                    "SET progress = %s, step = %s WHERE id = %s",
                    [percent, step, self.job_id],
                )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def run(job_id: int) -> None:
    """Do the job's work and store its result (Japanese, for the job page)."""
    claimed = Open5374Job.objects.filter(
        pk=job_id, state__in=[Open5374Job.State.QUEUED, Open5374Job.State.RUNNING]
    ).update(state=Open5374Job.State.RUNNING, progress=1, step="始めています")
    if not claimed:
        return
    job = Open5374Job.objects.get(pk=job_id)
    progress = _Reporter(job_id)
    output = b""
    try:
        if job.kind == Open5374Job.Kind.EXPORT:
            progress(10, "書き出しています")
            output, warnings = export_zip()
            result = {"warnings": warnings}
        else:
            files = unpack(bytes(job.files))
            action = apply_import if job.kind == Open5374Job.Kind.IMPORT else preview
            result = action(
                files, skip_bad_rows=job.skip_bad_rows, progress=progress
            ).summary()
        state = Open5374Job.State.DONE
    except Import5374Error as error:
        result = {"problems": error.problems, "skippable": error.skippable}
        state = Open5374Job.State.FAILED
    except Exception:
        logger.exception("5374 job %s failed", job_id)
        result = {"problems": [UNEXPECTED], "skippable": False}
        state = Open5374Job.State.FAILED
    finally:
        progress.close()
    with transaction.atomic():
        Open5374Job.objects.filter(pk=job_id).update(
            state=state,
            progress=100,
            step="",
            result=result,
            output=output,
            finished_at=timezone.now(),
            # The uploaded files are kept for the confirm step only.
            **({"files": b""} if job.kind == Open5374Job.Kind.IMPORT else {}),
        )

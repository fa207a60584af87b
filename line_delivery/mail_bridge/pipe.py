"""``python -m line_delivery.mail_bridge.pipe``: hand one mail from stdin to the workers.

For the city's mail server, the light alternative to ``manage.py ingest_mail``: it
does not start Django (which takes seconds of CPU per mail), it only puts the raw
message on the Celery broker, where a worker ingests it (``ingest_disaster_mail``).
The mail server learns the outcome from the exit status: 0 queued, 65 empty input,
75 (EX_TEMPFAIL) broker unreachable — the mail server keeps the mail and retries.

Environment: ``CELERY_BROKER_URL`` or ``REDIS_URL`` (as the workers), and
``CELERY_TASK_DEFAULT_QUEUE`` if the workers use another queue than ``celery``.
"""

from __future__ import annotations

import base64
import os
import sys


EX_DATAERR = 65
EX_TEMPFAIL = 75
TASK = "line_delivery.tasks.ingest_disaster_mail"


def queue_mail(raw: bytes) -> None:
    from celery import Celery

    broker = os.environ.get("CELERY_BROKER_URL") or os.environ.get(
        "REDIS_URL", "redis://127.0.0.1:6379/0"
    )
    app = Celery("mail-pipe", broker=broker, set_as_current=False)
    try:
        app.send_task(
            TASK,
            args=[base64.b64encode(raw).decode("ascii")],
            queue=os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery"),
            retry=True,
            retry_policy={"max_retries": 3, "interval_start": 0.5},
        )
    finally:
        app.close()


def main() -> int:
    raw = sys.stdin.buffer.read()
    if not raw.strip():
        sys.stderr.write("empty mail\n")
        return EX_DATAERR
    try:
        queue_mail(raw)
    except Exception as error:  # noqa: BLE001 - any failure: let the MTA retry
        sys.stderr.write(f"could not queue the mail: {error}\n")
        return EX_TEMPFAIL
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

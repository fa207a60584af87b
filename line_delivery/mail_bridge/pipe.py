"""``python -m line_delivery.mail_bridge.pipe``: hand one mail from stdin to the workers.

What the city's mail server should run (README), instead of ``manage.py
ingest_mail``: it does not start Django (seconds of CPU per mail on a busy machine),
it only puts the raw message on the Celery broker, where a running worker ingests it
(``ingest_disaster_mail``). The mail server learns the outcome from the exit status:
0 queued, 65 empty input, 75 (EX_TEMPFAIL) broker unreachable — the mail server
keeps the mail and retries.

With a Redis broker (``redis://`` / ``rediss://``, what we deploy) the message is
written with the standard library only: one ``LPUSH`` of a Celery protocol-2 message
(https://docs.celeryq.dev/en/stable/internals/protocol.html), in the envelope
kombu's Redis transport uses. Importing Celery and kombu alone costs about 0.4 s of
CPU, which a loaded machine turns into seconds; this costs a few milliseconds. Any
other broker goes through Celery itself.

Environment: ``CELERY_BROKER_URL`` or ``REDIS_URL`` (as the workers), and
``CELERY_TASK_DEFAULT_QUEUE`` if the workers use another queue than ``celery``.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import ssl
import sys
import time
from urllib.parse import unquote, urlsplit
import uuid


EX_DATAERR = 65
EX_TEMPFAIL = 75
TASK = "line_delivery.tasks.ingest_disaster_mail"


CONNECT_TIMEOUT = 5.0
ATTEMPTS = 4
RETRY_INTERVAL = 0.5


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL") or os.environ.get(
        "REDIS_URL", "redis://127.0.0.1:6379/0"
    )


def queue_name() -> str:
    return os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")


def celery_message(raw: bytes, queue: str) -> bytes:
    """The JSON envelope a Celery producer puts on a kombu Redis queue."""
    task_id = str(uuid.uuid4())
    body = [
        [base64.b64encode(raw).decode("ascii")],
        {},
        {
            "callbacks": None,
            "errbacks": None,
            "chain": None,
            "chord": None,
        },
    ]
    envelope = {
        "body": base64.b64encode(json.dumps(body).encode()).decode("ascii"),
        "content-encoding": "utf-8",
        "content-type": "application/json",
        "headers": {
            "lang": "py",
            "task": TASK,
            "id": task_id,
            "shadow": None,
            "eta": None,
            "expires": None,
            "group": None,
            "group_index": None,
            "retries": 0,
            "timelimit": [None, None],
            "root_id": task_id,
            "parent_id": None,
            "argsrepr": f"('<{len(raw)} bytes of mail>',)",
            "kwargsrepr": "{}",
            "origin": f"mail-pipe@{socket.gethostname()}",
            "ignore_result": None,
            "replaced_task_nesting": 0,
            "stamped_headers": None,
            "stamps": {},
        },
        "properties": {
            "correlation_id": task_id,
            "reply_to": "",
            "delivery_mode": 2,
            "delivery_info": {"exchange": "", "routing_key": queue},
            "priority": 0,
            "body_encoding": "base64",
            "delivery_tag": str(uuid.uuid4()),
        },
    }
    return json.dumps(envelope).encode()


def _command(*parts: bytes) -> bytes:
    out = [b"*%d\r\n" % len(parts)]
    for part in parts:
        out.append(b"$%d\r\n%s\r\n" % (len(part), part))
    return b"".join(out)


def _expect_ok(reader, what: str) -> None:
    line = reader.readline()
    if not line or line.startswith(b"-"):
        raise ConnectionError(f"{what}: {line.decode(errors='replace').strip()}")


def push_to_redis(url: str, queue: str, message: bytes) -> None:
    """LPUSH ``message`` on ``queue`` (what kombu does), speaking RESP directly."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or 6379
    database = (parts.path or "/0").strip("/") or "0"
    sock = socket.create_connection((host, port), timeout=CONNECT_TIMEOUT)
    if parts.scheme == "rediss":
        sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
    with sock, sock.makefile("rb") as reader:
        commands: list[tuple[bytes, str]] = []
        if parts.password:
            auth = [b"AUTH"]
            if parts.username:
                auth.append(unquote(parts.username).encode())
            auth.append(unquote(parts.password).encode())
            commands.append((_command(*auth), "AUTH"))
        commands.append((_command(b"SELECT", database.encode()), "SELECT"))
        commands.append((_command(b"LPUSH", queue.encode(), message), "LPUSH"))
        sock.sendall(b"".join(command for command, _ in commands))
        for _command_bytes, what in commands:
            _expect_ok(reader, what)


def queue_mail(raw: bytes) -> None:
    url = broker_url()
    if urlsplit(url).scheme not in ("redis", "rediss"):
        _queue_with_celery(raw, url)
        return
    message = celery_message(raw, queue_name())
    for attempt in range(ATTEMPTS):
        try:
            push_to_redis(url, queue_name(), message)
            return
        except OSError:
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(RETRY_INTERVAL)


def _queue_with_celery(raw: bytes, url: str) -> None:
    from celery import Celery

    app = Celery("mail-pipe", broker=url, set_as_current=False)
    try:
        app.send_task(
            TASK,
            args=[base64.b64encode(raw).decode("ascii")],
            queue=queue_name(),
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

"""アクセスログ: every HTTP request, kept ≥180 days, each day's records chained by HMAC.

Writing must not slow anything down, the LINE webhook least of all, so a record is
made only after the response has been handed to the server (a response "closer",
run by the WSGI server once the body is sent) and written with others in one INSERT
(``_Buffer``: up to ``ACCESS_LOG_BATCH_SIZE`` records or ``ACCESS_LOG_FLUSH_SECONDS``). Chaining
happens a moment later in ``seal()`` (Celery beat, every minute): it numbers the new
records of each day (``seq``) and sets ``hash = HMAC(key, previous hash + fields)``;
``AccessLogSeal`` keeps each day's count and last hash under a MAC. ``verify()``
recomputes everything and names the first record that does not fit.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from dataclasses import dataclass
import datetime
import functools
import hashlib
import hmac
import logging
import re
import threading
import time

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import AccessLogEntry, AccessLogSeal
from .request_context import _current_request, client_ip


logger = logging.getLogger(__name__)

SECRET_PARAM = re.compile(
    r"token|secret|pass|key|code|sig|auth|session|nonce|state|otp|credential",
    re.IGNORECASE,
)
"""Query parameters dropped before logging (LIFF/OAuth codes, tokens, signatures)."""

MAX_PATH = 1000

ASSET_PATH_PREFIXES = [
    "/static/",
    "/media/",
    "/favicon.ico",
    "/robots.txt",
    "/admin/sprite",
    "/admin/jsi18n/",
]
"""Requests for files, not screens: hidden in the admin list with 「静的ファイルを隠す」."""

PERSONAL_DATA_PATH_PREFIXES = [
    "/admin/friend/",  # 友だち (LINE ids, 受信設定)
    "/admin/testmember/",
    "/admin/line/sandbox/",  # sandbox conversations
    "/admin/line/surveys/",  # survey answers and their export
]
"""Admin screens that show residents' personal data (the filter 「個人情報の閲覧」).

A feature that adds such a screen calls ``register_personal_data_prefix`` (e.g. the
staff inbox's conversations) from its ``AppConfig.ready``, or
``register_personal_data_pattern`` where its prefix is shared with other screens."""

PERSONAL_DATA_PATH_PATTERNS: list[str] = []
"""Regular expressions (PostgreSQL ``~``) for personal-data screens under a shared prefix.

通報 lives under ``/admin/reports/`` next to Wagtail's own reports (aging pages, site
history, workflows, locked pages), which show no resident's data."""


def register_personal_data_prefix(prefix: str) -> None:
    """Count views under ``prefix`` as views of personal data in the access log."""
    if prefix not in PERSONAL_DATA_PATH_PREFIXES:
        PERSONAL_DATA_PATH_PREFIXES.append(prefix)


def register_personal_data_pattern(pattern: str) -> None:
    """Count views whose path (with its query) matches ``pattern`` as personal data."""
    if pattern not in PERSONAL_DATA_PATH_PATTERNS:
        PERSONAL_DATA_PATH_PATTERNS.append(pattern)


def _under(prefixes: list[str], patterns: list[str] = ()):
    from django.db.models import Q

    query = Q(pk__in=[])
    for prefix in prefixes:
        query |= Q(path__startswith=prefix)
    for pattern in patterns:
        query |= Q(path__regex=pattern)
    return query


def asset_requests():
    """A filter (Q) for requests of static files, media and the admin's helpers."""
    return _under([settings.STATIC_URL, settings.MEDIA_URL, *ASSET_PATH_PREFIXES])


def personal_data_views():
    """A filter (Q) for requests of screens that show residents' personal data."""
    return _under(PERSONAL_DATA_PATH_PREFIXES, PERSONAL_DATA_PATH_PATTERNS)


SEAL_BATCH = 5000
_SEAL_LOCK_ID = (
    0x07A4E106  # any constant: one sealer at a time (PostgreSQL advisory lock)
)


def loggable_path(request: HttpRequest) -> str:
    """The path and query (decoded, readable), minus parameters that may carry secrets."""
    path = request.path
    if request.META.get("QUERY_STRING"):
        kept = [
            f"{name}={value}"
            for name, values in request.GET.lists()
            if not SECRET_PARAM.search(name)
            for value in values
        ]
        if kept:
            path = f"{path}?{'&'.join(kept)}"
    return path[:MAX_PATH]


class AccessLogMiddleware:
    """Outermost middleware: times the request and records it once the response is sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        duration_ms = int((time.perf_counter() - started) * 1000)
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        now = timezone.now()
        entry = AccessLogEntry(
            timestamp=now,
            day=timezone.localdate(now),
            user_id=user.pk if authenticated else None,
            username=user.get_username() if authenticated else "",
            ip_address=client_ip(request),
            method=request.method[:10],
            path=loggable_path(request),
            status=response.status_code,
            duration_ms=duration_ms,
        )
        # Written when the server closes the response, i.e. after the client has it
        # (Django calls response closers from HttpResponseBase.close()).
        response._resource_closers.append(lambda: _buffer.add(entry))
        return response


class _Buffer:
    """Records waiting to be written, per process: one INSERT for many requests.

    At 500 requests/s one INSERT per request cost the web tier about a third of a
    core (bench/webhook.py); batching makes it a small fraction of that. A record waits
    at most ``ACCESS_LOG_FLUSH_SECONDS`` (a timer thread writes what a quiet process
    holds) and is written at exit; a process killed outright loses at most that
    moment's records, like the asynchronous commit below. Sealing chains records in
    id order whenever they arrive, so a late batch extends its day's chain.
    """

    def __init__(self) -> None:
        self.entries: list[AccessLogEntry] = []
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def add(self, entry: AccessLogEntry) -> None:
        with self.lock:
            self.entries.append(entry)
            full = len(self.entries) >= settings.ACCESS_LOG_BATCH_SIZE
            if not full and self.timer is None:
                self.timer = threading.Timer(
                    settings.ACCESS_LOG_FLUSH_SECONDS, self.flush_from_timer
                )
                self.timer.daemon = True
                self.timer.start()
        if full:
            self.flush()

    def take(self) -> list[AccessLogEntry]:
        with self.lock:
            entries, self.entries = self.entries, []
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
        return entries

    def flush(self) -> None:
        entries = self.take()
        if entries:
            _write(entries)

    def flush_from_timer(self) -> None:
        from django.db import connections

        try:
            self.flush()
        finally:
            connections.close_all()  # this thread's own connection


_buffer = _Buffer()
atexit.register(_buffer.flush)


def flush() -> None:
    """Write the records this process still holds (tests, shutdown)."""
    _buffer.flush()


def _write(entries: list[AccessLogEntry]) -> None:
    try:
        if connection.vendor == "postgresql":
            _insert_async_commit(entries)
        else:
            AccessLogEntry.objects.bulk_create(entries)
    except Exception:
        # A logging failure must never turn a served request into an error.
        logger.exception("%d access log records could not be written", len(entries))


def _insert_async_commit(entries: list[AccessLogEntry]) -> None:
    """One multi-row INSERT without waiting for the WAL flush.

    ``SET LOCAL synchronous_commit`` applies to this transaction only, so the
    webhook's event rows keep full durability while the log skips a second fsync
    (after a database crash, the last fraction of a second of access log may be
    missing).
    """
    fields = _columns()
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    values = [
        field.get_db_prep_save(getattr(entry, field.attname), connection)
        for entry in entries
        for field in fields
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - names from our model, values are parameters
            + ", ".join([row] * len(entries)),
            values,
        )


@functools.cache
def _columns() -> list:
    return [
        field for field in AccessLogEntry._meta.concrete_fields if not field.primary_key
    ]


# --- the chain -------------------------------------------------------------------


def _key() -> bytes:
    key = getattr(settings, "ACCESS_LOG_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(b"otake-access-log:" + key.encode()).digest()


def _mac(*parts: object) -> str:
    message = "\x1f".join("" if part is None else str(part) for part in parts)
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


def genesis(day: datetime.date) -> str:
    """The "previous hash" of a day's first record."""
    return _mac("genesis", day.isoformat())


def record_hash(previous: str, entry: AccessLogEntry) -> str:
    return _mac(
        previous,
        entry.pk,
        entry.seq,
        entry.day.isoformat(),
        entry.timestamp.astimezone(datetime.UTC).isoformat(),
        entry.user_id,
        entry.username,
        entry.ip_address,
        entry.method,
        entry.path,
        entry.status,
        entry.duration_ms,
    )


def seal_mac(seal: AccessLogSeal) -> str:
    return _mac("seal", seal.day.isoformat(), seal.count, seal.head_hash)


def seal() -> int:
    """Chain every record not chained yet; returns how many were sealed."""
    total = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEAL_LOCK_ID])
            batch = list(
                AccessLogEntry.objects.filter(seq__isnull=True).order_by("pk")[
                    :SEAL_BATCH
                ]
            )
            if not batch:
                return total
            for day in sorted({entry.day for entry in batch}):
                _seal_day(day, [entry for entry in batch if entry.day == day])
            total += len(batch)


def _seal_day(day: datetime.date, entries: list[AccessLogEntry]) -> None:
    day_seal, _ = AccessLogSeal.objects.select_for_update().get_or_create(day=day)
    previous = day_seal.head_hash or genesis(day)
    for entry in entries:
        day_seal.count += 1
        entry.seq = day_seal.count
        entry.hash = record_hash(previous, entry)
        previous = entry.hash
    _store_chain(entries)
    day_seal.head_hash = previous
    day_seal.sealed_at = timezone.now()
    day_seal.mac = seal_mac(day_seal)
    day_seal.save()


def _store_chain(entries: list[AccessLogEntry]) -> None:
    if connection.vendor != "postgresql":
        AccessLogEntry.objects.bulk_update(entries, ["seq", "hash"], batch_size=200)
        return
    # One UPDATE … FROM (VALUES …) per batch: Django's bulk_update builds a CASE over
    # every id, which PostgreSQL evaluates row by row (about 1,000 rows/s).
    table = AccessLogEntry._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(entries), 1000):
            batch = entries[start : start + 1000]
            values = ", ".join(["(%s, %s, %s)"] * len(batch))
            cursor.execute(
                f"UPDATE {table} AS entry SET seq = v.seq, hash = v.hash "  # noqa: S608 - our table name, values are parameters
                f"FROM (VALUES {values}) AS v(id, seq, hash) WHERE entry.id = v.id",
                [value for e in batch for value in (e.pk, e.seq, e.hash)],
            )


# --- verification ----------------------------------------------------------------


@dataclass
class Problem:
    day: datetime.date
    message: str

    def __str__(self) -> str:
        return f"{self.day}: {self.message}"


def _sealed(day: datetime.date) -> Iterator[AccessLogEntry]:
    return (
        AccessLogEntry.objects.filter(day=day, seq__isnull=False)
        .order_by("seq")
        .iterator(chunk_size=2000)
    )


def verify_day(day: datetime.date) -> Problem | None:
    """The first problem in one day's chain, or None when it is intact."""
    day_seal = AccessLogSeal.objects.filter(day=day).first()
    if day_seal is None:
        return Problem(
            day, "封印がありません（その日の封印が削除されたか、改ざんされています）"
        )
    if not hmac.compare_digest(day_seal.mac, seal_mac(day_seal)):
        return Problem(day, "封印が改ざんされています")
    previous = genesis(day)
    expected_seq = 1
    for entry in _sealed(day):
        if entry.seq != expected_seq:
            return Problem(
                day,
                f"連番 {expected_seq} の記録が削除されています（次に残っている記録: id={entry.pk}, 連番 {entry.seq}）",
            )
        if not hmac.compare_digest(entry.hash, record_hash(previous, entry)):
            return Problem(
                day,
                f"記録 id={entry.pk}（連番 {entry.seq}）が改ざんされているか、挿入されたものです",
            )
        previous = entry.hash
        expected_seq += 1
    if expected_seq - 1 != day_seal.count or previous != day_seal.head_hash:
        return Problem(
            day,
            f"連番 {expected_seq} 以降の記録が削除されています（封印では {day_seal.count} 件）",
        )
    return None


def verify(days: list[datetime.date] | None = None) -> list[Problem]:
    """The first problem of every day that has one (all retained days by default)."""
    if days is None:
        days = sorted(
            set(AccessLogSeal.objects.values_list("day", flat=True))
            | set(
                AccessLogEntry.objects.filter(seq__isnull=False)
                .values_list("day", flat=True)
                .distinct()
            )
        )
    return [problem for day in days if (problem := verify_day(day))]


def unsealed_count() -> int:
    return AccessLogEntry.objects.filter(seq__isnull=True).count()


# --- retention -------------------------------------------------------------------


def purge(today: datetime.date | None = None) -> int:
    """Delete whole days older than ``ACCESS_LOG_RETENTION_DAYS`` (records and seals)."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    deleted, _ = AccessLogEntry.objects.filter(day__lt=cutoff).delete()
    AccessLogSeal.objects.filter(day__lt=cutoff).delete()
    return deleted

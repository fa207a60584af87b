"""Streaming encryption of backup files with age (X25519), through ``pyrage``.

age (https://age-encryption.org/v1) encrypts in 64 KiB authenticated chunks, so a
dump of any size passes through in constant memory, and a truncated, reordered or
edited file fails to decrypt. The files are plain age files: an operator can also
decrypt one with the ``age`` command-line tool and the same key
(``age -d -i key.txt database.dump.age``), without this code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
import contextlib
from dataclasses import dataclass
import hashlib
import os
from pathlib import Path
import threading
from typing import IO, BinaryIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import pyrage


class BackupError(Exception):
    """A backup could not be made, checked or restored; the message says why."""


def identities() -> list[pyrage.x25519.Identity]:
    """The age keys in ``BACKUP_ENCRYPTION_KEY`` (``AGE-SECRET-KEY-1…``), newest first.

    New backups are encrypted to the first; any listed key decrypts, so after a key
    rotation the older generations stay restorable while their key is still listed.
    """
    keys = [
        key.strip() for key in settings.BACKUP_ENCRYPTION_KEY.split(",") if key.strip()
    ]
    if not keys:
        raise ImproperlyConfigured(
            "BACKUP_ENCRYPTION_KEY is not set. Make one with: python -c "
            "'import pyrage; print(pyrage.x25519.Identity.generate())' and keep a copy "
            "outside the server (README.md, 'Backups and restore')."
        )
    try:
        return [pyrage.x25519.Identity.from_str(key) for key in keys]
    except pyrage.IdentityError as error:
        raise ImproperlyConfigured(
            "BACKUP_ENCRYPTION_KEY must be age secret keys (AGE-SECRET-KEY-1…), "
            "newest first, comma-separated."
        ) from error


@dataclass
class Digest:
    """Size and SHA-256 of the bytes that went through a stream."""

    size: int = 0
    sha256: str = ""


class _HashingReader:
    def __init__(self, raw: IO[bytes], digest: Digest) -> None:
        self._raw, self._digest, self._hash = raw, digest, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size)
        self._hash.update(chunk)
        self._digest.size += len(chunk)
        self._digest.sha256 = self._hash.hexdigest()
        return chunk


class _HashingWriter:
    def __init__(self, raw: IO[bytes], digest: Digest) -> None:
        self._raw, self._digest, self._hash = raw, digest, hashlib.sha256()

    def write(self, chunk: bytes) -> int:
        self._hash.update(chunk)
        self._digest.size += len(chunk)
        self._digest.sha256 = self._hash.hexdigest()
        return self._raw.write(chunk)

    def flush(self) -> None:
        self._raw.flush()


def file_digest(path: Path) -> Digest:
    digest = Digest()
    with path.open("rb") as source:
        reader = _HashingReader(source, digest)
        while reader.read(1 << 20):
            pass
    return digest


def encrypt_to_file(source: IO[bytes], target: Path) -> Digest:
    """Encrypt everything ``source`` yields into ``target``; the plaintext's digest."""
    plain = Digest()
    with target.open("wb") as out:
        pyrage.encrypt_io(
            _HashingReader(source, plain), out, [identities()[0].to_public()]
        )
    return plain


def decrypt_to(source: Path, target: IO[bytes]) -> Digest:
    """Decrypt ``source`` into ``target``; the plaintext's digest."""
    plain = Digest()
    with source.open("rb") as encrypted:
        try:
            pyrage.decrypt_io(encrypted, _HashingWriter(target, plain), identities())
        except pyrage.DecryptError as error:
            raise BackupError(
                f"{source.name} cannot be decrypted with BACKUP_ENCRYPTION_KEY "
                f"(wrong key, or the file is damaged): {error}"
            ) from error
    return plain


class _Pump(threading.Thread):
    """Runs ``work(pipe_end)`` beside the caller and re-raises its error on join."""

    def __init__(self, work: Callable[[BinaryIO], object], pipe_end: BinaryIO) -> None:
        super().__init__(daemon=True)
        self._work, self._pipe_end = work, pipe_end
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self._pipe_end:
                self._work(self._pipe_end)
        except BrokenPipeError:
            pass  # the reader stopped early on purpose (it raised; that error wins)
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            self.error = error

    def finish(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error


@contextlib.contextmanager
def produced_stream(produce: Callable[[BinaryIO], object]) -> Iterator[BinaryIO]:
    """A readable stream of what ``produce(writable)`` writes in another thread.

    Joins a producer that writes (tarfile, decryption) to a consumer that reads
    (encryption, tar extraction, pg_restore) without holding the data in memory.
    """
    read_fd, write_fd = os.pipe()
    pump = _Pump(produce, os.fdopen(write_fd, "wb"))
    pump.start()
    reader = os.fdopen(read_fd, "rb")
    try:
        try:
            yield reader
            while reader.read(1 << 16):  # let the producer finish (e.g. tar padding)
                pass
        finally:
            reader.close()
            pump.join()
    except BaseException as consumer_error:
        # The consumer usually fails *because* the producer did (e.g. pg_restore
        # reads a short stream when decryption stopped): report the cause.
        if pump.error is not None:
            raise pump.error from consumer_error
        raise
    pump.finish()


@contextlib.contextmanager
def decrypted_stream(source: Path, digest: Digest | None = None) -> Iterator[BinaryIO]:
    """Read the plaintext of an encrypted backup file as a stream."""

    def produce(writable: BinaryIO) -> None:
        result = decrypt_to(source, writable)
        if digest is not None:
            digest.size, digest.sha256 = result.size, result.sha256

    with produced_stream(produce) as stream:
        yield stream

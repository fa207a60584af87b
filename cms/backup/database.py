"""Dumping and restoring the database: pg_dump custom format, or a SQLite copy.

PostgreSQL goes through ``pg_dump --format=custom`` (consistent snapshot, compressed,
restorable table by table) piped straight into the encryption, and back through
``pg_restore`` on restore. SQLite (only the ``make run`` demo) is copied with SQLite's
online backup API, which gives a consistent copy while the site runs.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
import os
from pathlib import Path
import shutil
import sqlite3
import subprocess
import tempfile
from typing import Any, BinaryIO

from django.db import connections

import dj_database_url

from .streams import BackupError, Digest, decrypt_to, decrypted_stream, encrypt_to_file


def pg_program(name: str) -> str:
    """The full path of a PostgreSQL client program (pg_dump, pg_restore, psql)."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client matching the "
            f"server's major version (Debian: postgresql-client-15)."
        )
    return path


@dataclass(frozen=True)
class Database:
    """Where a dump comes from or a restore goes to (a DATABASES entry)."""

    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, alias: str = "default") -> Database:
        return cls._from_dict(connections[alias].settings_dict)

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls._from_dict(dj_database_url.parse(url))

    @classmethod
    def _from_dict(cls, config: dict[str, Any]) -> Database:
        engine = "sqlite" if "sqlite" in config["ENGINE"] else "postgresql"
        return cls(
            engine=engine,
            name=str(config["NAME"]),
            user=config.get("USER") or "",
            password=config.get("PASSWORD") or "",
            host=config.get("HOST") or "",
            port=str(config.get("PORT") or ""),
        )

    @property
    def file_name(self) -> str:
        return (
            "database.dump.age"
            if self.engine == "postgresql"
            else "database.sqlite3.age"
        )

    # PostgreSQL client programs -------------------------------------------------

    def _pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def _pg_args(self, dbname: str | None = None) -> list[str]:
        args = ["--dbname", dbname or self.name]
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def _run(self, args: list[str], stdin: BinaryIO | None = None) -> str:
        result = subprocess.run(  # noqa: S603 - fixed programs, arguments from settings
            [pg_program(args[0]), *args[1:]],
            stdin=stdin,
            capture_output=True,
            env=self._pg_env(),
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(
                f"{args[0]} failed ({result.returncode}): "
                f"{result.stderr.decode(errors='replace').strip()}"
            )
        return result.stdout.decode(errors="replace")

    # Dump, check, restore -------------------------------------------------------

    def dump(self, target: Path) -> Digest:
        """Write an encrypted dump to ``target``; the digest of the plaintext dump."""
        if self.engine == "sqlite":
            return self._dump_sqlite(target)
        process = subprocess.Popen(  # noqa: S603 - fixed program, arguments from settings
            [
                pg_program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *self._pg_args(),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=self._pg_env(),
        )
        with process.stdout:  # type: ignore[union-attr] - PIPE was asked for
            digest = encrypt_to_file(process.stdout, target)
        error = process.stderr.read().decode(errors="replace")  # type: ignore[union-attr]
        if process.wait() != 0:
            raise BackupError(f"pg_dump failed ({process.returncode}): {error.strip()}")
        return digest

    def check(self, source: Path, digest: Digest) -> int:
        """Decrypt the dump and list its contents; the number of tables with data."""
        if self.engine == "sqlite":
            return self._check_sqlite(source, digest)
        with decrypted_stream(source, digest) as stream:
            listing = self._run(["pg_restore", "--list"], stdin=stream)
        return sum(1 for line in listing.splitlines() if " TABLE DATA " in line)

    def restore(self, source: Path) -> None:
        """Replace everything in this database with the dump in ``source``."""
        if self.engine == "sqlite":
            self._restore_sqlite(source)
            return
        # Objects created after the backup (a newer migration) must go as well, so the
        # schema is emptied first rather than relying on pg_restore --clean alone.
        self._run(
            [
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                *self._pg_args(),
                "--command=DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
            ]
        )
        with decrypted_stream(source) as stream:
            self._run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    *self._pg_args(),
                ],
                stdin=stream,
            )

    # SQLite (the embedded default) ---------------------------------------------

    def _dump_sqlite(self, target: Path) -> Digest:
        with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
            copy = Path(scratch) / "copy.sqlite3"
            _sqlite_copy(Path(self.name), copy)
            with copy.open("rb") as plain:
                return encrypt_to_file(plain, target)

    def _check_sqlite(self, source: Path, digest: Digest) -> int:
        with tempfile.TemporaryDirectory(dir=source.parent) as scratch:
            copy = Path(scratch) / "check.sqlite3"
            with copy.open("wb") as plain:
                result = decrypt_to(source, plain)
            digest.size, digest.sha256 = result.size, result.sha256
            with contextlib.closing(sqlite3.connect(copy)) as db:
                (status,) = db.execute("PRAGMA integrity_check").fetchone()
                if status != "ok":
                    raise BackupError(f"The SQLite copy is damaged: {status}")
                (tables,) = db.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                ).fetchone()
            return tables

    def _restore_sqlite(self, source: Path) -> None:
        live = Path(self.name)
        with tempfile.TemporaryDirectory(dir=live.parent) as scratch:
            copy = Path(scratch) / "restore.sqlite3"
            with copy.open("wb") as plain:
                decrypt_to(source, plain)
            connections.close_all()
            _sqlite_copy(copy, live)


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy even while the site writes."""
    with (
        contextlib.closing(sqlite3.connect(source)) as origin,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        origin.backup(copy)

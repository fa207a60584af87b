"""Settings and scratch databases for the backup, restore and health tests."""

from __future__ import annotations

from collections.abc import Iterator
import contextlib

from django.db import connection

import psycopg
from psycopg import sql
import pyrage
import pytest


@pytest.fixture
def backup_settings(settings, tmp_path):
    """Backups into a throw-away folder, media from another, a fresh age key."""
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_ENCRYPTION_KEY = str(pyrage.x25519.Identity.generate())
    settings.BACKUP_KEEP = 2
    settings.MEDIA_ROOT.mkdir()
    return settings


def _server_dsn(dbname: str) -> str:
    params = connection.settings_dict
    parts = [f"dbname={dbname}", f"host={params['HOST'] or '127.0.0.1'}"]
    parts += [f"port={params['PORT'] or 5432}", f"user={params['USER'] or 'postgres'}"]
    if params["PASSWORD"]:
        parts.append(f"password={params['PASSWORD']}")
    return " ".join(parts)


def database_url(dbname: str) -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return (
        f"postgres://{params['USER'] or 'postgres'}{password}@"
        f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{dbname}"
    )


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    """An empty database of our own beside the test database, dropped afterwards.

    The restore tests write into this one, never into the test database others use.
    """
    name = f"{connection.settings_dict['NAME']}_restore"[:63]
    with psycopg.connect(_server_dsn("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with psycopg.connect(_server_dsn("postgres"), autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


def rows(dbname: str, table: str) -> list[tuple]:
    """Every row of ``table``, in primary-key order."""
    with psycopg.connect(_server_dsn(dbname)) as db:
        query = sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(table))
        return db.execute(query).fetchall()


def execute(dbname: str, statement: str) -> None:
    with psycopg.connect(_server_dsn(dbname), autocommit=True) as db:
        db.execute(statement)

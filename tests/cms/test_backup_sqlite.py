"""The embedded default (`make run`, SQLite) is backed up and restored the same way."""

import contextlib
import sqlite3

from cms import backup
from tests.cms.backup_helpers import backup_settings  # noqa: F401 - fixture


def sqlite_rows(path) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT id, title FROM page ORDER BY id").fetchall()


def test_sqlite_backup_restores_a_consistent_copy(backup_settings, tmp_path):  # noqa: F811
    path = tmp_path / "db.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE page (id integer primary key, title text)")
        db.executemany("INSERT INTO page VALUES (?, ?)", [(1, "お知らせ"), (2, "防災")])
        db.commit()
    demo = backup.Database(engine="sqlite", name=str(path))
    made = backup.make_backup(database=demo)
    assert made.manifest["database"]["file"] == "database.sqlite3.age"
    assert made.manifest["check"]["database_tables"] == 1

    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("DELETE FROM page")
        db.commit()
    backup.restore_backup(made.name, database=demo)
    assert sqlite_rows(path) == [(1, "お知らせ"), (2, "防災")]

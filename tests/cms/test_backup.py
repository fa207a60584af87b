"""Encrypted backups: made on schedule, checked, kept in generations, and restorable.

The restore goes into a scratch database beside the test database (and a scratch
media folder), so the comparison is between two real PostgreSQL databases.
"""

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

import pyrage
import pytest

from cms import backup
from cms.tasks import make_backup as make_backup_task
from line_delivery import crypto
from line_delivery.models import Friend
from tests.cms.backup_helpers import (
    backup_settings,  # noqa: F401 - fixture
    database_url,
    execute,
    rows,
    scratch_database,
)
from tests.factories import NewsPageFactory


# pg_dump runs in another process and only sees committed rows; serialized_rollback
# puts back the migrations' pages after the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

USER_ID = "U" + "5a" * 16
KEY_TABLES = [
    "line_delivery_friend",
    "wagtailcore_page",
    "home_newspage",
    "auth_user",
    "wagtailcore_revision",
]


@pytest.fixture
def site_data(home_page, backup_settings):  # noqa: F811
    news = NewsPageFactory(parent=home_page, title="燃えるごみの収集日が変わります")
    news.save_revision().publish()
    Friend.objects.create(line_user_id=USER_ID)
    image = Path(settings.MEDIA_ROOT) / "original_images" / "gomi.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    return {"news": news, "image": image}


def test_backup_then_wipe_then_restore_gives_back_the_same_data(site_data, tmp_path):
    call_command("make_backup", stdout=StringIO())
    (made,) = backup.list_backups()
    assert made.manifest["check"]["ok"]
    assert made.manifest["check"]["media_files"] == 1
    assert made.manifest["check"]["database_tables"] > 20
    original = {
        table: rows(connection.settings_dict["NAME"], table) for table in KEY_TABLES
    }
    assert len(original["line_delivery_friend"]) == 1

    restored_media = tmp_path / "restored-media"
    with scratch_database() as scratch:
        restore = [
            "restore_backup",
            made.name,
            "--yes-replace-all-data",
            "--database-url",
            database_url(scratch),
            "--media-root",
            str(restored_media),
        ]
        call_command(*restore, stdout=StringIO())
        assert {table: rows(scratch, table) for table in KEY_TABLES} == original

        # Wipe: lose the friends, gain a table a later migration might add, a stray file.
        execute(scratch, "DELETE FROM line_delivery_friend")
        execute(scratch, "CREATE TABLE added_after_backup (id int)")
        (restored_media / "stray.txt").write_text("not in the backup")
        call_command(*restore, stdout=StringIO())

        assert {table: rows(scratch, table) for table in KEY_TABLES} == original
        with pytest.raises(Exception, match="added_after_backup"):
            rows(scratch, "added_after_backup")
        (ciphertext,) = [row[1] for row in rows(scratch, "line_delivery_friend")]
        assert (
            crypto.decrypt(ciphertext) == USER_ID
        )  # still readable with the field key
    restored_image = restored_media / "original_images" / "gomi.png"
    assert restored_image.read_bytes() == site_data["image"].read_bytes()
    assert not (restored_media / "stray.txt").exists()


def test_restore_refuses_without_the_confirmation_flag(site_data):
    made = backup.make_backup()
    site_data["image"].write_bytes(b"changed after the backup")
    with pytest.raises(CommandError, match="--yes-replace-all-data"):
        call_command("restore_backup", made.name)  # would restore over this database
    assert site_data["image"].read_bytes() == b"changed after the backup"


def test_backup_files_are_encrypted_and_need_the_key(site_data, settings):
    made = backup.make_backup()
    files = {p.name: p.read_bytes() for p in made.path.iterdir()}
    assert files["database.dump.age"].startswith(b"age-encryption.org/v1")
    assert files["media.tar.age"].startswith(b"age-encryption.org/v1")
    assert b"PGDMP" not in files["database.dump.age"]  # pg_dump's own header
    assert b"gomi.png" not in files["media.tar.age"]

    settings.BACKUP_ENCRYPTION_KEY = str(pyrage.x25519.Identity.generate())
    with scratch_database() as scratch:
        execute(scratch, "CREATE TABLE current_data (id int)")
        with pytest.raises(backup.BackupError, match="cannot be decrypted"):
            backup.restore_backup(
                made.name,
                database=backup.Database.from_url(database_url(scratch)),
                media_root=Path(settings.MEDIA_ROOT),
            )
        assert rows(scratch, "current_data") == []  # nothing was dropped
    assert site_data["image"].exists()


def test_a_damaged_backup_is_refused_before_anything_is_replaced(site_data):
    made = backup.make_backup()
    dump = made.path / "database.dump.age"
    data = bytearray(dump.read_bytes())
    data[-100] ^= 0xFF
    dump.write_bytes(bytes(data))
    site_data["image"].write_bytes(b"current")
    with scratch_database() as scratch:
        execute(scratch, "CREATE TABLE current_data (id int)")
        with pytest.raises(backup.BackupError, match="does not match its manifest"):
            backup.restore_backup(
                made.name, database=backup.Database.from_url(database_url(scratch))
            )
        assert rows(scratch, "current_data") == []
    assert site_data["image"].read_bytes() == b"current"


def test_only_the_newest_generations_are_kept(site_data, settings):
    names = [backup.make_backup().name for _ in range(3)]
    kept = [b.name for b in backup.list_backups()]
    assert kept == sorted(names, reverse=True)[: settings.BACKUP_KEEP]
    assert sorted(p.name for p in Path(settings.BACKUP_DIR).iterdir()) == sorted(kept)


def test_the_nightly_job_is_scheduled_and_makes_a_checked_backup(site_data):
    schedule = settings.CELERY_BEAT_SCHEDULE["cms-make-backup"]
    assert schedule["task"] == "cms.tasks.make_backup"
    assert schedule["schedule"].hour == {3}  # night time, Japan (CELERY_TIMEZONE)
    name = make_backup_task.delay().get()
    assert [b.name for b in backup.list_backups()] == [name]


def test_after_a_key_rotation_old_backups_stay_restorable(site_data, settings):
    old_key = settings.BACKUP_ENCRYPTION_KEY
    old = backup.make_backup()
    new_key = str(pyrage.x25519.Identity.generate())
    settings.BACKUP_ENCRYPTION_KEY = f"{new_key},{old_key}"
    new = backup.make_backup()
    with scratch_database() as scratch:
        target = backup.Database.from_url(database_url(scratch))
        backup.restore_backup(
            old.name, database=target, media_root=site_data["image"].parent.parent
        )
        settings.BACKUP_ENCRYPTION_KEY = old_key  # the new backup needs the new key
        with pytest.raises(backup.BackupError, match="cannot be decrypted"):
            backup.restore_backup(new.name, database=target)

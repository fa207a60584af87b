"""Encrypted backups of the database and media, kept in generations and checked.

``make_backup()`` writes ``BACKUP_DIR/<UTC time>/`` with the encrypted database dump,
the encrypted media tar and ``manifest.json`` (times, sizes, SHA-256 of every file,
and the result of the check: each file decrypted again and its contents listed).
A backup is written under a ``.partial-`` name and only renamed once its check
passed, so every listed generation has been read back at least once. The oldest
generations beyond ``BACKUP_KEEP`` are deleted.

``restore_backup(name)`` puts a generation back: the database (everything replaced)
and the media folder. See README.md "Backups and restore".
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
import json
from pathlib import Path
import shutil
from typing import Any

from django.conf import settings

from . import media
from .database import Database
from .streams import BackupError, Digest, file_digest


__all__ = [
    "Backup",
    "BackupError",
    "Database",
    "latest_backup",
    "list_backups",
    "make_backup",
    "restore_backup",
]

MANIFEST = "manifest.json"
PARTIAL_PREFIX = ".partial-"
FAILED_SUFFIX = "-failed"
NAME_FORMAT = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Backup:
    name: str
    path: Path
    manifest: dict[str, Any]

    @property
    def finished_at(self) -> datetime:
        return datetime.fromisoformat(self.manifest["finished_at"])


def backup_dir() -> Path:
    return Path(settings.BACKUP_DIR)


def _entry(path: Path, plain: Digest, **facts: Any) -> dict[str, Any]:
    encrypted = file_digest(path)
    return {
        "file": path.name,
        "size": encrypted.size,
        "sha256": encrypted.sha256,
        "plain_size": plain.size,
        "plain_sha256": plain.sha256,
        **facts,
    }


def _check(
    folder: Path, manifest: dict[str, Any], database: Database
) -> dict[str, Any]:
    """Decrypt every file again, compare it with what was written, list its contents."""
    entries = {"database": manifest["database"], "media": manifest["media"]}
    for entry in entries.values():
        if file_digest(folder / entry["file"]).sha256 != entry["sha256"]:
            raise BackupError(f"{entry['file']} changed on disk after it was written.")
    db_digest, media_digest = Digest(), Digest()
    tables = database.check(folder / entries["database"]["file"], db_digest)
    files = media.check(folder / entries["media"]["file"], media_digest)
    for entry, digest in (
        (entries["database"], db_digest),
        (entries["media"], media_digest),
    ):
        if digest.sha256 != entry["plain_sha256"]:
            raise BackupError(f"{entry['file']} does not decrypt to what was written.")
    if tables == 0:
        raise BackupError("The database dump holds no tables.")
    if files != manifest["media"]["files"]:
        raise BackupError(
            f"The media archive holds {files} files, {manifest['media']['files']} expected."
        )
    return {
        "ok": True,
        "checked_at": datetime.now(UTC).isoformat(),
        "database_tables": tables,
        "media_files": files,
    }


def make_backup(database: Database | None = None) -> Backup:
    """Write, check and keep one encrypted backup; prune old generations."""
    database = database or Database.from_settings()
    media_root = Path(settings.MEDIA_ROOT)
    started = datetime.now(UTC)
    root = backup_dir()
    root.mkdir(parents=True, exist_ok=True)
    # A mount point owned by root cannot be changed by the service user; each backup
    # folder below is private (0700) either way.
    with contextlib.suppress(PermissionError):
        root.chmod(0o700)
    name, partial = _new_folder(root, started.strftime(NAME_FORMAT))
    try:
        db_file = partial / database.file_name
        db_plain = database.dump(db_file)
        media_file = partial / media.FILE_NAME
        media_plain, media_count = media.dump(media_root, media_file)
        manifest: dict[str, Any] = {
            "name": name,
            "started_at": started.isoformat(),
            "finished_at": datetime.now(UTC).isoformat(),
            "encryption": "age X25519 (BACKUP_ENCRYPTION_KEY)",
            "database": _entry(db_file, db_plain, engine=database.engine),
            "media": _entry(media_file, media_plain, files=media_count),
        }
        manifest["check"] = _check(partial, manifest, database)
    except BaseException as error:
        failed = root / f"{name}{FAILED_SUFFIX}"
        partial.rename(failed)
        (failed / "error.txt").write_text(f"{type(error).__name__}: {error}\n")
        raise
    _write_manifest(partial, manifest)
    final = root / name
    partial.rename(final)
    prune()
    return Backup(name=name, path=final, manifest=manifest)


def _new_folder(root: Path, stem: str) -> tuple[str, Path]:
    """A name no other backup has (two in the same second get ``-2``, ``-3`` …)."""
    for number in range(1, 1000):
        name = stem if number == 1 else f"{stem}-{number}"
        taken = [root / name, root / f"{name}{FAILED_SUFFIX}"]
        if any(path.exists() for path in taken):
            continue
        partial = root / f"{PARTIAL_PREFIX}{name}"
        try:
            partial.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another backup is being written under this name
        return name, partial
    raise BackupError(f"Too many backups named {stem} in {root}.")


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    temporary = folder / f"{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    temporary.rename(folder / MANIFEST)


def list_backups() -> list[Backup]:
    """Checked backups, newest first."""
    root = backup_dir()
    if not root.is_dir():
        return []
    backups = []
    for folder in root.iterdir():
        manifest_path = folder / MANIFEST
        if folder.name.startswith(PARTIAL_PREFIX) or not manifest_path.is_file():
            continue
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("check", {}).get("ok"):
            backups.append(Backup(name=folder.name, path=folder, manifest=manifest))
    return sorted(backups, key=lambda backup: backup.name, reverse=True)


def latest_backup() -> Backup | None:
    backups = list_backups()
    return backups[0] if backups else None


def prune() -> list[str]:
    """Delete checked backups beyond ``BACKUP_KEEP`` and failed ones older than those."""
    keep = max(1, settings.BACKUP_KEEP)
    backups = list_backups()
    removed = [backup.name for backup in backups[keep:]]
    for backup in backups[keep:]:
        shutil.rmtree(backup.path)
    oldest_kept = backups[:keep][-1].name if backups else ""
    for folder in backup_dir().iterdir():
        stem = folder.name.removeprefix(PARTIAL_PREFIX).removesuffix(FAILED_SUFFIX)
        if folder.name != stem and stem < oldest_kept:
            shutil.rmtree(folder)
            removed.append(folder.name)
    return removed


def restore_backup(
    name: str, database: Database | None = None, media_root: Path | None = None
) -> Backup:
    """Replace the database and the media folder with backup ``name``.

    ``database`` and ``media_root`` default to the site's own; a restore drill
    passes an empty scratch database and folder instead.
    """
    database = database or Database.from_settings()
    backup = next((b for b in list_backups() if b.name == name), None)
    if backup is None:
        known = ", ".join(b.name for b in list_backups()) or "none"
        raise BackupError(f"No checked backup named {name!r} (available: {known}).")
    entry = backup.manifest["database"]
    if entry["engine"] != database.engine:
        raise BackupError(
            f"Backup {name} holds a {entry['engine']} database; "
            f"this site uses {database.engine}."
        )
    for part in (entry, backup.manifest["media"]):
        if file_digest(backup.path / part["file"]).sha256 != part["sha256"]:
            raise BackupError(f"{part['file']} of {name} does not match its manifest.")
    # Read everything back once more before deleting anything: a wrong key or a
    # damaged file must stop the restore while the current data is still there.
    _check(backup.path, backup.manifest, database)
    database.restore(backup.path / entry["file"])
    media.restore(
        backup.path / media.FILE_NAME, media_root or Path(settings.MEDIA_ROOT)
    )
    return backup

"""Uploaded files (images, documents) as an encrypted tar stream."""

from __future__ import annotations

from pathlib import Path
import shutil
import tarfile
from typing import BinaryIO

from .streams import Digest, decrypted_stream, encrypt_to_file, produced_stream


FILE_NAME = "media.tar.age"


def dump(media_root: Path, target: Path) -> tuple[Digest, int]:
    """Tar ``media_root`` (paths relative to it) and encrypt it into ``target``.

    Returns the plaintext digest and the number of files archived (counted as they
    are written, so an upload during the backup cannot make the check disagree).
    """
    archived = 0

    def count(member: tarfile.TarInfo) -> tarfile.TarInfo:
        nonlocal archived
        archived += member.isfile()
        return member

    def write_tar(pipe: BinaryIO) -> None:
        with tarfile.open(fileobj=pipe, mode="w|") as archive:
            if media_root.is_dir():
                for child in sorted(media_root.iterdir()):
                    archive.add(child, arcname=child.name, filter=count)

    with produced_stream(write_tar) as stream:
        digest = encrypt_to_file(stream, target)
    return digest, archived


def check(source: Path, digest: Digest) -> int:
    """Decrypt and read the whole tar; the number of files in it."""
    files = 0
    with (
        decrypted_stream(source, digest) as stream,
        tarfile.open(fileobj=stream, mode="r|") as archive,
    ):
        for member in archive:
            files += member.isfile()
    return files


def restore(source: Path, media_root: Path) -> None:
    """Make ``media_root`` hold exactly the files in the backup.

    ``media_root`` may be a mount point (an encrypted volume), so its contents are
    replaced rather than the folder itself.
    """
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    with (
        decrypted_stream(source) as stream,
        tarfile.open(fileobj=stream, mode="r|") as archive,
    ):
        # "data" refuses absolute paths, links out of the folder and devices.
        archive.extractall(media_root, filter="data")

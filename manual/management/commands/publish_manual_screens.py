"""Copy the screenshots the browser test just took into ``manual/screens/``.

``make manual-screens`` runs it after the test, so the committed pictures (what a
deployed product shows) follow the screens. Each picture is reduced to 256 colours:
admin screens are flat colours and text, and stay sharp at a fraction of the size.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from PIL import Image

from manual.chapters import CHAPTERS
from manual.views import COMMITTED_SCREENS, screens_dir


def publish(source: Path, target: Path) -> list[Path]:
    """Write an optimised copy of every chapter's screenshot; the paths written."""
    names = [name for chapter in CHAPTERS for name, _path, _caption in chapter.shots]
    missing = [name for name in names if not (source / f"{name}.png").exists()]
    if missing:
        raise CommandError(
            f"{source} lacks {', '.join(missing)}: run the browser test first "
            "(make manual-screens)"
        )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        with Image.open(source / f"{name}.png") as picture:
            small = picture.convert("RGB").quantize(colors=256)
        path = target / f"{name}.png"
        small.save(path, optimize=True)
        written.append(path)
    for stale in set(target.glob("*.png")) - set(written):
        stale.unlink()  # a shot no chapter takes any more
    return written


class Command(BaseCommand):
    help = (
        "Copy the manual's fresh screenshots (MANUAL_SCREENS_DIR) into manual/screens/."
    )

    def handle(self, *args, **options):
        written = publish(screens_dir(), COMMITTED_SCREENS)
        total = sum(path.stat().st_size for path in written)
        self.stdout.write(
            f"{len(written)} screenshots in {COMMITTED_SCREENS}, {total // 1024} KiB"
        )

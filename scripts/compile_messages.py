"""Compile locale/ja/LC_MESSAGES/*.po into .mo without GNU gettext.

The .po files are the source (reviewed in git); the .mo files are committed too, so a
fresh machine needs no gettext tools. ``tests/cms/test_translations.py`` fails when a
.mo is older than its .po.

    .venv/bin/python scripts/compile_messages.py
"""

from pathlib import Path
import sys

import polib


LOCALE = Path(__file__).resolve().parent.parent / "locale"

if __name__ == "__main__":
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        sys.stdout.write(f"{po_path.relative_to(LOCALE.parent)}\n")

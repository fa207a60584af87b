"""Import and export of the open 5374 garbage-calendar CSV format (5374.jp).

``preview``/``apply_import`` read area_days, center, description, target and remarks CSVs
(or a zip of them, with img/*.svg icons) into categories, 収集地区 rules, closures and
items; ``export_zip`` writes them back. Staff use both from the admin (ごみ分別 ›
5374形式), where ``jobs`` runs them as Celery tasks with a progress page; IT uses the
``import_5374``/``export_5374`` commands. ``reading`` checks the files (``notation``:
the area_days cell notation, ``problems``: grouped Japanese messages).
"""

from .importing import Preview, apply_import, preview
from .problems import Import5374Error
from .reading import read_upload
from .writing import export_files, export_zip


__all__ = [
    "Import5374Error",
    "Preview",
    "apply_import",
    "export_files",
    "export_zip",
    "preview",
    "read_upload",
]

"""Import and export of the open 5374 garbage-calendar CSV format (5374.jp).

``preview``/``apply_import`` read area_days, center, description, target and remarks CSVs
(or a zip of them) into categories, 収集地区 rules, closures and items; ``export_zip``
writes them back. Staff use both from the admin (ごみ分別 › 5374形式), IT from the
``import_5374``/``export_5374`` commands.
"""

from .importing import Preview, apply_import, preview
from .reading import Import5374Error, read_upload
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

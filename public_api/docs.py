"""The browsable API documentation (Swagger UI), served from this site only.

The UI's files come from the ``drf-spectacular-sidecar`` package as our own static
files (no CDN), and the split view loads its start-up script from this URL instead
of an inline ``<script>``, so the site's Content-Security-Policy (``script-src
'self'``, cms/settings/base.py) holds on this page too.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    title = "Otake LINE Hub public API"

"""The Content-Security-Policy middleware, with one documented exception for the admin.

Residents' pages (website, LIFF) get the strict policy from settings: no inline
scripts. Wagtail 8's own admin still renders inline ``<script>`` blocks (InlinePanel
formsets, chooser widgets in child forms), so under ``/admin/`` inline scripts are
allowed; staff pages are behind login + 2FA and escape their content like the rest.
"""

from django.conf import settings

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware


class CityCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        # A policy governs documents a browser renders; JSON answers (the LINE
        # webhook at 500 requests/s, APIs) do not need one built for them.
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if request.path.startswith(settings.ADMIN_PATH_PREFIX):
            response._csp_update = {"script-src": [UNSAFE_INLINE]}
        return super().process_response(request, response)

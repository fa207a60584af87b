"""``/api/widget.js``: the embeddable disaster widget for the city's website.

One ``<script src="https://<hub>/api/widget.js" defer></script>`` shows the notices
in force and the open shelters, read from this API (CORS) and refreshed by polling
(the browser revalidates with the ETag, so an unchanged answer is a 304).
A fixed URL, not a hashed static file, so the city's snippet never changes.
"""

from pathlib import Path

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET


WIDGET_SOURCE = Path(__file__).parent / "static" / "public_api" / "widget.js"


@require_GET
def widget_script(request) -> HttpResponse:
    response = HttpResponse(
        WIDGET_SOURCE.read_bytes(), content_type="text/javascript; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=300)
    # Any site may load the script; what it reads is governed by CORS on the API.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response

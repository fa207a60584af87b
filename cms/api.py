"""The public read-only JSON API (Wagtail API v2) at ``/api/v2/``.

Rich text is served as HTML (``WAGTAILAPI_RICH_TEXT_FORMAT``) and Japanese text as
UTF-8, not ``\\uXXXX`` escapes (DRF's default ``UNICODE_JSON``). Requests are
limited per client address like ``/api/v1/`` (``public_api.http.PerAddressThrottle``).
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from public_api.http import PerAddressThrottle


def _throttled(viewset: type) -> type:
    return type(
        viewset.__name__, (viewset,), {"throttle_classes": [PerAddressThrottle]}
    )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", _throttled(PagesAPIViewSet))
api_router.register_endpoint("images", _throttled(ImagesAPIViewSet))
api_router.register_endpoint("documents", _throttled(DocumentsAPIViewSet))

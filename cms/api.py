"""The public read-only JSON API (Wagtail API v2) at ``/api/v2/``.

Rich text is served as HTML (``WAGTAILAPI_RICH_TEXT_FORMAT``) and Japanese text as
UTF-8, not ``\\uXXXX`` escapes (DRF's default ``UNICODE_JSON``).
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)

"""What makes the API fit for other sites: validators, 304s, cache headers, limits.

``ConditionalApiMiddleware`` gives every successful GET under ``/api/`` (our DRF
endpoints and Wagtail's ``/api/v2/``) a strong ``ETag`` over the body it sends and a
``Cache-Control``; a matching ``If-None-Match`` (or an ``If-Modified-Since`` not
older than the view's ``Last-Modified``) is answered ``304`` with no body.
"""

from __future__ import annotations

from email.utils import formatdate

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from cms.request_context import forwarded_client_ip


class ConditionalApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path.startswith(settings.PUBLIC_API_PATH_PREFIX)
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
        ):
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Cache-Control"):
            patch_cache_control(
                response, public=True, max_age=settings.PUBLIC_API_MAX_AGE
            )
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(last_modified)
            if last_modified
            else None,
            response=response,
        )


def http_date(moment) -> str:
    return formatdate(moment.timestamp(), usegmt=True)


class PerAddressThrottle(SimpleRateThrottle):
    """Requests per client address, counted in the cache (``PUBLIC_API_RATE``).

    The address is resolved the way the access log and lock-outs resolve it
    (``TRUSTED_PROXY_COUNT``), so a client cannot dodge the limit with a forged
    ``X-Forwarded-For``.
    """

    scope = "public_api"

    def get_rate(self) -> str:
        return settings.PUBLIC_API_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": forwarded_client_ip(request) or "unknown",
        }


class WagtailStylePagination(LimitOffsetPagination):
    """``?limit=&offset=`` and ``{"meta": {"total_count": n}, "items": […]}``, as /api/v2/."""

    default_limit = 20
    max_limit = 100

    def get_paginated_response(self, data) -> Response:
        return Response({"meta": {"total_count": self.count}, "items": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["meta", "items"],
            "properties": {
                "meta": {
                    "type": "object",
                    "required": ["total_count"],
                    "properties": {"total_count": {"type": "integer"}},
                },
                "items": schema,
            },
        }

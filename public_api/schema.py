"""The OpenAPI 3.1 schema (drf-spectacular) and its hand-kept part for Wagtail pages.

drf-spectacular documents the DRF endpoints under ``/api/v1/`` from the code. Wagtail's
``/api/v2/`` views build their fields per page type at request time, which no
generator can see, so ``add_wagtail_pages`` adds a short hand-maintained description
of them (``WAGTAIL_PAGES_PATHS``). ``docs/api/openapi.yaml`` is the committed copy;
``tests/public_api/test_schema.py`` fails when it differs from the generated one
(regenerate: ``manage.py spectacular --file docs/api/openapi.yaml``).
"""

from __future__ import annotations

from typing import Any


API_PREFIX = "/api/v1/"


def only_public_api(endpoints: list[tuple], **kwargs) -> list[tuple]:
    """Preprocessing hook: the DRF endpoints of this app, not every DRF view."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


_PAGE_LIST_PARAMETERS = [
    {
        "name": "type",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Page type, e.g. `home.NewsPage`, `home.DisasterNoticePage`",
    },
    {
        "name": "fields",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Comma-separated extra fields of the type (`*` for all)",
    },
    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
    {"name": "offset", "in": "query", "schema": {"type": "integer"}},
    {"name": "order", "in": "query", "schema": {"type": "string"}},
    {"name": "child_of", "in": "query", "schema": {"type": "integer"}},
]

WAGTAIL_PAGE = {
    "type": "object",
    "description": (
        "A live, public Wagtail page. `meta` holds `type`, `detail_url`, `html_url`, "
        "`slug`, `first_published_at`; the other keys depend on `type` and `fields`."
    ),
    "required": ["id", "meta", "title"],
    "properties": {
        "id": {"type": "integer"},
        "meta": {"type": "object", "additionalProperties": True},
        "title": {"type": "string"},
    },
    "additionalProperties": True,
}

WAGTAIL_PAGES_PATHS: dict[str, Any] = {
    "/api/v2/pages/": {
        "get": {
            "operationId": "wagtail_pages_list",
            "summary": "Wagtail pages (news, disaster notices, guides …) — Wagtail API v2",
            "tags": ["pages"],
            "parameters": _PAGE_LIST_PARAMETERS,
            "responses": {
                "200": {
                    "description": "",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["meta", "items"],
                                "properties": {
                                    "meta": {
                                        "type": "object",
                                        "properties": {
                                            "total_count": {"type": "integer"}
                                        },
                                    },
                                    "items": {
                                        "type": "array",
                                        "items": {
                                            "$ref": "#/components/schemas/WagtailPage"
                                        },
                                    },
                                },
                            }
                        }
                    },
                }
            },
        }
    },
    "/api/v2/pages/{id}/": {
        "get": {
            "operationId": "wagtail_pages_retrieve",
            "summary": "One Wagtail page with all its fields — Wagtail API v2",
            "tags": ["pages"],
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ],
            "responses": {
                "200": {
                    "description": "",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/WagtailPage"}
                        }
                    },
                },
                "404": {"description": "No live, public page with this id"},
            },
        }
    },
}


def add_wagtail_pages(result: dict, **kwargs) -> dict:
    """Postprocessing hook: the hand-kept description of ``/api/v2/pages/``."""
    result.setdefault("paths", {}).update(WAGTAIL_PAGES_PATHS)
    result.setdefault("components", {}).setdefault("schemas", {})["WagtailPage"] = (
        WAGTAIL_PAGE
    )
    return result

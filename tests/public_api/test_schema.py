"""The committed OpenAPI schema is the generated one, and its docs page needs no CDN."""

from pathlib import Path
import re

from django.conf import settings

import pytest
import yaml

from .conftest import generated_schema


COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"


def test_committed_schema_is_what_the_code_generates():
    committed = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert committed == generated_schema(), (
        "docs/api/openapi.yaml is out of date: run "
        "`manage.py spectacular --file docs/api/openapi.yaml` and commit it"
    )


@pytest.mark.django_db
def test_schema_is_served_as_openapi_3(client):
    response = client.get("/api/schema/", headers={"accept": "application/json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/disaster-notices/" in schema["paths"]
    assert "/api/v2/pages/" in schema["paths"]


@pytest.mark.django_db
def test_docs_page_loads_everything_from_this_site(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert all(not source.startswith(("http:", "https:", "//")) for source in sources)
    # No inline script: the site's CSP (script-src 'self') stays as it is.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()

"""The OpenAPI schema at /api/openapi.json: valid JSON, OpenAPI 3, every endpoint with its method, bearer
authentication, and the request bodies' limits (so clients can validate before calling)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_every_endpoint(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "socialguard API"
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert operations == {
        ("/api/check", "post"), ("/api/drafts", "post"), ("/api/drafts/{post_id}", "get"),
        ("/api/drafts/{post_id}/submit", "post"), ("/api/approvals", "get"), ("/api/approvals/{post_id}", "post"),
        ("/api/mentions", "post"), ("/api/mentions/rejected", "get"),
    }
    assert all(op["security"] == [{"TokenAuth": []}] for item in schema["paths"].values() for op in item.values())
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_schema_states_the_post_limit_and_forbids_unknown_fields(client):
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert components["CheckIn"]["properties"]["text"]["maxLength"] == 10_000
    assert components["CheckIn"]["additionalProperties"] is False
    assert set(components["DecisionIn"]["properties"]["decision"]["enum"]) == {"approve", "reject", "changes"}


def test_the_docs_page_loads_its_scripts_and_styles_from_this_site_only(client):
    page = client.get("/api/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/") and not source.startswith("//") for source in sources), sources

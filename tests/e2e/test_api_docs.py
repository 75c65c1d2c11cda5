"""The interactive API docs at /api/docs in a real browser: Swagger UI renders every operation of the schema
from assets this site serves (no request leaves 127.0.0.1) and the Content-Security-Policy blocks nothing
(checked by the `browser_page` fixture)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from web_support import ARTIFACTS

from socialguard.api.site import api


@pytest.mark.django_db(transaction=True)
def test_api_docs_render_every_operation_from_local_assets(live_server, browser_page):
    page = browser_page
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("socialguard API")
    paths = api.get_openapi_schema()["paths"]
    operations = sum(len(methods) for methods in paths.values())
    expect(page.locator(".opblock")).to_have_count(operations)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)
    assert hosts == {urlsplit(live_server.url).hostname}

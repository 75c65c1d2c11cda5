"""A strict Content-Security-Policy on every response, and templates that need nothing it forbids: no inline
script, no inline event handler (`onclick=`...), no inline style. The browser tests (tests/e2e) fail on any
violation the browser reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import socialguard

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
TEMPLATES = sorted(Path(socialguard.__file__).parent.glob("*/templates/**/*.html"))
DATA_BLOCK = r"(?![^>]*\btype=[\"']?application/json)"  # JSON in a <script> is data, never run: CSP allows it
INLINE_SCRIPT = re.compile(rf"<script\b{DATA_BLOCK}(?![^>]*\bsrc=)[^>]*>|<script\b{DATA_BLOCK}[^>]*>\s*[^<\s]",
                           re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|<[^>]*\sstyle\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _paths_without_arguments(resolver=None, prefix="") -> list[str]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _paths_without_arguments(entry, prefix + pattern)
        elif isinstance(entry, URLPattern) and "<" not in pattern and not pattern.startswith("^"):
            found.append("/" + prefix + pattern.lstrip("^").rstrip("$"))
    return sorted(set(found))


@pytest.mark.django_db
def test_every_page_without_arguments_carries_the_policy(acme, client_as):
    client = client_as(acme.users["admin"])
    paths = _paths_without_arguments()
    assert len(paths) > 20
    for path in paths:
        response = client.get(path)
        assert response.headers.get("Content-Security-Policy") == POLICY, (path, response.status_code)
        if response["Content-Type"].startswith("text/html"):
            assert _forbidden(response.content.decode()) is None, path


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/signin/login/", "/no-such-page/", "/api/openapi.json", "/static/socialguard/app.js"])
def test_signed_out_pages_errors_api_and_static_files_carry_the_policy(client, path):
    assert client.get(path).headers["Content-Security-Policy"] == POLICY


def test_the_templates_are_found():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: "/".join(path.parts[-3:]))
def test_no_template_has_inline_script_handlers_or_styles(template):
    assert _forbidden(template.read_text(encoding="utf-8")) is None, template


@pytest.mark.parametrize("html", ["<script>alert(1)</script>", '<script src="/a.js">alert(1)</script>',
                                  "<button onclick='x()'>", '<p style="color: red">', "<style>p {}</style>",
                                  '<a href="javascript:x()">'])
def test_the_scan_finds_each_kind(html):
    assert _forbidden(html) is not None


def test_a_json_data_block_is_not_a_script():
    assert _forbidden('<script type="application/json" id="settings">{"url": "/api/openapi.json"}</script>') is None
    assert _forbidden('<script type="text/javascript">alert(1)</script>') is not None


def _forbidden(text: str) -> str | None:
    """What the policy would block in `text` and its line, or None."""
    for name, pattern in (("inline <script>", INLINE_SCRIPT), ("inline event handler", EVENT_HANDLER),
                          ("inline style", INLINE_STYLE), ("javascript: URL", JAVASCRIPT_URL)):
        if match := pattern.search(text):
            return f"{name} at line {text.count(chr(10), 0, match.start()) + 1}: {match.group(0)[:80]}"
    return None


def test_htmx_is_told_not_to_inject_styles_or_evaluate_strings(client):
    page = client.get(reverse("signin:login")).content.decode()
    assert '"includeIndicatorStyles": false' in page
    assert '"allowEval": false' in page

"""Only http(s) addresses from outside become links: the check itself against the tricks browsers forgive,
every template of the project (none may put a variable into href/src/action without the `links` helpers),
and the page that shows remote addresses (a mention pushed through the real webhook)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from socialguard.inbox import hooks
from socialguard.inbox.models import Mention
from socialguard.web.links import http_url

SOURCE = Path(__file__).resolve().parents[2] / "src" / "socialguard"
HOSTILE = [
    "javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "javascript://example.com/%0Aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "file:///etc/passwd",
    "mailto:someone@example.com", "//evil.example/x", "/inbox/1/", "http:evil.example", "https://", "http://",
    "http://exa mple.com/", "https://[::1/x", "https://example.com/\u202egnp.exe", "x" * 2001,
]
DYNAMIC_ATTRIBUTE = re.compile(r"""\b(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*\{\{(?P<expression>[^}]*)\}\}""")


@pytest.mark.parametrize("value", HOSTILE)
def test_anything_but_an_absolute_http_url_is_not_a_link(value):
    assert http_url(value) is None


@pytest.mark.parametrize("value", ["https://mastodon.social/@acme/1", "HTTP://Example.com", "http://127.0.0.1:8000/x?a=1&b=2#c",
                                   "https://bsky.app/profile/a.bsky.social/post/3k", "https://[::1]:8080/"])
def test_http_and_https_urls_are_links_as_written(value):
    assert http_url(value) == value


def test_no_template_puts_a_variable_into_an_address_attribute_without_the_helper():
    templates = [p for p in SOURCE.rglob("*") if p.suffix in (".html", ".j2") and "templates" in p.parts or p.name.endswith(".html.j2")]
    assert len(templates) > 20
    unsafe = [f"{path.relative_to(SOURCE)}: {match.group(0)}" for path in templates
              for match in DYNAMIC_ATTRIBUTE.finditer(path.read_text("utf-8")) if "http_url" not in match.group("expression")]
    assert unsafe == []


@pytest.mark.django_db
def test_a_mentions_page_links_only_its_http_address(acme, client, client_as):
    _, secret = hooks.make_token(acme.org, "monitor", acme.users["admin"])
    items = [{"id": f"h{i}", "text": f"Acme mention {i}", "url": url} for i, url in enumerate(HOSTILE[:10])]
    items.append({"id": "ok", "text": "Acme mention ok", "url": "https://social.example/@a/1"})
    response = client.post(reverse("inbox:webhook", args=["acme"]), {"mentions": items}, content_type="application/json",
                           headers={"Authorization": f"Bearer {secret}"})
    assert response.json()["stored"] == 11
    reader = client_as(acme.users["customer_service"])
    for mention in Mention.objects.filter(org=acme.org):
        page = reader.get(reverse("inbox:detail", args=[mention.pk])).content.decode()
        links = re.findall(r'<a [^>]*href="([^"]*)"[^>]*target="_blank"', page)
        if mention.external_id == "ok":
            assert links == ["https://social.example/@a/1"]
        else:
            assert links == [], mention.url
            assert 'class="not-a-link"' in page
        assert not re.search(r'href="\s*(javascript|data|vbscript|file)', page, re.I)

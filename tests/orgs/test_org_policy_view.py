"""The policy file page: saving a new version, and an error shown where it is: the line it names, numbered,
with the lines around it, and the caret put on that line in a real browser."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from web_support import ARTIFACTS, TEST_POLICY, sign_in_browser


def _broken() -> tuple[str, int]:
    """The test policy with a wrong value on a known line."""
    lines = TEST_POLICY.splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("organisation:")) + 1
    lines[line - 1] = "  name: [not, a, name]"
    return "\n".join(lines) + "\n", line


@pytest.mark.django_db
def test_a_valid_policy_is_saved_as_the_next_version(acme, client_as):
    client = client_as(acme.users["admin"])
    response = client.post(reverse("orgs:policy"), {"yaml": TEST_POLICY.replace("test-1", "test-2")})
    assert response.status_code == 302 and acme.org.policy_versions.count() == 2


@pytest.mark.django_db
def test_an_error_shows_its_line_numbered_among_the_lines_around_it(acme, client_as):
    text, line = _broken()
    response = client_as(acme.users["admin"]).post(reverse("orgs:policy"), {"yaml": text})
    page = response.content.decode()
    assert response.status_code == 400 and acme.org.policy_versions.count() == 1
    assert f"acme policy:{line}: organisation.name" in page
    excerpt = page.split('<ol class="excerpt"')[1].split("</ol>")[0]
    numbers = [int(n) for n in re.findall(r'<li value="(\d+)"', excerpt)]
    assert numbers == list(range(max(1, line - 3), line + 4))
    assert f'<li value="{line}" class="here" aria-current="true"><code>  name: [not, a, name]</code>' in excerpt
    assert f'data-error-line="{line}"' in page


@pytest.mark.django_db
def test_markup_in_the_text_is_shown_as_text(acme, client_as):
    client = client_as(acme.users["admin"])
    page = client.post(reverse("orgs:policy"), {"yaml": "- <script>alert(1)</script>"}).content.decode()
    assert "acme policy:1: a policy must be a mapping" in page
    assert "<script>alert(1)</script>" not in page
    assert '<li value="1" class="here" aria-current="true"><code>- &lt;script&gt;alert(1)&lt;/script&gt;' in page


@pytest.mark.django_db(transaction=True)
def test_the_caret_lands_on_the_line_of_the_error(live_server, browser_page, acme):
    text, line = _broken()
    page = browser_page
    sign_in_browser(page, live_server.url, acme.users["admin"])
    page.goto(f"{live_server.url}{reverse('orgs:policy')}")
    page.fill("#policy-yaml", text)
    page.click("button:has-text('Save as a new version')")
    expect(page.locator("#policy-error")).to_be_visible()
    before = page.evaluate("(() => { const a = document.getElementById('policy-yaml');"
                           " return a.value.slice(0, a.selectionStart); })()")
    assert before.count("\n") + 1 == line
    expect(page.locator("#policy-caret")).to_have_text(f"Line {line}")
    page.screenshot(path=str(ARTIFACTS / "policy-error-line.png"))

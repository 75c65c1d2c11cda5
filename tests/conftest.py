"""Test set-up for the web app (tests/web, orgs, workflow, audit, e2e): Django settings and shared fixtures.

Django is configured here, before pytest-django starts, with a throw-away data folder. The database is
SQLite by default; `SOCIALGUARD_TEST_DB=postgres` runs the same tests against PostgreSQL at
`SOCIALGUARD_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/socialguard`; Django creates
and drops `test_socialguard` there).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/socialguard"

os.environ["DJANGO_SETTINGS_MODULE"] = "socialguard.web.settings"
os.environ.setdefault("SOCIALGUARD_DATA", tempfile.mkdtemp(prefix="socialguard-test-"))
os.environ["SOCIALGUARD_EMAIL"] = "console"
if os.environ.get("SOCIALGUARD_TEST_DB", "sqlite") == "postgres":
    os.environ["DATABASE_URL"] = os.environ.get("SOCIALGUARD_TEST_POSTGRES_URL", POSTGRES_URL)
else:
    os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402  (after the environment above)

django.setup()

from django.conf import settings  # noqa: E402

settings.DATABASES["default"]["CONN_MAX_AGE"] = 0  # the live server's thread must not keep the test DB open

from peers.fixtures import atproto, mastodon_mock, mastodon_mock_server  # noqa: E402, F401  (the real peers)
from postgres_support import end_other_sessions  # noqa: E402
from web_support import ARTIFACTS, CHROMIUM, OrgFixture, make_org, sign_in  # noqa: E402


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases; on PostgreSQL every other session on them is ended before they are
    dropped, so the drop succeeds even when a worker or a server thread still holds a connection."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    end_other_sessions(cursor)


@pytest.fixture
def acme(db) -> OrgFixture:
    return make_org("acme")


@pytest.fixture
def globex(db) -> OrgFixture:
    return make_org("globex")


@pytest.fixture
def client_as(client):
    """`client_as(user)` signs the test client in as `user` and returns it."""

    def _as(user):
        client.logout()
        sign_in(client, user)
        return client

    return _as


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Sign-in throttling counts live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language_and_time_zone():
    """A page answered in a member's language or time zone leaves it active in the thread (as Django's own
    LocaleMiddleware does); each test starts from the defaults."""
    from django.conf import settings
    from django.utils import timezone, translation

    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()


@pytest.fixture
def redis_server() -> None:
    """Redis at 127.0.0.1:6379, which `make test` expects: a test that needs it fails without it, never skips."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError as exc:
        pytest.fail(f"this test needs Redis at 127.0.0.1:6379 (see the README): {exc}")


@pytest.fixture
def poppler() -> None:
    """pdftotext and pdftoppm (Debian's poppler-utils, which `make test` installs) to read PDFs back."""
    missing = [tool for tool in ("pdftotext", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"this test needs {' and '.join(missing)} (Debian package poppler-utils; `make test` installs it)")


@pytest.fixture
def browser_page():
    """A page of Debian's chromium driven by Playwright (headless); screenshots go to `ARTIFACTS`."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    # Playwright's sync API keeps an event loop on this thread; the tests' ORM calls are plain synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(30_000)  # a first page load on a shared, busy 2-core machine can take 15 s
        violations: list[str] = []  # the Content-Security-Policy must never block anything the app does
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text or message.text.startswith("csp:") else None)
        page.add_init_script("document.addEventListener('securitypolicyviolation', (e) => "
                             "console.error('csp: ' + e.violatedDirective + ' ' + e.blockedURI));")
        yield page
        browser.close()
        assert violations == []

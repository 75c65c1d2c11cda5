"""Source health: every poll of the periodic tick records how a source went (last success, last error,
failing since, backlog), and the inbox shows a source that has failed for longer than the polling interval.
The source is a real RSS feed served on 127.0.0.1 that starts failing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from inbox_servers import FIXTURES, LocalServer, Reply
from inbox_web_support import INBOX_POLICY
from web_support import make_org

from socialguard.inbox.connectors._http import Fetcher
from socialguard.inbox.models import SourceHealth
from socialguard.inbox.tick import tick_org


class Feed:
    def __init__(self) -> None:
        self.down = False

    def __call__(self, path: str, query: dict, headers: dict) -> Reply:
        if self.down:
            return Reply(503, b"<h1>Service Unavailable <script>alert(1)</script></h1>")
        return Reply(200, (FIXTURES / "feed.rss").read_bytes(), {"Content-Type": "application/rss+xml"})


@pytest.fixture
def feed(db):
    site = Feed()
    server = LocalServer(site)
    org = make_org("feeds", INBOX_POLICY + f"listening:\n  sources:\n    interval_minutes: 5\n"
                                           f"    rss: [\"{server.url}/alerts.rss\"]\n").org
    yield org, site, server
    server.close()


def _health(org) -> SourceHealth:
    return SourceHealth.objects.get(org=org)


def test_a_success_then_failures_are_recorded_and_a_recovery_clears_them(feed, monkeypatch):
    org, site, server = feed
    monkeypatch.setattr("socialguard.inbox.sources.Fetcher", lambda: Fetcher(sleep=lambda seconds: None))
    t0 = timezone.now() - dt.timedelta(minutes=30)
    tick_org(org, clock=lambda: t0)
    health = _health(org)
    assert (health.source, health.last_success_at, health.failing_since, health.last_error) == (
        f"rss:{server.url}/alerts.rss", t0, None, "")
    site.down = True
    tick_org(org, clock=lambda: t0 + dt.timedelta(minutes=5))
    tick_org(org, clock=lambda: t0 + dt.timedelta(minutes=10))
    health = _health(org)
    assert health.failing_since == t0 + dt.timedelta(minutes=5)
    assert health.last_error_at == t0 + dt.timedelta(minutes=10) and health.last_success_at == t0
    assert "server error (HTTP 503)" in health.last_error
    site.down = False
    tick_org(org, clock=lambda: t0 + dt.timedelta(minutes=15))
    health = _health(org)
    assert health.failing_since is None and health.last_success_at == t0 + dt.timedelta(minutes=15)
    assert "HTTP 503" in health.last_error  # the last error stays for the record


def test_the_inbox_shows_a_source_failing_for_longer_than_its_interval(feed, client_as):
    org, _, _ = feed
    now = timezone.now()
    SourceHealth.objects.create(org=org, source="rss:https://news.example/down.rss",
                                failing_since=now - dt.timedelta(minutes=12),
                                last_error="news.example/down.rss: HTTP 404 <b>gone</b>",
                                last_success_at=now - dt.timedelta(hours=2))
    SourceHealth.objects.create(org=org, source="bluesky:acme", failing_since=now - dt.timedelta(minutes=2),
                                last_error="a blip")
    SourceHealth.objects.create(org=org, source="mastodon:mastodon.example#acme", last_success_at=now, backlog=True)
    user = org.memberships.get(role="customer_service").user
    response = client_as(user).get(reverse("inbox:list"))
    assert response.status_code == 200
    assert [h.source for h in response.context["failing_sources"]] == ["rss:https://news.example/down.rss"]
    page = response.content.decode()
    assert "Sources not answering" in page and "rss:https://news.example/down.rss" in page
    assert "HTTP 404 &lt;b&gt;gone&lt;/b&gt;" in page and "<b>gone</b>" not in page
    assert "bluesky:acme" not in page and "a blip" not in page


def test_no_banner_when_every_source_works(feed, client_as):
    org, _, _ = feed
    tick_org(org)
    user = org.memberships.get(role="customer_service").user
    page = client_as(user).get(reverse("inbox:list")).content.decode()
    assert "Sources not answering" not in page

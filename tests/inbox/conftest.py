"""Fixtures of the inbox tests: local servers for each source, and a fetcher that does not sleep."""

from __future__ import annotations

import pytest

from inbox_servers import BlueskyProduction, LocalServer, MastodonInstance
from socialguard.inbox.connectors._http import Fetcher


# --- fixtures -------------------------------------------------------------------------------------

@pytest.fixture
def mastodon():
    instance = MastodonInstance()
    server = LocalServer(instance)
    instance.base = server.url
    yield instance, server
    server.close()


@pytest.fixture
def bluesky():
    appview = BlueskyProduction()
    server = LocalServer(appview)
    yield appview, server
    server.close()


@pytest.fixture
def fetcher():
    """A fetcher that records its pauses instead of sleeping, with a short timeout for the timeout tests."""
    pauses: list[float] = []
    made = Fetcher(timeout=0.3, attempts=3, backoff=1.0, sleep=pauses.append, now=lambda: 1_800_000_000.0)
    yield made
    made.close()


"""Fixtures of the real peers: the AT Protocol reference servers and mastodon-mock, each started once per test
session (worker) on 127.0.0.1 when a test first asks for it. tests/conftest.py makes them every test's."""

from __future__ import annotations

import httpx
import pytest
from mastodon_mock.testing.server import MockServer

from .atproto_network import AtprotoNetwork


@pytest.fixture(scope="session")
def atproto():
    """PLC, PDS and AppView from `@atproto/dev-env`, once per test session (worker)."""
    network = AtprotoNetwork()
    yield network
    network.stop()


@pytest.fixture(scope="session")
def mastodon_mock_server():
    server = MockServer(host="127.0.0.1").start()
    yield server
    server.stop()


@pytest.fixture
def mastodon_mock(mastodon_mock_server) -> str:
    """mastodon-mock reset to its seeded accounts (tokens `alice_token`, `bob_token`, `carol_token`)."""
    httpx.post(f"{mastodon_mock_server.base_url}/api/v1/_mock/reset").raise_for_status()
    return mastodon_mock_server.base_url

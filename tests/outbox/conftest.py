"""Fixtures of the outbox tests: a key file of each test's own, and an organisation whose policy names the
brand accounts the tests connect (the peers are in tests/conftest.py)."""

from __future__ import annotations

import itertools

import pytest
from outbox_support import POLICY
from web_support import make_org

_orgs = itertools.count()


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path, monkeypatch):
    """Credentials of this test are encrypted with keys in its own data folder, not the environment's."""
    monkeypatch.delenv("SOCIALGUARD_CREDENTIAL_KEYS", raising=False)
    settings.CREDENTIAL_KEYS_FILE = tmp_path / "credential-keys"
    return settings.CREDENTIAL_KEYS_FILE


@pytest.fixture
def org(db):
    return make_org(f"outco{next(_orgs)}", POLICY)

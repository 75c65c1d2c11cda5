"""Fixtures of the connections tests: a key file of each test's own (the peers are in tests/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path, monkeypatch):
    """Credentials of this test are encrypted with keys in its own data folder, not the environment's."""
    monkeypatch.delenv("SOCIALGUARD_CREDENTIAL_KEYS", raising=False)
    settings.CREDENTIAL_KEYS_FILE = tmp_path / "credential-keys"
    return settings.CREDENTIAL_KEYS_FILE

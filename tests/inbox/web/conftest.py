"""Fixtures of the inbox's Django tests: organisations on the inbox test policy (one member per role)."""

from __future__ import annotations

import pytest
from inbox_web_support import inbox_org


@pytest.fixture
def acme(db):
    return inbox_org("acme")


@pytest.fixture
def globex(db):
    return inbox_org("globex")

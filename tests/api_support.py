"""Helpers of the API tests: a personal API token for a member, and JSON calls with it."""

from __future__ import annotations

import json
from typing import Any

ALL_SCOPES = ("check", "drafts", "approvals", "mentions")


def token_for(fixture, role: str, scopes=ALL_SCOPES) -> str:
    """A token of the member with `role`; one whose role needs two factors gets a confirmed device first, as a
    real one must have to use tokens."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from socialguard.api.tokens import make_token
    from socialguard.orgs.roles import TWO_FACTOR_ROLES

    membership = fixture.membership(role)
    if role in TWO_FACTOR_ROLES and not TOTPDevice.objects.filter(user=membership.user, confirmed=True).exists():
        TOTPDevice.objects.create(user=membership.user, name="test", confirmed=True)
    return make_token(membership, f"{role} script", scopes)[1]


def call(client, method: str, path: str, token: str | None, body: Any = None, **headers: str):
    """`client.<method>(path)` with a bearer token and a JSON body; returns the response."""
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = json.dumps(body) if body is not None and not isinstance(body, (bytes, str)) else body
    return getattr(client, method)(path, data=data, content_type="application/json", **headers)

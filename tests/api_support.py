"""Helpers of the API tests: a personal API token for a member, and JSON calls with it."""

from __future__ import annotations

import json
from typing import Any

ALL_SCOPES = ("check", "drafts", "approvals", "mentions")


def token_for(fixture, role: str, scopes=ALL_SCOPES) -> str:
    from socialguard.api.tokens import make_token

    return make_token(fixture.membership(role), f"{role} script", scopes)[1]


def call(client, method: str, path: str, token: str | None, body: Any = None, **headers: str):
    """`client.<method>(path)` with a bearer token and a JSON body; returns the response."""
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = json.dumps(body) if body is not None and not isinstance(body, (bytes, str)) else body
    return getattr(client, method)(path, data=data, content_type="application/json", **headers)

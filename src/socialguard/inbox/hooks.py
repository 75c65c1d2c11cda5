"""Webhook tokens: making one (shown once, stored as its SHA-256), revoking it, and checking a request's credentials.

A caller authenticates in one of two ways:
- `Authorization: Bearer <token>`;
- `X-Socialguard-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body. The HMAC key is the SHA-256 hex
  digest of the token (what the database keeps, since the token itself is never stored), so the caller
  computes `hmac(sha256(token).hexdigest(), body)`. The signature also proves the body was not changed.
Both compare in constant time. A replayed call stores nothing new (mentions are deduplicated by key).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from enum import Enum

from django.db import transaction
from django.utils import timezone

from socialguard.audit.chain import actor_label, record
from socialguard.orgs.models import Organisation

from .models import WebhookToken

PREFIX = "sgw_"
SIGNATURE_HEADER = "X-Socialguard-Signature"


class Credentials(Enum):
    MISSING = "missing"
    WRONG = "wrong"


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def signature(token_digest: str, body: bytes) -> str:
    """The signature header value for `body` under the token whose digest is `token_digest`."""
    return "sha256=" + hmac.new(token_digest.encode("ascii"), body, hashlib.sha256).hexdigest()


def make_token(org: Organisation, name: str, user=None) -> tuple[WebhookToken, str]:
    """A new token for `org`: the row and the token itself (shown to the person once, never stored)."""
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = WebhookToken.objects.create(org=org, name=name.strip()[:100] or "webhook", digest=digest_of(token),
                                          hint=token[:10], created_by=user)
        record(org, "inbox_token_create", actor=actor_label(user), obj=row, data={"name": row.name, "hint": row.hint})
    return row, token


def revoke(row: WebhookToken, user) -> None:
    with transaction.atomic():
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            record(row.org, "inbox_token_revoke", actor=actor_label(user), obj=row, data={"name": row.name})


def authenticate(org: Organisation, headers, body: bytes) -> WebhookToken | Credentials:
    """The active token of `org` the request proves it holds, else why not (missing or wrong credentials)."""
    active = WebhookToken.objects.filter(org=org, revoked_at=None)
    bearer = _bearer(headers.get("Authorization", ""))
    signed = headers.get(SIGNATURE_HEADER, "").strip()
    if bearer is None and not signed:
        return Credentials.MISSING
    if bearer is not None:
        wanted = digest_of(bearer)
        found = next((t for t in active if hmac.compare_digest(t.digest, wanted)), None)
    else:
        found = next((t for t in active if hmac.compare_digest(signature(t.digest, body), signed.lower())), None)
    if found is None:
        return Credentials.WRONG
    WebhookToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found


def _bearer(value: str) -> str | None:
    scheme, _, token = value.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None

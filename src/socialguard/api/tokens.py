"""Making, finding and revoking personal API tokens.

A token is `sga_` plus 43 random URL-safe characters (256 bits); the database keeps only its SHA-256 digest,
so a stolen database does not give working tokens. `find` looks a presented token up by digest (a unique
index, so the comparison is the database's exact match on a hash, never on the secret itself).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialguard.audit.chain import actor_label, record
from socialguard.orgs.models import Membership

from .models import ApiToken

PREFIX = "sga_"
CHECK, DRAFTS, APPROVALS, MENTIONS = "check", "drafts", "approvals", "mentions"
SCOPES = {
    CHECK: _("check posts"),
    DRAFTS: _("create, read and submit my drafts"),
    APPROVALS: _("list and decide approvals"),
    MENTIONS: _("send mentions to the inbox"),
}
TOUCH_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most this often per token


class BadScopes(ValueError):
    """Scopes that are empty or unknown."""


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def make_token(membership: Membership, name: str, scopes: Iterable[str]) -> tuple[ApiToken, str]:
    """A new token for `membership`: the row and the token itself (to show once; it is never stored)."""
    chosen = sorted(set(scopes))
    if not chosen or not set(chosen) <= SCOPES.keys():
        raise BadScopes(", ".join(chosen))
    token = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(membership=membership, name=name.strip()[:100] or "API", digest=digest_of(token),
                                      hint=token[:10], scopes=chosen)
        record(membership.org, "api_token_create", actor=actor_label(membership.user), obj=row,
               data={"name": row.name, "hint": row.hint, "scopes": chosen})
    return row, token


def find(token: str) -> ApiToken | None:
    """The active token row for `token`, with its membership, user and organisation, or None."""
    if not token.startswith(PREFIX):
        return None
    row = (ApiToken.objects.select_related("membership__user", "membership__org")
           .filter(digest=digest_of(token), revoked_at__isnull=True).first())
    if row is None or not row.membership.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row


def revoke(row: ApiToken, user) -> None:
    with transaction.atomic():
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            record(row.membership.org, "api_token_revoke", actor=actor_label(user), obj=row,
                   data={"name": row.name, "hint": row.hint})

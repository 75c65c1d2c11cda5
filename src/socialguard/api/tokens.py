"""Making, finding and revoking personal API tokens.

A token is `sga_` plus 43 random URL-safe characters (256 bits); the database keeps only its SHA-256 digest,
so a stolen database does not give working tokens. `find` looks a presented token up by digest (a unique
index, so the comparison is the database's exact match on a hash, never on the secret itself).

Each process remembers a token it found for `CACHE_SECONDS` (one second), so a client's stream of calls costs
one lookup per second instead of one per call; every call gets its own copies of the rows. Saving or deleting a
token, membership, user, organisation, policy version or TOTP device empties this memory in the process that saved it;
other processes notice within `CACHE_SECONDS` (so a revoked token may be accepted for up to a second more).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import secrets
import time
from typing import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialguard.audit.chain import actor_label, record
from socialguard.orgs.models import Membership, Organisation, PolicyVersion
from socialguard.signin.twofactor import confirmed_device, requires_two_factor

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
CACHE_SECONDS = 1.0
CACHE_MAX_TOKENS = 1000
_recent: dict[str, tuple[float, ApiToken]] = {}  # digest -> (when found, row with membership, user, org)


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
    """The active token row for `token`, with its membership, user and organisation, the id of the
    organisation's current policy version (`current_policy_version_id`) and whether its owner owes a second
    factor they have not set up (`second_factor_missing`), or None."""
    if not token.startswith(PREFIX):
        return None
    digest = digest_of(token)
    found = _recent.get(digest)
    if found is None or time.monotonic() - found[0] >= CACHE_SECONDS:
        row = _lookup(digest)
        if row is None:
            _recent.pop(digest, None)
            return None
        if len(_recent) >= CACHE_MAX_TOKENS:
            _recent.clear()
        found = _recent[digest] = (time.monotonic(), row)
    return _copy_of(found[1])


def _lookup(digest: str) -> ApiToken | None:
    """One query: the token, membership, user, organisation and the organisation's current policy version id;
    then whether the owner must use two factors (as on the web) and has no confirmed device."""
    current_version = (PolicyVersion.objects.filter(org=OuterRef("membership__org")).order_by("-number")
                       .values("pk")[:1])
    row = (ApiToken.objects.select_related("membership__user", "membership__org")
           .annotate(current_policy_version_id=Subquery(current_version))
           .filter(digest=digest, revoked_at__isnull=True).first())
    if row is None or not row.membership.user.is_active:
        return None
    user = row.membership.user
    row.second_factor_missing = confirmed_device(user) is None and requires_two_factor(user)
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row


def _copy_of(row: ApiToken) -> ApiToken:
    """Copies of the remembered rows, so that no call changes what another one sees."""
    token, membership = copy.copy(row), copy.copy(row.membership)
    membership.user, membership.org = copy.copy(row.membership.user), copy.copy(row.membership.org)
    token.membership = membership
    return token


def _forget_tokens(sender, **kwargs) -> None:
    _recent.clear()


for _model in (ApiToken, Membership, Organisation, PolicyVersion, TOTPDevice, settings.AUTH_USER_MODEL):
    post_save.connect(_forget_tokens, sender=_model, dispatch_uid=f"api-tokens-forget-save-{_model}")
    post_delete.connect(_forget_tokens, sender=_model, dispatch_uid=f"api-tokens-forget-delete-{_model}")


def revoke(row: ApiToken, user) -> None:
    with transaction.atomic():
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            record(row.membership.org, "api_token_revoke", actor=actor_label(user), obj=row,
                   data={"name": row.name, "hint": row.hint})

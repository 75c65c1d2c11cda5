"""Who is calling the API, and whether they may: the bearer token, its scope, the owner's role, the organisation.

`TokenAuth` reads `Authorization: Bearer sga_...` and sets `request.token`, `request.membership`, `request.org`,
`request.user` and `request.policy_version_id` (the organisation's current policy version, read with the token).
The membership is the owner's current one, so the token acts with today's role; someone whose role needs two
factors and who has not set up a device gets 403 (the web holds them at the set-up page the same way).
`grant(request, scope, permission)` is the first line of every endpoint: the token must
carry `scope` and the owner's role must have `permission` (as on the pages; the inbox widens some roles by
team, so its permissions come from `inbox.access`). Failing either is 403 with a message saying which.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from socialguard.inbox.access import inbox_permissions
from socialguard.orgs import roles

from . import tokens
from .errors import ApiError

INBOX_PERMISSIONS = {roles.ANSWER_MENTIONS, roles.MANAGE_INBOX}
SECOND_FACTOR_MISSING = ("your role requires two-factor sign-in and you have not set up an authenticator app: "
                         "sign in on the web and set it up, then use API tokens")


class TokenAuth(HttpBearer):
    openapi_description = "A personal API token (`sga_...`), made on the API tokens page; shown once."

    def authenticate(self, request: HttpRequest, token: str) -> tokens.ApiToken | None:
        row = tokens.find(token)
        if row is None:
            return None
        if row.second_factor_missing:
            raise ApiError(403, SECOND_FACTOR_MISSING)
        request.token, request.membership = row, row.membership
        request.org, request.user = row.membership.org, row.membership.user
        request.policy_version_id = row.current_policy_version_id
        return row


def grant(request: HttpRequest, scope: str, permission: str) -> None:
    """Raise 403 unless the token has `scope` and its owner's role (in the token's organisation) `permission`."""
    if scope not in request.token.scopes:
        raise ApiError(403, f"this token lacks the '{scope}' scope")
    membership = request.membership
    granted = inbox_permissions(membership) if permission in INBOX_PERMISSIONS else None
    if not (permission in granted if granted is not None else membership.can(permission)):
        raise ApiError(403, f"your role ({membership.role}) does not have the '{permission}' permission")

"""`authority.spokesperson`: only the roles the policy allows may publish on a brand account.

Finds posts on brand accounts whose author's role may not publish there: when the post's
`account_handle` matches a `brand_accounts` entry that lists `publishers`, those roles may publish;
otherwise the roles of `policy.spokespeople`. A post without a role is a finding too. Answers to customer
complaints (`in_reply_to_topic: complaint`) may come only from the account's `complaint_handlers`
roles when it names any (else from any of its publishers); any other reply (`in_reply_to` or
`in_reply_to_topic` given) may come from its publishers and its complaint handlers, so the customer service
the policy names answers the account's mentions. Roles and handles are compared case-insensitively (and
handles with or without "@"). Language-independent; messages in English and Polish.

Deliberately does not find: anything on personal accounts, and what the text says (that is for the
other detectors). It offers no rewritten text, only what to do: send the post for approval, or hand the
complaint to customer service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .base import Context, Detector, Hit

if TYPE_CHECKING:
    from ..policy.schema import BrandAccount, Policy

COMPLAINT_TOPIC = "complaint"


def _handle_key(handle: str | None) -> str:
    return (handle or "").strip().lower().lstrip("@")


def _roles(roles: Iterable[str]) -> frozenset[str]:
    return frozenset(r.strip().lower() for r in roles if r.strip())


class SpokespersonAuthority(Detector):
    id = "authority.spokesperson"
    summary = "On brand accounts, only the roles the policy allows may publish or answer complaints."

    def __init__(self, params, policy: "Policy") -> None:
        super().__init__(params, policy)
        self._spokesperson_roles = _roles(s.role for s in policy.spokespeople)
        self._accounts: dict[str, list["BrandAccount"]] = {}
        for account in policy.brand_accounts:
            self._accounts.setdefault(_handle_key(account.handle), []).append(account)

    def find(self, ctx: Context) -> Iterable[Hit]:
        post = ctx.post
        if post.account != "brand":
            return
        account = self._account(post.account_handle, post.platform)
        publishers = _roles(account.publishers) if account and account.publishers else self._spokesperson_roles
        handlers = _roles(account.complaint_handlers) if account else frozenset()
        allowed, key = publishers, "not_allowed"
        if post.in_reply_to_topic == COMPLAINT_TOPIC and handlers:
            allowed, key = handlers, "complaint"
        elif post.in_reply_to or post.in_reply_to_topic:
            allowed = publishers | handlers
        role = (post.role or "").strip().lower()
        if role and role in allowed:
            return
        if not allowed:
            key = "nobody"
        elif not role:
            key = "no_role"
        args = {
            "role": role,
            "account": post.account_handle or post.platform,
            "allowed": ", ".join(sorted(allowed)),
        }
        yield Hit(0, len(ctx.text), f"authority.spokesperson.{key}", args=args, label=key)

    def _account(self, handle: str | None, platform: str) -> "BrandAccount | None":
        """The brand account entry for this handle, preferring the one on the post's platform."""
        candidates = self._accounts.get(_handle_key(handle), [])
        same_platform = [a for a in candidates if a.platform.strip().lower() == platform]
        return (same_platform or candidates or [None])[0]

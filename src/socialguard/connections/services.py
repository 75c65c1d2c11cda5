"""Connecting, revoking and re-encrypting brand-account credentials, and who may manage them.

Connecting asks the network who the credential belongs to (`Publisher.verify`) before anything is stored,
and records that handle; the credential is encrypted with the vault's newest key. Every change is an audit
event naming the account and the network, never the credential. Managing a connection takes the
`manage_connections` permission (admin) or being the brand account's owner in the current policy
(`brand_accounts[].owner`, compared with the member's role in the policy, else their role).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from socialguard.audit.chain import record
from socialguard.orgs import roles
from socialguard.orgs.models import Membership, Organisation
from socialguard.orgs.policies import PolicyUnavailable, current_policy
from socialguard.policy.schema import BrandAccount
from socialguard.publishing import PublishError, publisher_for

from . import vault
from .models import Connection

PUBLISHING_NETWORKS = ("bluesky", "mastodon")  # a brand account on one of these connects to it directly


class ConnectError(Exception):
    """The network did not accept the credential, or the account is not one this member may connect."""


def brand_accounts(org: Organisation) -> list[BrandAccount]:
    try:
        return list(current_policy(org)[1].brand_accounts)
    except PolicyUnavailable:
        return []


def owns(membership: Membership, account: BrandAccount) -> bool:
    return bool(account.owner) and account.owner in (membership.job_role or membership.role, membership.role)


def may_manage(membership: Membership, platform: str, handle: str) -> bool:
    if membership.can(roles.MANAGE_CONNECTIONS):
        return True
    return any(owns(membership, a) for a in brand_accounts(membership.org)
               if (a.platform, a.handle) == (platform, handle))


def manageable(membership: Membership) -> list[BrandAccount]:
    """The policy's brand accounts this member may connect and revoke."""
    return [a for a in brand_accounts(membership.org)
            if membership.can(roles.MANAGE_CONNECTIONS) or owns(membership, a)]


def networks_for(account: BrandAccount) -> tuple[str, ...]:
    """Where this brand account's posts can go: its own network when socialguard publishes there, and a webhook."""
    return ((account.platform,) if account.platform in PUBLISHING_NETWORKS else ()) + ("webhook",)


def connect(membership: Membership, account: BrandAccount, network: str, service: str, login: str,
            secret: str) -> Connection:
    """Verify the credential with the network, then store it encrypted; raises `ConnectError`."""
    if not may_manage(membership, account.platform, account.handle):
        raise ConnectError(f"{account.platform} {account.handle}: only an admin or the account's owner connects it")
    if network not in networks_for(account):
        raise ConnectError(f"{account.platform} {account.handle}: cannot be published through {network}")
    publisher = publisher_for(network, service, login, secret)
    try:
        handle = publisher.verify()
    except PublishError as exc:
        raise ConnectError(str(exc)) from None
    finally:
        publisher.close()
    with transaction.atomic():
        row = Connection.objects.create(
            org=membership.org, account_platform=account.platform, account_handle=account.handle, network=network,
            service=service, login=login, handle=handle,
            secret=vault.encrypt(secret, settings.CREDENTIAL_KEYS_FILE), connected_by=membership.user,
            connected_at=timezone.now())
        record(membership.org, "connection_add", actor=membership.user.get_username(), obj=row,
               data={"account": f"{account.platform} {account.handle}", "network": network, "service": service,
                     "handle": handle})
    return row


def revoke(membership: Membership, row: Connection) -> None:
    """Forget the credential (the row stays as the record); refused unless the member may manage the account."""
    if not may_manage(membership, row.account_platform, row.account_handle):
        raise ConnectError(f"{row.account_platform} {row.account_handle}: only an admin or the account's owner "
                           "revokes its connection")
    with transaction.atomic():
        row.secret, row.revoked_at = "", timezone.now()
        row.save(update_fields=["secret", "revoked_at"])
        record(row.org, "connection_revoke", actor=membership.user.get_username(), obj=row,
               data={"account": f"{row.account_platform} {row.account_handle}", "network": row.network,
                     "handle": row.handle})


def reencrypt_all() -> int:
    """Every stored credential encrypted again with the newest key; how many."""
    done = 0
    with transaction.atomic():
        for row in Connection.objects.exclude(secret="").select_for_update():
            row.secret = vault.reencrypt(row.secret, settings.CREDENTIAL_KEYS_FILE)
            row.save(update_fields=["secret"])
            done += 1
    return done

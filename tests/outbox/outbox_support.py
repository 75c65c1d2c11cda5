"""Helpers of the outbox tests: connecting accounts on the real peers, approved brand posts, and reading
what the networks hold."""

from __future__ import annotations

import httpx
from web_support import TEST_POLICY

from socialguard.connections.services import brand_accounts, connect
from socialguard.publishing.bluesky import COLLECTION
from socialguard.workflow import actions

POLICY = TEST_POLICY.replace("brand_accounts:\n", "brand_accounts:\n"
                             "  - {platform: mastodon, handle: \"@alice\"}\n"
                             "  - {platform: bluesky, handle: brand.test}\n", 1)


def connect_mastodon(org, instance: str, token: str = "alice_token"):
    admin = org.membership("admin")
    account = next(a for a in brand_accounts(org.org) if a.platform == "mastodon")
    return connect(admin, account, "mastodon", instance, "", token)


def connect_bluesky(org, atproto, account):
    admin = org.membership("admin")
    brand = next(a for a in brand_accounts(org.org) if a.platform == "bluesky")
    return connect(admin, brand, "bluesky", atproto.pds, account.handle, account.app_password())


def approved_post(org, text: str, platform: str = "mastodon", handle: str = "@alice", scheduled_at=None,
                  author: str = "comms_lead"):
    """A brand post that needs no approval (OK text, no workflow): approved on submit."""
    post = actions.create_draft(org.membership(author), text=text, account_kind="brand",
                                account_handle=handle, platform=platform, scheduled_at=scheduled_at)
    actions.submit(post, org.users[author])
    post.refresh_from_db()
    return post


def mastodon_statuses(instance: str, token: str = "alice_token") -> list[dict]:
    """The brand account's own statuses, newest first."""
    headers = {"Authorization": f"Bearer {token}"}
    me = httpx.get(f"{instance}/api/v1/accounts/verify_credentials", headers=headers).json()
    response = httpx.get(f"{instance}/api/v1/accounts/{me['id']}/statuses", headers=headers,
                         params={"limit": 40})
    response.raise_for_status()
    return response.json()


def bluesky_records(atproto, did: str) -> list[dict]:
    response = httpx.get(f"{atproto.pds}/xrpc/com.atproto.repo.listRecords",
                         params={"repo": did, "collection": COLLECTION, "limit": 100})
    response.raise_for_status()
    return response.json()["records"]

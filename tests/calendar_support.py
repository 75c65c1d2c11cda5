"""Shared set-up of the calendar tests: a connected brand account, posts approved through the workflow (the
outbox then schedules a delivery on each connection of the account), and deliveries failed or sent as the
sender records them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from socialguard.audit.chain import SYSTEM
from socialguard.connections import vault
from socialguard.connections.models import Connection
from socialguard.outbox import scheduling
from socialguard.outbox.models import DeliveryState
from socialguard.workflow import actions

BRAND = "@acme"  # the x brand account of web_support.TEST_POLICY


def connect(org, handle: str = BRAND, platform: str = "x") -> Connection:
    """A signed-webhook connection of the brand account (nothing is sent in these tests)."""
    return Connection.objects.create(
        org=org, account_platform=platform, account_handle=handle, network="webhook",
        service="https://hooks.example/in", handle="hooks.example", connected_at=timezone.now(),
        secret=vault.encrypt("hook-secret", settings.CREDENTIAL_KEYS_FILE))


def approved_post(fixture, role: str, text: str, at: dt.datetime, handle: str = BRAND, platform: str = "x"):
    """A post by `role` on the brand account `handle` (empty: their personal account), submitted and approved
    (by the approver when it needs approval) for `at`."""
    author = fixture.users[role]
    kind = "brand" if handle else "personal"
    post = actions.create_draft(fixture.membership(role), text=text, account_kind=kind, account_handle=handle,
                                platform=platform, scheduled_at=at)
    actions.submit(post, author)
    post.refresh_from_db()
    if post.state == "pending":
        actions.decide(post, "approve", user=fixture.users["approver"])
        post.refresh_from_db()
    assert post.state == "approved", post.state
    return post



def fail(delivery, error: str):
    """The delivery tried and failed for good, as the sender records it."""
    scheduling.move(delivery, DeliveryState.SENDING, SYSTEM)
    scheduling.move(delivery, DeliveryState.FAILED, SYSTEM, error, last_error=error)
    return delivery


def send(delivery, url: str = ""):
    """The delivery went out, as the sender records it."""
    scheduling.move(delivery, DeliveryState.SENDING, SYSTEM)
    scheduling.move(delivery, DeliveryState.SENT, SYSTEM, remote_id=url or "1", url=url, sent_at=timezone.now())
    return delivery

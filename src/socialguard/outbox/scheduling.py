"""Deliveries made, moved and withdrawn: the outbox's seam for the rest of the app.

- `schedule(post, targets=None)`: one `Delivery` per target (a connection, and the remote id it replies to),
  due at `post.scheduled_at` or now. Without `targets`, the registered target finders are asked in turn
  (`find_targets`; the first that answers wins), else every active connection of the post's brand account.
  A connection that already has a live delivery of the post gets no second one.
- `follow_post`: the workflow's `state_changed` receiver: a post that becomes approved is scheduled; one that
  leaves approved (edited, withdrawn, marked published by hand) has its outstanding deliveries cancelled.
- `follow_time`: the workflow's `rescheduled` receiver: an approved post moved to a new time (same text, same
  check) has its outstanding deliveries moved there, a failed one with a fresh budget of attempts.
- `move(delivery, to, actor)`: every state change, checked against `models.ALLOWED` and audited
  (`delivery` events: from, to, account, network, note).
- `on_sent(handler)`: `handler(delivery)` runs inside the transaction that records a delivery as sent.
- `retry`: what the author or an approver does with a failed (or waiting) delivery.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Iterable, NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.chain import SYSTEM, actor_label, record
from socialguard.connections.models import Connection
from socialguard.orgs import roles
from socialguard.orgs.models import Membership
from socialguard.workflow.models import PostDraft, State

from .models import ALLOWED, OUTSTANDING, Delivery, DeliveryState


class Target(NamedTuple):
    """Where one delivery goes: through `connection`, as a reply to `reply_to` (a remote id) or a new post."""

    connection: Connection
    reply_to: str = ""


class OutboxError(Exception):
    """An outbox action the rules do not allow; the message is meant for the person who tried it."""


TargetFinder = Callable[[PostDraft], "list[Target] | None"]
_target_finders: list[TargetFinder] = []
_sent_handlers: list[Callable[[Delivery], None]] = []


def find_targets(finder: TargetFinder) -> TargetFinder:
    """Register `finder(post)`: the targets of posts it knows (e.g. replies), or None to let others answer."""
    if finder not in _target_finders:
        _target_finders.append(finder)
    return finder


def on_sent(handler: Callable[[Delivery], None]) -> Callable[[Delivery], None]:
    """Register `handler(delivery)`, run inside the transaction that records a delivery as sent."""
    if handler not in _sent_handlers:
        _sent_handlers.append(handler)
    return handler


def sent_handlers() -> list[Callable[[Delivery], None]]:
    return list(_sent_handlers)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def brand_connections(post: PostDraft) -> list[Connection]:
    """The active connections of the post's brand account (none for a personal post)."""
    if post.account_kind != "brand" or not post.account_handle:
        return []
    return list(Connection.objects.filter(org=post.org, account_platform=post.platform,
                                          account_handle__iexact=post.account_handle, revoked_at__isnull=True))


def targets_of(post: PostDraft) -> list[Target]:
    for finder in _target_finders:
        found = finder(post)
        if found is not None:
            return list(found)
    return [Target(connection) for connection in brand_connections(post)]


def schedule(post: PostDraft, targets: Iterable[Target] | None = None, actor: str = SYSTEM) -> list[Delivery]:
    """Deliveries of an approved post, one per target; the ones made now."""
    if post.state != State.APPROVED:
        raise OutboxError(_("Only an approved post can be scheduled."))
    due = post.scheduled_at or timezone.now()
    made = []
    with transaction.atomic():
        for target in (targets_of(post) if targets is None else targets):
            live = Delivery.objects.filter(post=post, connection=target.connection).exclude(
                state__in=(DeliveryState.CANCELLED, DeliveryState.FAILED, DeliveryState.DELETED))
            if live.exists():
                continue
            delivery = Delivery.objects.create(
                org=post.org, post=post, connection=target.connection, reply_to=target.reply_to, due_at=due,
                next_attempt_at=due, text_sha256=text_sha256(post.text))
            audit_change(delivery, "", DeliveryState.SCHEDULED, actor,
                   _("Due at %(due)s.") % {"due": due.isoformat(timespec="seconds")})
            made.append(delivery)
    return made


def follow_post(sender: Any, *, post: PostDraft, from_state: str, to_state: str, actor: str, **signal: Any) -> None:
    """Schedule a post that became approved; withdraw what has not gone out of one that left approved."""
    if to_state == State.APPROVED:
        schedule(post, actor=actor)
    elif from_state == State.APPROVED:
        for delivery in Delivery.objects.select_for_update().filter(post=post, state__in=OUTSTANDING):
            move(delivery, DeliveryState.CANCELLED, actor, _("The post is %(state)s now.")
                 % {"state": post.get_state_display()})


def follow_time(sender: Any, *, post: PostDraft, actor: str, **signal: Any) -> None:
    """Move what has not gone out of an approved post to its new time."""
    if post.state != State.APPROVED:
        return
    due = post.scheduled_at or timezone.now()
    for delivery in Delivery.objects.select_for_update().filter(post=post, state__in=OUTSTANDING):
        move(delivery, DeliveryState.SCHEDULED, actor,
             _("Due at %(due)s.") % {"due": due.isoformat(timespec="seconds")},
             due_at=due, next_attempt_at=due, attempts=0, lease_until=None)


def move(delivery: Delivery, to: DeliveryState, actor: str, note: str = "", audited: bool = True,
         **fields: Any) -> None:
    """Change the delivery's state (and `fields`), checked against the state table and audited (unless the
    caller records the change in an event of its own: `audited=False`)."""
    if to not in ALLOWED[DeliveryState(delivery.state)]:
        raise OutboxError(_("A delivery cannot go from %(from)s to %(to)s.") % {"from": delivery.state, "to": to})
    with transaction.atomic():
        before = delivery.state
        for name, value in fields.items():
            setattr(delivery, name, value)
        delivery.state = to
        delivery.save()
        if audited:
            audit_change(delivery, before, to, actor, note)


def may_manage(membership: Membership, delivery: Delivery) -> bool:
    """The post's author or an approver retries and reschedules its deliveries."""
    return delivery.post.author_id == membership.user_id or membership.can(roles.APPROVE)


def retry(delivery: Delivery, membership: Membership) -> None:
    """Send a waiting or failed delivery now, with a fresh budget of attempts."""
    due = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("post", "connection").get(pk=delivery.pk)
        if not may_manage(membership, delivery):
            raise OutboxError(_("Only the author or an approver can retry or reschedule this post."))
        if delivery.state not in OUTSTANDING:
            raise OutboxError(_("Only a scheduled or failed delivery can be retried or rescheduled."))
        if delivery.post.state != State.APPROVED:
            raise OutboxError(_("Only an approved post can be sent."))
        move(delivery, DeliveryState.SCHEDULED, actor_label(membership.user),
             _("Due at %(due)s.") % {"due": due.isoformat(timespec="seconds")},
             next_attempt_at=due, attempts=0, lease_until=None)


def audit_change(delivery: Delivery, before: str, to: str, actor: str, note: str) -> None:
    """The `delivery` audit event of one state change, on the post's trail."""
    connection = delivery.connection
    record(delivery.org, "delivery", actor=actor, obj=delivery.post, data={
        "delivery": delivery.pk, "from": before, "to": str(to), "note": note,
        "account": f"{connection.account_platform} {connection.account_handle}", "network": connection.network,
        "handle": connection.handle, "attempts": delivery.attempts, "error": delivery.last_error,
    })

"""Replies going out: which connected account sends a reply to a mention, what it answers there, and where a
reply is, read from its workflow post and the outbox's deliveries of it.

- `sending_connection(mention)`: on the mention's own network (Bluesky, Mastodon), the connection of the
  brand account the mention came to, read from its channel: `bluesky:@<account>/mentions` is the connection
  logged in as that account; `mastodon:<instance>...` a connection on that instance. A mention found by a
  search, a webhook or an import goes to the first connected brand account on its network. None: nothing
  can send it (a network socialguard does not publish to, or no account connected there).
- `reply_target(mention, connection)`: what the reply answers, as that network names it. Bluesky: the
  mention's `at://` URI (the publisher reads the thread's root from it). Mastodon: the status id the
  connector stored when it read the mention on the same instance the connection posts to (no call needed,
  and exactly the id that instance gave); a mention read on another instance (a hashtag on a big instance,
  a webhook) gives its status URI, which the publisher resolves on the account's own instance
  (`/api/v2/search?resolve=true`) when it sends.
- `reply_targets(post)`: the outbox's target finder. A post that is an inbox reply goes out through that one
  connection only (never the account's webhook), or nowhere while the account is not connected.
- `progress(reply)`: the reply's `ReplyState`, the cause when it failed (or an attempt is being retried) and
  the delivery it speaks of.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from socialguard.connections.models import Connection
from socialguard.model import Outcome
from socialguard.outbox.models import Delivery, DeliveryState
from socialguard.outbox.scheduling import Target
from socialguard.workflow.models import PostDraft
from socialguard.workflow.models import State as PostState

from .models import Mention, Reply, ReplyState

SENDING_NETWORKS = ("bluesky", "mastodon")  # where socialguard publishes replies itself
BY_POST_STATE = {PostState.DRAFT: ReplyState.BLOCKED, PostState.CHANGES_REQUESTED: ReplyState.CHANGES,
                 PostState.PENDING: ReplyState.PENDING, PostState.REJECTED: ReplyState.REJECTED,
                 PostState.EXPIRED: ReplyState.REJECTED}
OUT = (DeliveryState.SENT, DeliveryState.DELETED)
GOING = (DeliveryState.SCHEDULED, DeliveryState.SENDING)


@dataclass(frozen=True)
class Progress:
    state: ReplyState
    cause: str = ""  # why it failed, or why the last attempt did while it is retried
    delivery: Delivery | None = None
    retryable: bool = False  # a failed reply that sending again may get out


def sending_connection(mention: Mention) -> Connection | None:
    """The active connection a reply to `mention` goes out through (see the module docstring)."""
    if mention.source not in SENDING_NETWORKS:
        return None
    active = list(Connection.objects.filter(org=mention.org, network=mention.source, account_platform=mention.source,
                                            revoked_at__isnull=True))
    came_to = next((c for c in active if _came_to(mention, c)), None)
    return came_to or (active[0] if active else None)


def reply_target(mention: Mention, connection: Connection) -> str:
    """The remote id a reply to `mention` through `connection` answers (see the module docstring)."""
    if mention.source == "mastodon" and _instance_of(mention.channel) == urlsplit(connection.service).netloc:
        raw = mention.raw if isinstance(mention.raw, dict) else {}
        shown = raw.get("reblog") if isinstance(raw.get("reblog"), dict) else raw
        if isinstance(shown.get("id"), str) and shown["id"]:
            return shown["id"]
    return mention.external_id


def reply_targets(post: PostDraft) -> list[Target] | None:
    """The outbox's targets of a post that is an inbox reply; None for any other post."""
    reply = Reply.objects.filter(post=post).select_related("mention", "mention__org").first()
    if reply is None:
        return None
    connection = sending_connection(reply.mention)
    return [Target(connection, reply_target(reply.mention, connection))] if connection else []


def progress(reply: Reply) -> Progress:
    """Where `reply` is: from its post's state, then from the deliveries of an approved post."""
    post = reply.post
    if post is None:
        if reply.outcome == Outcome.blocked.value:
            return Progress(ReplyState.BLOCKED)
        return Progress(ReplyState.NOT_SENT, _("written before socialguard sent replies"))
    if post.state in BY_POST_STATE:
        return Progress(BY_POST_STATE[PostState(post.state)])
    deliveries = sorted(post.deliveries.all(), key=lambda d: d.pk)
    if out := [d for d in deliveries if d.state in OUT]:
        return Progress(ReplyState.REPLIED, delivery=out[-1])
    if going := [d for d in deliveries if d.state in GOING]:
        return Progress(ReplyState.SENDING, going[-1].last_error, going[-1])
    if failed := [d for d in deliveries if d.state == DeliveryState.FAILED]:
        return Progress(ReplyState.FAILED, failed[-1].last_error, failed[-1], retryable=True)
    if post.state == PostState.PUBLISHED:
        return Progress(ReplyState.REPLIED)  # marked published by hand: answered at the source
    if post.platform not in SENDING_NETWORKS:
        return Progress(ReplyState.FAILED, _("socialguard does not send to %(network)s; answer at the source, then "
                                             "mark the mention replied") % {"network": post.platform})
    if deliveries:
        return Progress(ReplyState.FAILED, _("sending was cancelled"), retryable=True)
    return Progress(ReplyState.FAILED, _("no account of %(account)s is connected on %(network)s; connect it under "
                                         "Connections, then retry") % {"account": post.account_handle or "?",
                                                                       "network": post.platform}, retryable=True)


def _came_to(mention: Mention, connection: Connection) -> bool:
    channel = mention.channel or ""
    if mention.source == "bluesky":
        account = channel.removeprefix("bluesky:@").removesuffix("/mentions") if channel.endswith("/mentions") else ""
        return bool(account) and _bare(account) in {_bare(connection.login), _bare(connection.handle)}
    return _instance_of(channel) == urlsplit(connection.service).netloc


def _instance_of(channel: str) -> str:
    """The instance a Mastodon connector read from, from its name (`mastodon:<host>/notifications`, `#tag`, `?q`)."""
    if not channel.startswith("mastodon:"):
        return ""
    rest = channel.removeprefix("mastodon:")
    for stop in "/#?":
        rest = rest.split(stop, 1)[0]
    return rest


def _bare(handle: str) -> str:
    return (handle or "").strip().lower().lstrip("@")

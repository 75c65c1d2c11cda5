"""Publishing approved posts to the networks: one publisher per network behind one small interface (`base`).

`publisher_for(network, ...)` makes the publisher of a connected account; the scheduler calls
`publish(post, idempotency_key)` on it and gets back the remote id and URL, and calls `find(idempotency_key)`
before a retry to learn whether an earlier attempt already went out. Pure library: no Django here; the
credentials are stored by `socialguard.web`'s brand accounts (see docs/publishing.md).
"""

from __future__ import annotations

from .base import (CredentialRejected, Fetched, Media, NetworkDown, Post, Published, Publisher, PublishError,
                   RateLimited, Refused)
from .bluesky import BlueskyPublisher
from .mastodon import MastodonPublisher
from .webhook import WebhookPublisher

NETWORKS = ("bluesky", "mastodon", "webhook")


def publisher_for(network: str, service: str, identifier: str, secret: str) -> Publisher:
    """The publisher of one account: `service` is the PDS, instance or webhook URL, `identifier` the handle
    (Bluesky), `secret` the app password, access token or signing secret."""
    if network == "bluesky":
        return BlueskyPublisher(service, identifier, secret)
    if network == "mastodon":
        return MastodonPublisher(service, secret, handle=identifier)
    if network == "webhook":
        return WebhookPublisher(service, secret)
    raise ValueError(f"unknown network {network!r}; one of {', '.join(NETWORKS)}")


__all__ = ["BlueskyPublisher", "CredentialRejected", "Fetched", "MastodonPublisher", "Media", "NETWORKS",
           "NetworkDown", "Post", "Published", "Publisher", "PublishError", "RateLimited", "Refused",
           "WebhookPublisher", "publisher_for"]

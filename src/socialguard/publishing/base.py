"""What every publisher shares: the post going out, what came back, the typed errors, and the interface.

A publisher sends one approved post (or reply) to one account on one network and answers "was it already
published?" for a retry. The caller (the scheduler) passes a stable `idempotency_key` per post and account;
every publisher turns it into the network's own duplicate guard (a record key on Bluesky, the
`Idempotency-Key` header on Mastodon, the delivery id of the webhook), so sending the same post twice with
the same key yields the first post, never a second one.

Errors are a small typed set with one-line messages that never carry the credential: the network could not
be reached (`NetworkDown`), it asks to wait (`RateLimited`, with its `Retry-After` in seconds), it refused
the post (`Refused`, with its reason; retrying will not help), or the credential is invalid or revoked
(`CredentialRejected`; the account must be reconnected). The first two are worth retrying, the last two are not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Media:
    """An image attached to a post; `alt` is the description screen readers announce."""

    data: bytes = field(repr=False)
    mime: str
    alt: str


@dataclass(frozen=True)
class Post:
    """An approved post. `reply_to` is the remote id of the post it answers (an at:// URI on Bluesky; on
    Mastodon a status id on the account's instance, or the status's URI, which the publisher resolves there),
    or None for a new post."""

    text: str
    langs: tuple[str, ...] = ()
    media: tuple[Media, ...] = ()
    reply_to: str | None = None
    visibility: str = "public"  # Mastodon: public, unlisted, private or direct; Bluesky posts are public


@dataclass(frozen=True)
class Published:
    """A post on the network: its remote id (what delete/fetch/reply take) and its public URL."""

    remote_id: str
    url: str


@dataclass(frozen=True)
class Fetched:
    """A published post read back from the network, to compare with what was approved."""

    remote_id: str
    text: str
    reply_to: str | None
    alts: tuple[str, ...]  # the media descriptions, in order


class PublishError(Exception):
    """A post that did not go out; the message is one line and names the account, never its credential."""

    retry: bool = False

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code  # the network's own error name, if it sent one (XRPC `error`, e.g. `ExpiredToken`)


class NetworkDown(PublishError):
    """The network could not be reached, timed out, or answered 5xx."""

    retry = True


class RateLimited(PublishError):
    """429: wait `retry_after` seconds before the next attempt."""

    retry = True

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message, "RateLimited")
        self.retry_after = retry_after


class Refused(PublishError):
    """The network refused the post itself (too long, bad media, not found); retrying will not help."""


class CredentialRejected(PublishError):
    """The credential is invalid, expired for good or revoked: the account has to be reconnected."""


class Publisher(Protocol):
    """One account on one network."""

    def verify(self) -> str:
        """The handle the credential really belongs to; raises `CredentialRejected` if it belongs to none."""

    def publish(self, post: Post, idempotency_key: str) -> Published:
        """Send `post` (a reply when `post.reply_to` is set); the same key never posts twice."""

    def find(self, idempotency_key: str) -> Published | None:
        """The post already published under this key, or None: what a retry checks first."""

    def fetch(self, remote_id: str) -> Fetched:
        """The published post as the network now holds it."""

    def delete(self, remote_id: str) -> None:
        """Remove the post from the network."""

    def close(self) -> None:
        """Release the HTTP connections."""

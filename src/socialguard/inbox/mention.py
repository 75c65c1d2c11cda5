"""The `Mention` value: one post about the organisation found on a public source, and its dedupe key.

A mention is immutable. Connectors build it from what the source returned (`raw` keeps that payload);
understanding and routing add their results with `dataclasses.replace`, so the same value travels from the
connector to the store. The key is stable across polls, connectors and processes: the same post seen twice
(two pages, two polls, two hashtags) has one key and is stored once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Understanding:
    """What the pipeline read in a mention: language, tone (-1..1 and its label), offensiveness (0..1), topics."""

    lang: str
    sentiment: float
    sentiment_label: str  # "negative", "neutral" or "positive"
    offensive: float
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where the escalation matrix sent a mention: the team, how urgent, and how long it has to answer."""

    team: str
    priority: str
    sla_minutes: int
    rule: int  # index of the matrix rule that matched (-1: the fallback)
    level: int = 0  # 0 at first assignment, +1 at each SLA escalation


@dataclass(frozen=True, slots=True)
class Mention:
    """A post that mentions the organisation, as a source reported it."""

    source: str  # the network or feed kind: "rss", "mastodon", "bluesky", or the platform of an import
    external_id: str  # the source's own stable id (status URI, at:// URI, feed entry id)
    text: str
    url: str | None = None
    author: str | None = None
    author_followers: int | None = None  # reach, when the source tells it
    lang: str | None = None  # as the source declared it; understanding detects it when missing
    created_at: dt.datetime | None = None
    in_reply_to: str | None = None  # the external id or URL of the post this one answers (its thread)
    channel: str | None = None  # which configured connector brought it (e.g. "mastodon:mastodon.social#acme")
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)
    understanding: Understanding | None = None
    assignment: Assignment | None = None

    @property
    def key(self) -> str:
        return mention_key(self.source, self.external_id)

    @property
    def reach(self) -> int:
        return self.author_followers or 0

    def with_(self, **changes: Any) -> "Mention":
        return replace(self, **changes)


def mention_key(source: str, external_id: str) -> str:
    """A 32-character hex key from the source and its id; case and surrounding spaces of the source ignored."""
    material = f"{source.strip().lower()}\x00{external_id.strip()}".encode("utf-8")
    return hashlib.blake2b(material, digest_size=16).hexdigest()


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """`value` as an aware UTC datetime (naive values are taken as UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO-8601 string (with `Z` or an offset), epoch seconds, or a datetime, as aware UTC; None if unreadable."""
    if isinstance(value, dt.datetime):
        return utc(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(float(value), tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")))
        except ValueError:
            return None
    return None

"""Bluesky: posts matching a search query, over the AT Protocol's `app.bsky.feed.searchPosts` (XRPC).

Resuming: results come newest first (`sort=latest`) and a poll pages back through them with the
response's `cursor` until the cursor runs out or the posts reach the previous poll's newest time (`since`).
A poll that stops early (page limit, error) saves the paging cursor and the newest time it saw, and the
next poll first finishes that paging, then starts again from the top with the new `since`. Posts seen on
both sides of a boundary have one key, so the store keeps them once. Search results carry no follower
counts, so reach stays unknown for Bluesky.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..mention import Mention, parse_time
from ._http import Fetcher, FetchError, json_body
from .base import Batch

PUBLIC_APPVIEW = "https://public.api.bsky.app"


@dataclass
class BlueskyConnector:
    """One search query on an AppView (the public one by default)."""

    query: str
    service: str = PUBLIC_APPVIEW
    lang: str | None = None  # ask the server for posts in this language only
    limit: int = 100  # posts per page (the API's maximum)
    max_pages: int = 10
    fetcher: Fetcher = field(default_factory=Fetcher)

    def __post_init__(self) -> None:
        self.service = self.service.rstrip("/")

    @property
    def name(self) -> str:
        return f"bluesky:{self.query}"

    @property
    def url(self) -> str:
        return f"{self.service}/xrpc/app.bsky.feed.searchPosts"

    def fetch(self, cursor: dict[str, Any] | None) -> Batch:
        state = dict(cursor or {})
        since = state.get("since")  # the newest post time of the last complete sweep
        paging = state.get("cursor")  # set while a sweep is unfinished
        newest = state.get("newest") or since
        batch = Batch(cursor=state or None)
        while batch.pages < self.max_pages:
            page = self._page(batch, since, paging)
            if page is None:
                return batch
            times, paging = page
            newest = max([t for t in (newest, *times) if t], default=None)
            reached_since = since is not None and any(t <= since for t in times)
            if not paging or not times or reached_since:
                batch.cursor = {"since": newest} if newest else None
                return batch
            batch.cursor = {"since": since, "cursor": paging, "newest": newest}
        return batch

    def _page(self, batch: Batch, since: str | None, paging: str | None) -> tuple[list[str], str | None] | None:
        """One page read into `batch`: the creation times of its posts and the next cursor; None on error."""
        params = {"q": self.query, "sort": "latest", "limit": self.limit, "since": since, "cursor": paging,
                  "lang": self.lang}
        try:
            body = json_body(self.fetcher.get(self.url, params=params), self.url)
        except FetchError as exc:
            batch.errors.append(f"{self.name}: {exc}")
            return None
        batch.pages += 1
        posts = body.get("posts") if isinstance(body, dict) else None
        if not isinstance(posts, list):
            batch.errors.append(f"{self.name}: page {batch.pages}: malformed response (expected an object with 'posts')")
            return None
        times: list[str] = []
        for index, post in enumerate(posts):
            mention = _mention(post, self.name)
            if mention is None:
                batch.errors.append(f"{self.name}: page {batch.pages}, post {index + 1}: malformed post skipped")
                continue
            batch.mentions.append(mention)
            times.append(mention.created_at.isoformat())
        next_cursor = body.get("cursor")
        return times, next_cursor if isinstance(next_cursor, str) and next_cursor else None


def _mention(post: Any, channel: str) -> Mention | None:
    if not isinstance(post, dict) or not isinstance(post.get("uri"), str):
        return None
    record = post.get("record")
    author = post.get("author") if isinstance(post.get("author"), dict) else {}
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return None
    created = parse_time(record.get("createdAt")) or parse_time(post.get("indexedAt"))
    if created is None:
        return None
    handle = author.get("handle") if isinstance(author.get("handle"), str) else None
    langs = record.get("langs")
    reply = record.get("reply") if isinstance(record.get("reply"), dict) else {}
    parent = reply.get("parent") if isinstance(reply.get("parent"), dict) else {}
    return Mention(
        source="bluesky",
        external_id=post["uri"],
        text=record["text"],
        url=_web_url(post["uri"], handle),
        author=f"@{handle}" if handle else author.get("did"),
        author_followers=None,
        lang=langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None,
        created_at=created,
        in_reply_to=parent.get("uri") if isinstance(parent.get("uri"), str) else None,
        channel=channel,
        raw=post,
    )


def _web_url(at_uri: str, handle: str | None) -> str | None:
    """`at://did/app.bsky.feed.post/rkey` -> `https://bsky.app/profile/handle/post/rkey`."""
    parts = at_uri.removeprefix("at://").split("/")
    if len(parts) != 3 or parts[1] != "app.bsky.feed.post":
        return None
    return f"https://bsky.app/profile/{handle or parts[0]}/post/{parts[2]}"

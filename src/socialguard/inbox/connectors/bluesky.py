"""Bluesky: posts matching a search (`app.bsky.feed.searchPosts`) and the brand account's mentions and
replies (`app.bsky.notification.listNotifications`), read through the user's PDS with a logged-in session
(the one `AtprotoSession` of `publishing.atproto`, made by `atproto.session`: production refuses
unauthenticated search on the public AppView).

Both lists come newest first, ordered by `sortAt` (a post's earlier of creation and indexing time), and a
poll sweeps down them until it reaches the previous sweep's newest time minus `overlap` (10 minutes): a
post indexed late, whose `sortAt` is older than posts already read, still falls inside the next sweep. Posts
read twice have one key (their `at://` URI), so the store keeps each once. Two production behaviours are
tolerated without losing posts:
- a full search page without a cursor before the sweep reached its bound (production search may not page
  through the whole result set): the sweep goes on with `until` = the oldest `sortAt` read (plus 1 ms, so
  posts sharing that millisecond are read again rather than skipped);
- a notification cursor that is a bare timestamp (the reference AppView pages with `sortAt < cursor`, so
  notifications sharing the boundary second would be skipped): the next page is asked from the cursor plus
  1 ms; if a whole page shares one timestamp, the server's cursor is taken and a warning says so.
A poll stopped by `max_pages` or an error saves where it was and finishes the sweep next time. Search
results carry no follower counts, so reach stays unknown for Bluesky.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from ...publishing.atproto import AtprotoSession
from ...publishing.base import PublishError
from ..mention import Mention, parse_time
from ._http import FetchError, json_body
from .base import Batch

OVERLAP = dt.timedelta(minutes=10)
ONE_MS = dt.timedelta(milliseconds=1)
Page = tuple[list[tuple[Mention, dt.datetime]], str | None, int]  # items read, next cursor, items listed


@dataclass
class _Sweep:
    """Newest-first paging down to the last sweep's newest time; subclasses read one page."""

    session: AtprotoSession | None
    limit: int = 100  # items per page (the API's maximum)
    max_pages: int = 10
    overlap: dt.timedelta = OVERLAP

    def fetch(self, cursor: dict[str, Any] | None) -> Batch:
        state = dict(cursor or {})
        batch = Batch(cursor=state or None)
        if self.session is None:
            batch.errors.append(f"{self.name}: Bluesky needs a login: set identifier and app_password_env")
            return batch
        since = _time(state.get("since"))
        floor = since - self.overlap if since else None
        position = {"cursor": state.get("cursor"), "until": state.get("until")}
        newest = _time(state.get("newest")) or since
        seen: set[str] = set()
        complete = False
        while not complete and batch.pages < self.max_pages:
            page = self._read(batch, position, floor)
            if page is None:
                return batch  # the cursor of the last page read
            items, next_cursor, listed = page
            times = [when for _, when in items]
            fresh = [m for m, _ in items if m.external_id not in seen]
            seen.update(m.external_id for m in fresh)
            batch.mentions.extend(fresh)
            newest = max([t for t in (newest, *times) if t], default=None)
            reached = floor is not None and any(t <= floor for t in times)
            complete = not items or reached or (not fresh and listed < self.limit)
            if not complete:
                position = self._next(batch, position, next_cursor, min(times), stuck=not fresh,
                                      full=listed >= self.limit)
                complete = position is None
            if complete:
                batch.cursor = {"since": _iso(newest)} if newest else None
            else:
                batch.cursor = {"since": _iso(since), "newest": _iso(newest), **position}
        batch.more = not complete
        return batch

    def _read(self, batch: Batch, position: dict[str, Any], floor: dt.datetime | None) -> Page | None:
        """One page into `batch` (errors reported): its valid items with their sort times, the next cursor,
        and how many items the page listed (kept or not)."""
        try:
            body = json_body(self.session.call("GET", self.method, params=self._params(position, floor)), self.method)
        except (FetchError, PublishError) as exc:
            batch.errors.append(f"{self.name}: {exc}")
            return None
        batch.pages += 1
        listed = body.get(self.key) if isinstance(body, dict) else None
        if not isinstance(listed, list):
            batch.errors.append(f"{self.name}: page {batch.pages}: malformed response (expected '{self.key}')")
            return None
        items = []
        for index, item in enumerate(listed):
            read = self._item(item)
            if read is None:
                batch.errors.append(f"{self.name}: page {batch.pages}, item {index + 1}: malformed item skipped")
            elif read is not False:
                items.append(read)
        next_cursor = body.get("cursor")
        return items, next_cursor if isinstance(next_cursor, str) and next_cursor else None, len(listed)


@dataclass
class BlueskySearch(_Sweep):
    """One search query (`sort=latest`), optionally in one language."""

    query: str = ""
    lang: str | None = None
    method: ClassVar[str] = "app.bsky.feed.searchPosts"
    key: ClassVar[str] = "posts"

    @property
    def name(self) -> str:
        return f"bluesky:{self.query}"

    def _params(self, position: dict[str, Any], floor: dt.datetime | None) -> dict[str, Any]:
        return {"q": self.query, "sort": "latest", "limit": self.limit, "lang": self.lang, "since": _iso(floor),
                **position}

    def _item(self, post: Any) -> tuple[Mention, dt.datetime] | None:
        mention = _mention(post, self.name)
        indexed = parse_time(post.get("indexedAt")) if mention else None
        if mention is None:
            return None
        return mention, min(t for t in (mention.created_at, indexed) if t)

    def _next(self, batch: Batch, position: dict[str, Any], next_cursor: str | None, oldest: dt.datetime,
              stuck: bool, full: bool) -> dict[str, Any] | None:
        if next_cursor and not stuck:
            return {"cursor": next_cursor, "until": position.get("until")}
        if not full:
            return None  # a short page without a cursor: the end of the results
        until = _iso(oldest + ONE_MS)
        if stuck and position.get("until") == until:
            return None  # `until` brought nothing older: the end of the results
        return {"cursor": None, "until": until}  # the cursor ended early: go on below the oldest post read


@dataclass
class BlueskyMentions(_Sweep):
    """Mentions of the logged-in account and replies to it, from its notifications."""

    account: str = ""  # the brand account's handle, for the source's name
    reasons: tuple[str, ...] = ("mention", "reply")
    method: ClassVar[str] = "app.bsky.notification.listNotifications"
    key: ClassVar[str] = "notifications"

    @property
    def name(self) -> str:
        return f"bluesky:@{self.account}/mentions"

    def _params(self, position: dict[str, Any], floor: dt.datetime | None) -> dict[str, Any]:
        return {"reasons": list(self.reasons), "limit": self.limit, "cursor": position.get("cursor")}

    def _item(self, notification: Any) -> tuple[Mention, dt.datetime] | None | bool:
        if not isinstance(notification, dict):
            return None
        when = parse_time(notification.get("sortAt") or notification.get("indexedAt"))
        if notification.get("reason") not in self.reasons:
            return False  # a like or a follow: not a mention, not an error
        post = {"uri": notification.get("uri"), "record": notification.get("record"),
                "author": notification.get("author"), "indexedAt": notification.get("indexedAt")}
        mention = _mention(post, self.name)
        return None if mention is None or when is None else (mention, when)

    def _next(self, batch: Batch, position: dict[str, Any], next_cursor: str | None, oldest: dt.datetime,
              stuck: bool, full: bool) -> dict[str, Any] | None:
        if not next_cursor:
            return None
        boundary = _time(next_cursor)
        if boundary is None or stuck:
            if stuck:
                batch.warnings.append(f"{self.name}: more than {self.limit} notifications share the time "
                                      f"{position.get('cursor')}; some of them may be skipped")
            return {"cursor": next_cursor}
        return {"cursor": _iso(boundary + ONE_MS)}  # the boundary's own second is read again, not skipped


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


def _time(value: Any) -> dt.datetime | None:
    return parse_time(value) if isinstance(value, str) and value[:2].isdigit() else None


def _iso(moment: dt.datetime | None) -> str | None:
    """UTC with milliseconds and `Z`, the form AT Protocol datetimes take."""
    if moment is None:
        return None
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"

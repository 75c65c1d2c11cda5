"""Mastodon: public posts with a hashtag (`/api/v1/timelines/tag/:hashtag`), mentions of the brand account
(`/api/v1/notifications?types[]=mention`), or posts matching a search (`/api/v2/search?type=statuses`) on
one instance, over its REST API.

**Timelines** (hashtag, notifications) page by id: the cursor is the newest id fully read (`min_id`). Each
poll pages forward from it with `min_id` (the server answers with the items just after it, following the
`Link: rel="prev"` header when the server sends one) until a page is not full, so a burst larger than a
page is read page by page without gaps; a poll that stops early (page limit, error) saves the id it
reached and the next poll goes on from there. The first poll has no cursor: it reads the newest page and
`backfill_pages - 1` older ones (`max_id`, `rel="next"`); when it finds nothing, the next poll pages from
the start (`min_id=0`), so a first burst is read whole.

**Search** cannot be paged that way: Mastodon's search service turns `min_id`/`max_id` into `after:`/
`before:` date filters (to the second), sorts newest first and applies the limit, so "the page after id X"
does not exist and a burst larger than a page between two polls would be lost. A search poll therefore
reads newest first with `offset` (0, then the number of statuses received so far) until a page reaches the
newest status id of the previous poll (`since_id`) or comes back empty. Posts published while a poll pages
push older ones to later offsets, so they are read twice (the store keeps them once) and never skipped. A
poll stopped by the page limit or an error saves its offset and finishes the sweep next time. Mastodon
needs a token for statuses in search and for `offset`; a single-word `#tag` query is read from the tag
timeline instead (search skips it), and a single `@account` query is refused (read the account's mentions
with notifications).

Boosts are read as the boosted post; the mention's id is the status URI, so a post found by search, a tag
and a notification is stored once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from ..mention import Mention, parse_time
from ._http import Fetcher, FetchError, json_body
from .base import Batch, html_to_text


def _single_word(query: str) -> bool:
    return len(query.split()) == 1


@dataclass
class MastodonConnector:
    """One hashtag, one search query, or the mentions of the token's account on one instance."""

    instance: str
    hashtag: str | None = None
    query: str | None = None
    notifications: bool = False  # mentions of the account the token belongs to
    token: str | None = None
    limit: int = 40  # items per page (Mastodon's maximum)
    max_pages: int = 10  # per poll; the rest is read by the next poll
    backfill_pages: int = 1  # pages of history read on the very first poll
    fetcher: Fetcher = field(default_factory=Fetcher)

    def __post_init__(self) -> None:
        if [self.hashtag is not None, self.query is not None, self.notifications].count(True) != 1:
            raise ValueError("a Mastodon connector needs exactly one of hashtag, query or notifications")
        if self.query is not None and _single_word(self.query) and self.query.strip().startswith("#"):
            self.hashtag, self.query = self.query.strip(), None  # Mastodon's search skips a lone #tag
        if self.query is not None and _single_word(self.query) and "@" in self.query:
            raise ValueError(f"Mastodon search skips a single @account query ({self.query!r}): "
                             "read the account's mentions with notifications")
        self.instance = self.instance.rstrip("/")
        if "://" not in self.instance:
            self.instance = "https://" + self.instance
        self.hashtag = self.hashtag.lstrip("#") if self.hashtag else None

    @property
    def host(self) -> str:
        return urlsplit(self.instance).netloc

    @property
    def name(self) -> str:
        if self.hashtag:
            return f"mastodon:{self.host}#{self.hashtag}"
        return f"mastodon:{self.host}?{self.query}" if self.query else f"mastodon:{self.host}/notifications"

    @property
    def url(self) -> str:
        if self.hashtag:
            return f"{self.instance}/api/v1/timelines/tag/{quote(self.hashtag, safe='')}"
        return f"{self.instance}/api/v2/search" if self.query else f"{self.instance}/api/v1/notifications"

    def fetch(self, cursor: dict[str, Any] | None) -> Batch:
        if (self.query or self.notifications) and not self.token:
            needs = "search" if self.query else "notifications"
            return Batch(cursor=cursor, errors=[f"{self.name}: {needs} needs an access token (token_env)"])
        if self.query:
            return self._search(cursor or {})
        newest = (cursor or {}).get("min_id")
        return self._forward(str(newest)) if newest else self._backfill()

    # timelines: paging by id

    def _forward(self, newest: str) -> Batch:
        batch = Batch(cursor={"min_id": newest})
        while batch.pages < self.max_pages:
            page = self._page(batch, min_id=newest)
            if page is None:
                break
            ids, response = page
            if not ids:
                break
            newest = _link_param(response, "prev", "min_id") or max(ids, key=_id_order)
            batch.cursor = {"min_id": newest}
            if len(ids) < self.limit:
                break
        else:
            batch.more = True
        return batch

    def _backfill(self) -> Batch:
        batch = Batch(cursor=None)
        oldest: str | None = None
        while batch.pages < max(1, self.backfill_pages):
            page = self._page(batch, max_id=oldest)
            if page is None:
                break
            if not page[0]:
                batch.cursor = batch.cursor or {"min_id": "0"}  # nothing yet: the next poll reads from the start
                break
            ids, response = page
            if batch.cursor is None:
                batch.cursor = {"min_id": max(ids, key=_id_order)}
            oldest = _link_param(response, "next", "max_id") or min(ids, key=_id_order)
        return batch

    # search: newest first by offset, down to the previous poll's newest status

    def _search(self, state: dict[str, Any]) -> Batch:
        since = state.get("since_id")
        offset, top = int(state.get("offset") or 0), state.get("top") or since
        batch = Batch(cursor=state or None)
        seen: set[str] = set()
        done = False
        while not done and batch.pages < (self.max_pages if since else max(1, self.backfill_pages)):
            page = self._page(batch, offset=offset or None)
            if page is None:
                return batch  # the cursor of the last page read
            ids = page[0]
            repeated = bool(ids) and seen.issuperset(ids)
            if repeated:
                batch.errors.append(f"{self.name}: the server ignores `offset`: posts beyond the first "
                                    f"{len(seen)} results of this poll could not be read")
            seen.update(ids)
            offset += len(ids)
            top = max([i for i in (top, *ids) if i], key=_id_order, default=None)
            done = repeated or not ids or bool(since and any(_id_order(i) <= _id_order(since) for i in ids))
            if since and not done:
                batch.cursor = {"since_id": since, "offset": offset, "top": top}
            else:
                batch.cursor = {"since_id": top or "0"}  # "0": no results yet, the next sweep reads them all
        batch.more = "offset" in (batch.cursor or {})
        return batch

    def _page(self, batch: Batch, **position: Any) -> tuple[list[str], httpx.Response] | None:
        """One page read into `batch`: the paging ids of its valid items and the response; None on error."""
        params: dict[str, Any] = {"limit": self.limit, **position}
        if self.query:
            params.update(q=self.query, type="statuses")
        if self.notifications:
            params["types[]"] = "mention"
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else None
        try:
            response = self.fetcher.get(self.url, params=params, headers=headers)
            body = json_body(response, self.url)
        except FetchError as exc:
            batch.errors.append(f"{self.name}: {exc}")
            return None
        batch.pages += 1
        items = body.get("statuses") if self.query and isinstance(body, dict) else body
        if not isinstance(items, list):
            expected = ("an object with a 'statuses' list" if self.query
                        else "a list of notifications" if self.notifications else "a list of statuses")
            batch.errors.append(f"{self.name}: page {batch.pages}: malformed response (expected {expected})")
            return None
        ids = []
        for index, item in enumerate(items):
            status = item.get("status") if self.notifications and isinstance(item, dict) else item
            mention = self._mention(status)
            if mention is None or not isinstance(item.get("id"), str):
                what = "notification" if self.notifications else "status"
                batch.errors.append(f"{self.name}: page {batch.pages}, {what} {index + 1}: malformed {what} skipped")
                continue
            ids.append(item["id"])
            batch.mentions.append(mention)
        return ids, response

    def _mention(self, status: Any) -> Mention | None:
        if not isinstance(status, dict) or not isinstance(status.get("id"), str):
            return None
        shown = status.get("reblog") if isinstance(status.get("reblog"), dict) else status
        account = shown.get("account") if isinstance(shown.get("account"), dict) else {}
        content = shown.get("content")
        if not isinstance(content, str):
            return None
        text = html_to_text(content)
        spoiler = shown.get("spoiler_text")
        if isinstance(spoiler, str) and spoiler.strip():
            text = f"{spoiler.strip()}\n{text}"
        followers = account.get("followers_count")
        return Mention(
            source="mastodon",
            external_id=str(shown.get("uri") or shown.get("url") or f"{self.instance}/statuses/{shown.get('id')}"),
            text=text,
            url=shown.get("url") or shown.get("uri"),
            author=self._handle(account),
            author_followers=followers if isinstance(followers, int) else None,
            lang=shown.get("language") if isinstance(shown.get("language"), str) else None,
            created_at=parse_time(shown.get("created_at")),
            in_reply_to=shown.get("in_reply_to_id") if isinstance(shown.get("in_reply_to_id"), str) else None,
            channel=self.name,
            raw=status,
        )

    def _handle(self, account: dict) -> str | None:
        acct = account.get("acct")
        if not isinstance(acct, str) or not acct:
            return None
        return f"@{acct}" if "@" in acct else f"@{acct}@{self.host}"


def _id_order(item_id: str) -> tuple[int, str]:
    """Mastodon ids are decimal strings of growing length: compare by length, then text."""
    return len(item_id), item_id


def _link_param(response: httpx.Response, rel: str, param: str) -> str | None:
    link = response.links.get(rel, {}).get("url")
    if not link:
        return None
    values = parse_qs(urlsplit(link).query).get(param)
    return values[0] if values else None

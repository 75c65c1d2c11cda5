"""Mastodon: public posts with a hashtag (`/api/v1/timelines/tag/:hashtag`) or matching a search
(`/api/v2/search?type=statuses`) on one instance, over its REST API.

Resuming: the cursor is the newest status id fully read (`min_id`). Each poll pages forward from it with
`min_id` (the server answers with the statuses just after it, following the `Link: rel="prev"` header
when the server sends one) until a page is not full, so a burst larger than a page is read page by page without gaps; a poll that
stops early (page limit, error) saves the id it reached and the next poll goes on from there. The first
poll has no cursor: it reads the newest page and `backfill_pages - 1` older ones (`max_id`, `rel="next"`).
Boosts are read as the boosted post. Search needs a token on most instances (`token`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from ..mention import Mention, parse_time
from ._http import Fetcher, FetchError, json_body
from .base import Batch, html_to_text


@dataclass
class MastodonConnector:
    """One hashtag or one search query on one instance (e.g. `https://mastodon.social`)."""

    instance: str
    hashtag: str | None = None
    query: str | None = None
    token: str | None = None
    limit: int = 40  # statuses per page (Mastodon's maximum)
    max_pages: int = 10  # per poll; the rest is read by the next poll
    backfill_pages: int = 1  # pages of history read on the very first poll
    fetcher: Fetcher = field(default_factory=Fetcher)

    def __post_init__(self) -> None:
        if (self.hashtag is None) == (self.query is None):
            raise ValueError("a Mastodon connector needs exactly one of hashtag or query")
        self.instance = self.instance.rstrip("/")
        if "://" not in self.instance:
            self.instance = "https://" + self.instance
        self.hashtag = self.hashtag.lstrip("#") if self.hashtag else None

    @property
    def name(self) -> str:
        host = urlsplit(self.instance).netloc
        return f"mastodon:{host}#{self.hashtag}" if self.hashtag else f"mastodon:{host}?{self.query}"

    @property
    def url(self) -> str:
        if self.hashtag:
            return f"{self.instance}/api/v1/timelines/tag/{quote(self.hashtag, safe='')}"
        return f"{self.instance}/api/v2/search"

    def fetch(self, cursor: dict[str, Any] | None) -> Batch:
        newest = (cursor or {}).get("min_id")
        return self._forward(str(newest)) if newest else self._backfill()

    # paging

    def _forward(self, newest: str) -> Batch:
        batch = Batch(cursor={"min_id": newest})
        while batch.pages < self.max_pages:
            page = self._page(batch, min_id=newest)
            if page is None:
                break
            statuses, response = page
            if not statuses:
                break
            newest = _link_param(response, "prev", "min_id") or max((s["id"] for s in statuses), key=_id_order)
            batch.cursor = {"min_id": newest}
            if len(statuses) < self.limit:
                break
        return batch

    def _backfill(self) -> Batch:
        batch = Batch(cursor=None)
        oldest: str | None = None
        while batch.pages < max(1, self.backfill_pages):
            page = self._page(batch, max_id=oldest)
            if page is None or not page[0]:
                break
            statuses, response = page
            if batch.cursor is None:
                batch.cursor = {"min_id": max((s["id"] for s in statuses), key=_id_order)}
            oldest = _link_param(response, "next", "max_id") or min((s["id"] for s in statuses), key=_id_order)
        return batch

    def _page(self, batch: Batch, **position: str | None) -> tuple[list[dict], httpx.Response] | None:
        """One page read into `batch`: the valid statuses and the response, or None after reporting an error."""
        params: dict[str, Any] = {"limit": self.limit, **position}
        if self.query:
            params.update(q=self.query, type="statuses")
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
            expected = "an object with a 'statuses' list" if self.query else "a list of statuses"
            batch.errors.append(f"{self.name}: page {batch.pages}: malformed response (expected {expected})")
            return None
        statuses = []
        for index, item in enumerate(items):
            mention = self._mention(item)
            if mention is None:
                batch.errors.append(f"{self.name}: page {batch.pages}, status {index + 1}: malformed status skipped")
                continue
            statuses.append(item)
            batch.mentions.append(mention)
        return statuses, response

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
        return f"@{acct}" if "@" in acct else f"@{acct}@{urlsplit(self.instance).netloc}"


def _id_order(status_id: str) -> tuple[int, str]:
    """Mastodon ids are decimal strings of growing length: compare by length, then text."""
    return len(status_id), status_id


def _link_param(response: httpx.Response, rel: str, param: str) -> str | None:
    link = response.links.get(rel, {}).get("url")
    if not link:
        return None
    values = parse_qs(urlsplit(link).query).get(param)
    return values[0] if values else None

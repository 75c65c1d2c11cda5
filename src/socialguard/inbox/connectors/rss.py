"""RSS and Atom feeds (news, blogs, alert services, forums): entries as mentions, parsed with feedparser.

The feed is fetched with httpx (feedparser never touches the network here) with a conditional GET: the
cursor keeps the `ETag` and `Last-Modified` the server sent, so an unchanged feed costs a 304 and no
parsing. A feed re-lists old entries on every poll; their keys are stable (the entry id, else its link),
so the store keeps each once. Malformed XML is reported with its line; entries read before the error are
kept (feedparser is lenient and recovers what it can).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import feedparser

from ..mention import Mention
from ._http import Fetcher, FetchError
from .base import Batch, html_to_text

MAX_FEED_BYTES = 20_000_000


@dataclass
class RssConnector:
    """One feed URL."""

    url: str
    fetcher: Fetcher = field(default_factory=Fetcher)

    @property
    def name(self) -> str:
        return f"rss:{self.url}"

    def fetch(self, cursor: dict[str, Any] | None) -> Batch:
        state = cursor or {}
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("modified"):
            headers["If-Modified-Since"] = state["modified"]
        batch = Batch(cursor=cursor)
        try:
            response = self.fetcher.get(self.url, headers=headers or None)
        except FetchError as exc:
            batch.errors.append(f"{self.name}: {exc}")
            return batch
        batch.pages = 1
        if response.status_code == 304:
            return batch
        if len(response.content) > MAX_FEED_BYTES:
            batch.errors.append(f"{self.name}: feed is too large ({len(response.content):,} bytes)")
            return batch
        parsed = feedparser.parse(
            response.content,
            response_headers={
                "content-location": str(response.url),
                "content-type": response.headers.get("content-type", "application/xml"),
            },
        )
        if parsed.get("bozo"):
            batch.errors.append(f"{self.name}: malformed feed: {_describe(parsed.get('bozo_exception'))}")
        if not parsed.get("version") and not parsed.entries:
            return batch  # not a feed at all: keep the old cursor so a fixed feed is read in full
        for index, entry in enumerate(parsed.entries):
            mention = _mention(entry, self.name, _lang(parsed.get("feed", {})))
            if mention is None:
                batch.errors.append(f"{self.name}: entry {index + 1}: no id, link or text, skipped")
            else:
                batch.mentions.append(mention)
        batch.cursor = {k: v for k, v in (("etag", response.headers.get("ETag")),
                                          ("modified", response.headers.get("Last-Modified"))) if v} or None
        return batch


def _mention(entry: Any, channel: str, feed_lang: str | None) -> Mention | None:
    title = html_to_text(entry.get("title", "") or "")
    summary = html_to_text(entry.get("summary", "") or "")
    parts = [title] if title and not summary.startswith(title) else []
    text = "\n".join(parts + ([summary] if summary else []))
    identity = entry.get("id") or entry.get("link")
    if not identity or not text.strip():
        return None
    return Mention(
        source="rss",
        external_id=str(identity),
        text=text.strip(),
        url=entry.get("link"),
        author=entry.get("author") or None,
        lang=_lang(entry) or feed_lang,
        created_at=_time(entry.get("published_parsed") or entry.get("updated_parsed")),
        channel=channel,
        raw={k: entry[k] for k in ("id", "link", "title", "summary", "author", "published") if k in entry},
    )


def _lang(item: Any) -> str | None:
    """The language an entry (its title or summary) or a feed declares, as a bare code (`en-US` -> `en`)."""
    detail = item.get("title_detail") or item.get("summary_detail") or {}
    language = item.get("language") or (detail.get("language") if hasattr(detail, "get") else None)
    return language.split("-")[0].lower() if isinstance(language, str) and language else None


def _time(parsed: Any) -> dt.datetime | None:
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.timezone.utc)


def _describe(exc: Any) -> str:
    line = getattr(exc, "getLineNumber", None)
    where = f"line {line()}: " if callable(line) else ""
    message = getattr(exc, "getMessage", None)
    return where + (message() if callable(message) else str(exc) or type(exc).__name__)

"""RSS and Atom feeds (news, blogs, alert services, forums): entries as mentions, parsed with feedparser.

The feed is fetched with httpx (feedparser never touches the network here) with a conditional GET: the
cursor keeps the `ETag` and `Last-Modified` the server sent, so an unchanged feed costs a 304 and no
parsing. A feed re-lists old entries on every poll; their keys are stable, so the store keeps each once:

- **id**: the entry's own `<guid>`/`<id>` exactly as written (a bare `<guid>t1</guid>` stays `t1`: it is
  never resolved against the feed's address, which changes with a redirect), else its link as written,
  else a hash of its title, text, author and date. No entry is dropped for lacking an id.
- **text**: the title (as text: a literal `&lt;tags&gt;` in a plain title stays) and the full body
  (`content:encoded` / Atom `content`, else the summary), markup reduced to text.
- **language**: the entry's own (`dc:language`, `xml:lang` on the entry or its content), else the feed's.
- **encoding**: a feed whose bytes do not match its declared encoding (Windows-1250 declared as UTF-8) is
  decoded with the encoding charset-normalizer finds, with a warning.

Malformed XML is reported with its line; entries read before the error are kept (feedparser is lenient and
recovers what it can).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
import sys
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import feedparser

from ..mention import Mention
from ._http import Fetcher, FetchError
from .base import Batch, html_to_text

MAX_FEED_BYTES = 20_000_000
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


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
        parsed = self._parse(response.content, response.headers.get("content-type", "application/xml"), batch)
        if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride):
            batch.errors.append(f"{self.name}: malformed feed: {_describe(parsed.get('bozo_exception'))}")
        if not parsed.get("version") and not parsed.entries:
            return batch  # not a feed at all: keep the old cursor so a fixed feed is read in full
        feed_lang = _language(parsed.get("feed", {}))
        for index, entry in enumerate(parsed.entries):
            mention = _mention(entry, self.name, feed_lang, str(response.url))
            if mention is None:
                batch.errors.append(f"{self.name}: entry {index + 1}: no title or text, skipped")
            else:
                batch.mentions.append(mention)
        batch.cursor = {k: v for k, v in (("etag", response.headers.get("ETag")),
                                          ("modified", response.headers.get("Last-Modified"))) if v} or None
        return batch

    def _parse(self, content: bytes, content_type: str, batch: Batch) -> Any:
        """The parsed feed; bytes that contradict the declared encoding are decoded as what they are."""
        content, impossible = _impossible_references(content)
        if impossible:
            batch.warnings.append(f"{self.name}: {impossible} character references to no Unicode character "
                                  "(such as &#xD800;) read as U+FFFD")
        parsed = feedparser.parse(content, response_headers={"content-type": content_type})
        problem = parsed.get("bozo_exception")
        if not isinstance(problem, feedparser.CharacterEncodingOverride):
            return parsed
        guess = charset_normalizer.from_bytes(content).best()
        if guess is None:
            batch.warnings.append(f"{self.name}: {problem}; some characters may be wrong")
            return parsed
        media_type = content_type.split(";")[0].strip() or "application/xml"
        batch.warnings.append(f"{self.name}: {_declared(problem)}, but its bytes are not; read as {guess.encoding}")
        return feedparser.parse(content, response_headers={"content-type": f"{media_type}; charset={guess.encoding}"})


def _impossible_references(content: bytes) -> tuple[bytes, int]:
    """`content` with character references to no character (a surrogate, NUL, beyond U+10FFFF) written as
    U+FFFD, and how many there were: feedparser raises on them, which would lose the whole feed each poll."""
    count = 0

    def replace(match: re.Match) -> bytes:
        nonlocal count
        digits = (match[1] or match[2]).lstrip(b"0") or b"0"
        code = int(digits, 16 if match[1] else 10) if len(digits) <= 8 else sys.maxunicode + 1
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > sys.maxunicode:
            count += 1
            return b"&#xFFFD;"
        return match[0]

    return _CHARACTER_REFERENCE.sub(replace, content), count


def _mention(entry: Any, channel: str, feed_lang: str | None, base: str) -> Mention | None:
    title = _text(entry.get("title_detail")) if entry.get("title_detail") else ""
    body = _body(entry)
    text = body if title and body.startswith(title) else "\n".join(part for part in (title, body) if part)
    if not text.strip():
        return None
    link = entry.get("link")
    if link and entry.get("guidislink") and link == entry.get("id") and not urlsplit(link).scheme:
        link = None  # a bare <guid> copied into `link` by feedparser: an id, not an address
    published = _time(entry.get("published_parsed") or entry.get("updated_parsed"))
    author = entry.get("author") or None
    identity = entry.get("id") or link or "sha256:" + _entry_hash(title, body, author, published)
    return Mention(
        source="rss",
        external_id=str(identity),
        text=text.strip(),
        url=urljoin(base, link) if link else None,
        author=author,
        lang=_language(entry) or feed_lang,
        created_at=published,
        channel=channel,
        raw={k: entry[k] for k in ("id", "link", "title", "summary", "author", "published") if k in entry},
    )


def _body(entry: Any) -> str:
    """The full text: the first `content` (content:encoded, Atom content), else the summary."""
    for detail in entry.get("content") or []:
        text = _text(detail)
        if text:
            return text
    return _text(entry.get("summary_detail")) if entry.get("summary_detail") else ""


def _text(detail: Any) -> str:
    """A feedparser text construct as plain text: markup is reduced only where the feed declares markup."""
    value = detail.get("value") or ""
    if detail.get("type") in ("text/html", "application/xhtml+xml"):
        return html_to_text(value)
    return value.strip()


def _language(item: Any) -> str | None:
    """The language an entry (or a feed) declares, as a bare code (`en-US` -> `en`)."""
    details = [*(item.get("content") or []), item.get("summary_detail"), item.get("title_detail")]
    for language in (item.get("language"), *(d.get("language") for d in details if d)):
        if isinstance(language, str) and language.strip():
            return language.strip().split("-")[0].lower()
    return None


def _entry_hash(title: str, body: str, author: str | None, published: dt.datetime | None) -> str:
    material = "\x00".join((title, " ".join(body.split()), author or "", published.isoformat() if published else ""))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def _time(parsed: Any) -> dt.datetime | None:
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.timezone.utc)


def _declared(problem: Exception) -> str:
    """`document declared as utf-8, but parsed as ...` -> `declared as utf-8`."""
    return str(problem).split(",")[0].replace("document ", "the feed is ")


def _describe(exc: Any) -> str:
    line = getattr(exc, "getLineNumber", None)
    where = f"line {line()}: " if callable(line) else ""
    message = getattr(exc, "getMessage", None)
    return where + (message() if callable(message) else str(exc) or type(exc).__name__)

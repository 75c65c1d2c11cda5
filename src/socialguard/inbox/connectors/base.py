"""What every connector returns (`Batch`, with the items it had to refuse as `Rejected`) and the protocol it
implements, plus HTML-to-text for post bodies."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Protocol

from ..mention import Mention


@dataclass(frozen=True)
class Rejected:
    """An item that could not become a mention, kept for inspection: where it was (`export.jsonl:12`,
    `mentions[3]`), why, and the item as it came, as ASCII text (`untrusted_json.printable`)."""

    position: str
    reason: str
    payload: str


@dataclass
class Batch:
    """The result of one `fetch`: new mentions, where to resume, problems (one readable line each) and the
    items refused (each one also a problem line).

    `errors` are failures (the source is unhealthy); `warnings` are problems the connector recovered from;
    `more` says the fetch stopped at its page limit with more to read (a backlog the next poll goes on with).
    """

    mentions: list[Mention] = field(default_factory=list)
    cursor: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    more: bool = False

    def reject(self, position: str, reason: str, payload: str) -> Rejected:
        """Refuse one item: listed in `rejected` (to be stored) and in `errors` as `position: reason`."""
        item = Rejected(position, reason, payload)
        self.rejected.append(item)
        self.errors.append(f"{position}: {reason}")
        return item


class Connector(Protocol):
    name: str  # stable and unique among the configured connectors: the store keeps its cursor under it

    def fetch(self, cursor: dict[str, Any] | None) -> Batch: ...


_BLOCK_TAGS = {"p", "br", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
_SPACES = re.compile(r"[ \t\r\f\v]+")
_NEWLINES = re.compile(r"\s*\n\s*")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML fragment: tags dropped, entities decoded, paragraphs as line breaks."""
    if "<" not in markup:
        return html.unescape(markup).strip()
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    text = _SPACES.sub(" ", "".join(parser.parts))
    return _NEWLINES.sub("\n", text).strip()

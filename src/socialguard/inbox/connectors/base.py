"""What every connector returns (`Batch`) and the protocol it implements, plus HTML-to-text for post bodies."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Protocol

from ..mention import Mention


@dataclass
class Batch:
    """The result of one `fetch`: new mentions, where to resume, and problems (one readable line each).

    `errors` are failures (the source is unhealthy); `warnings` are problems the connector recovered from.
    """

    mentions: list[Mention] = field(default_factory=list)
    cursor: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0


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

"""Reading posts in bulk: JSON lines in, `(line, id, Post | error)` out, never stopping at a bad line.

Shared by `check --input`, and by anything else that reads one JSON object per line. Lines are read by
the bounded loader (`untrusted_json`: at most 5,000,000 bytes and 64 levels deep). A line that is not
valid UTF-8, not JSON, too large or deep, not an object, or not a valid post becomes an error naming its
line; the other lines are still read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, BinaryIO, Iterator

from pydantic import ValidationError

from .model import MAX_TEXT_CHARS, Post
from .untrusted_json import JsonRejected, loads

POST_FIELDS = ("text", "links", "media", "account", "account_handle", "platform", "author", "role", "lang",
               "in_reply_to", "in_reply_to_topic", "exceptions")


@dataclass(frozen=True)
class Item:
    """One input line: its number, the id it gave (or its line number), and a post or an error."""

    line: int
    id: Any
    post: Post | None = None
    error: str | None = None


def read_jsonl(stream: BinaryIO, defaults: dict[str, Any] | None = None) -> Iterator[Item]:
    """Posts from a JSON-lines byte stream; blank lines are skipped, bad ones reported."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        yield parse_line(raw, number, defaults or {})


def parse_line(raw: bytes, number: int, defaults: dict[str, Any]) -> Item:
    try:
        obj = loads(raw)
    except JsonRejected as exc:
        return Item(number, number, error=f"line {number}: {exc}")
    if not isinstance(obj, dict):
        return Item(number, number, error=f"line {number}: expected a JSON object with a 'text' field")
    item_id = obj.get("id", number)
    if not _encodable(item_id):
        return Item(number, number, error=f"line {number}: id: not valid Unicode (a lone surrogate escape)")
    try:
        return Item(number, item_id, post=post_from_dict(obj, defaults))
    except ValueError as exc:
        return Item(number, item_id, error=f"line {number}: {exc}")


def post_from_dict(obj: dict[str, Any], defaults: dict[str, Any]) -> Post:
    """A `Post` from a user-supplied mapping; raises ValueError with one readable sentence."""
    data = {**defaults, **{k: v for k, v in obj.items() if k in POST_FIELDS and v is not None}}
    if not isinstance(data.get("text"), str):
        raise ValueError("'text' is required and must be a string")
    if len(data["text"]) > MAX_TEXT_CHARS:
        raise ValueError(f"text is too long ({len(data['text']):,} characters; the limit is {MAX_TEXT_CHARS:,})")
    try:
        return Post.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"])
        raise ValueError(f"{field}: {error['msg']}") from None


def _encodable(value: Any) -> bool:
    """True unless `value` holds a lone surrogate (JSON's `\\ud800`), which no output could encode."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

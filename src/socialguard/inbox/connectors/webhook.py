"""Mentions pushed to us: the body of a webhook call (JSON) read into mentions, each bad item rejected on its own.

The body is one mention object, a list of them, or `{"mentions": [...]}`; each object is read like a row of
an export (`records.py`: `text`, `id`, `url`, `author`, `followers`, `created_at`, `lang`, `platform`). The
body is read with the bounded loader (`untrusted_json`: size, depth, numbers). An item that cannot be read
(no text, a lone surrogate or NUL anywhere in it, a bad number or date) becomes a `Rejected` named by its
index (`mentions[3]`) with its payload, and the others are kept. `items` keeps every item's outcome in the
body's order, for per-item answers. Authentication is the web endpoint's job, not this parser's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...untrusted_json import MAX_BYTES, JsonRejected, loads, printable
from ..mention import Mention
from .base import Batch, Rejected
from .records import mention_from_record

MAX_BODY_BYTES = MAX_BYTES
MAX_ITEMS = 10_000


@dataclass
class WebhookBatch(Batch):
    """A `Batch` that also keeps, in the body's order, each item's position and its mention or rejection."""

    items: list[tuple[str, Mention | Rejected]] = field(default_factory=list)


def parse_webhook(body: bytes, channel: str = "webhook", default_source: str = "webhook") -> WebhookBatch:
    """The mentions in a webhook body, one rejection per item that could not be read, or one error line for a
    body that cannot be read at all (then there are no items)."""
    batch = WebhookBatch()
    try:
        payload = loads(body, max_bytes=MAX_BODY_BYTES)
    except JsonRejected as exc:
        batch.errors.append(f"body is {exc}")
        return batch
    items, prefix = _items(payload)
    if items is None:
        batch.errors.append("expected a mention object, a list of them, or {\"mentions\": [...]}")
        return batch
    if len(items) > MAX_ITEMS:
        batch.errors.append(f"too many mentions in one call ({len(items):,}; the limit is {MAX_ITEMS:,})")
        return batch
    if not items:
        batch.errors.append("the list of mentions is empty")
        return batch
    for index, item in enumerate(items):
        where = f"{prefix}[{index}]" if prefix is not None else "body"
        try:
            if not isinstance(item, dict):
                raise ValueError("expected an object")
            mention = mention_from_record(item, default_source, channel)
        except ValueError as exc:
            batch.items.append((where, batch.reject(where, str(exc), printable(item))))
            continue
        batch.mentions.append(mention)
        batch.items.append((where, mention))
    return batch


def _items(payload: Any) -> tuple[list | None, str | None]:
    if isinstance(payload, list):
        return payload, ""
    if isinstance(payload, dict) and "mentions" in payload:
        return (payload["mentions"], "mentions") if isinstance(payload["mentions"], list) else (None, None)
    if isinstance(payload, dict):
        return [payload], None
    return None, None

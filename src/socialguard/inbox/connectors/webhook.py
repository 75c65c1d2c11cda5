"""Mentions pushed to us: the body of a webhook call (JSON) read into mentions, each bad item reported.

The body is one mention object, a list of them, or `{"mentions": [...]}`; each object is read like a row of
an export (`records.py`: `text`, `id`, `url`, `author`, `followers`, `created_at`, `lang`, `platform`). An
item that cannot be read is reported by its index and the others are kept. Authentication is the web
endpoint's job, not this parser's.
"""

from __future__ import annotations

import json
from typing import Any

from .base import Batch
from .records import mention_from_record

MAX_BODY_BYTES = 5_000_000
MAX_ITEMS = 10_000


def parse_webhook(body: bytes, channel: str = "webhook", default_source: str = "webhook") -> Batch:
    """The mentions in a webhook body and one error line per item (or for the body) that could not be read."""
    batch = Batch()
    if len(body) > MAX_BODY_BYTES:
        batch.errors.append(f"body is too large ({len(body):,} bytes; the limit is {MAX_BODY_BYTES:,})")
        return batch
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        batch.errors.append("body is not UTF-8 text")
        return batch
    except json.JSONDecodeError as exc:
        batch.errors.append(f"body is not valid JSON ({exc.msg}, line {exc.lineno}, column {exc.colno})")
        return batch
    items, prefix = _items(payload)
    if items is None:
        batch.errors.append("expected a mention object, a list of them, or {\"mentions\": [...]}")
        return batch
    if len(items) > MAX_ITEMS:
        batch.errors.append(f"too many mentions in one call ({len(items):,}; the limit is {MAX_ITEMS:,})")
        return batch
    for index, item in enumerate(items):
        where = f"{prefix}[{index}]" if prefix is not None else "body"
        if not isinstance(item, dict):
            batch.errors.append(f"{where}: expected an object")
            continue
        try:
            batch.mentions.append(mention_from_record(item, default_source, channel))
        except ValueError as exc:
            batch.errors.append(f"{where}: {exc}")
    return batch


def _items(payload: Any) -> tuple[list | None, str | None]:
    if isinstance(payload, list):
        return payload, ""
    if isinstance(payload, dict) and isinstance(payload.get("mentions"), list):
        return payload["mentions"], "mentions"
    if isinstance(payload, dict):
        return [payload], None
    return None, None

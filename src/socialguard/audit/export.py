"""Writing the audit events of a date range as CSV or JSON (for supervisors and long-term archives).

Each row carries its `prev_hash` and `hash`, so an export can be verified on its own, and the last hash can
be kept elsewhere as an anchor. In CSV, a cell that a spreadsheet would run as a formula starts with an
apostrophe (`socialguard.csvfiles`); take it off (`csvfiles.unescape_cell`) before verifying a hash.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import IO, Iterator

from django.db.models import QuerySet

from socialguard.csvfiles import writer
from socialguard.orgs.models import Organisation

from .chain import canonical
from .models import AuditEvent

FORMATS = ("csv", "json")
COLUMNS = ("org", "seq", "at", "actor", "kind", "object_type", "object_id", "data", "prev_hash", "hash")


def events_between(
    start: dt.date | None, end: dt.date | None, orgs: list[Organisation] | None = None
) -> QuerySet[AuditEvent]:
    """Events from `start` (inclusive) to `end` (inclusive, whole day), in chain order."""
    events = AuditEvent.objects.select_related("org").order_by("org__slug", "seq")
    if orgs is not None:
        events = events.filter(org__in=orgs)
    if start:
        events = events.filter(at__date__gte=start)
    if end:
        events = events.filter(at__date__lte=end)
    return events


def rows(events: QuerySet[AuditEvent]) -> Iterator[dict]:
    for event in events.iterator(chunk_size=2000):
        yield {
            "org": event.org.slug, "seq": event.seq, "at": event.at.isoformat(), "actor": event.actor,
            "kind": event.kind, "object_type": event.object_type, "object_id": event.object_id,
            "data": event.data, "prev_hash": event.prev_hash, "hash": event.hash,
        }


def write(events: QuerySet[AuditEvent], fmt: str, out: IO[str]) -> int:
    """Write `events` to `out` in `fmt` (csv or json); returns how many were written."""
    count = 0
    for chunk, written in chunks(events, fmt):
        out.write(chunk)
        count = written
    return count


def chunks(events: QuerySet[AuditEvent], fmt: str) -> Iterator[tuple[str, int]]:
    """The export as pieces of text, each with the number of events written so far (for streaming)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return _csv_chunks(events) if fmt == "csv" else _json_chunks(events)


def _csv_chunks(events: QuerySet[AuditEvent]) -> Iterator[tuple[str, int]]:
    buffer = io.StringIO()
    out = writer(buffer)
    out.writerow(COLUMNS)
    count = 0
    for count, row in enumerate(rows(events), start=1):
        out.writerow([canonical(row["data"]) if name == "data" else row[name] for name in COLUMNS])
        if buffer.tell() > 64_000:
            yield _drain(buffer), count
    yield _drain(buffer), count


def _json_chunks(events: QuerySet[AuditEvent]) -> Iterator[tuple[str, int]]:
    count = 0
    yield "[", 0
    for count, row in enumerate(rows(events), start=1):
        yield ("," if count > 1 else "") + "\n" + json.dumps(row, ensure_ascii=False, sort_keys=True), count
    yield "\n]\n", count


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text

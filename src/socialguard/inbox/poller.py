"""Running connectors into a store: the `Poller`, the `MentionStore` protocol, and two stores without Django.

For each connector the poller reads the saved cursor, fetches, optionally processes the new mentions
(understanding and routing), stores them, and only then saves the new cursor: a crash between the two
re-reads a page, which the store's dedupe absorbs, and never skips one. A connector that raises is
reported and the other connectors still run. A store with `record_health(report)` (the database store) is
told how each poll went (failed or not, backlog). Items a connector refused, and mentions holding text no store
can keep (a lone surrogate or NUL, from any connector), are stored as rejected items (`reject`) before the
cursor moves past them, so one bad item never blocks a source nor vanishes. `MemoryStore` is for tests and one-off runs; `FolderStore`
keeps mentions as JSON lines and cursors as JSON in a folder (`socialguard listen --store DIR`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol, Sequence

from ..untrusted_json import printable, unstorable
from .connectors.base import Connector, Rejected
from .mention import Assignment, Mention, Understanding

Process = Callable[[list[Mention]], list[Mention]]


class MentionStore(Protocol):
    def add(self, mentions: Sequence[Mention]) -> int:
        """Store the mentions not stored yet (by key); return how many were new."""

    def cursor(self, source: str) -> dict[str, Any] | None: ...

    def save_cursor(self, source: str, cursor: dict[str, Any] | None) -> None: ...

    def reject(self, source: str, items: Sequence[Rejected]) -> None:
        """Keep the items `source` could not turn into mentions, for inspection."""


@dataclass
class SourceReport:
    """What one connector did in one poll."""

    name: str
    fetched: int = 0
    new: int = 0
    pages: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: bool = False  # the source itself failed (errors beyond refused items)
    backlog: bool = False  # stopped at the page limit with more to read


@dataclass
class Poller:
    connectors: Sequence[Connector]
    store: MentionStore
    process: Process | None = None

    def poll_once(self) -> list[SourceReport]:
        return [self.poll(connector) for connector in self.connectors]

    def poll(self, connector: Connector) -> SourceReport:
        report = SourceReport(connector.name)
        try:
            batch = connector.fetch(self.store.cursor(connector.name))
        except Exception as exc:  # a connector bug must not stop the other sources
            report.errors.append(f"{connector.name}: unexpected {type(exc).__name__}: {exc}")
            report.failed = True
            self._health(report)
            return report
        report.fetched, report.pages = len(batch.mentions), batch.pages
        report.errors, report.warnings = list(batch.errors), list(batch.warnings)
        report.failed, report.backlog = len(batch.errors) > len(batch.rejected), batch.more
        mentions, refused = screen(_unique(batch.mentions))
        report.errors += [f"{item.position}: {item.reason}" for item in refused]
        if self.process is not None and mentions:
            mentions = self.process(mentions)
        report.new = self.store.add(mentions)
        rejected = batch.rejected + refused
        if rejected:
            self.store.reject(connector.name, rejected)
        report.rejected = len(rejected)
        self.store.save_cursor(connector.name, batch.cursor)
        self._health(report)
        return report

    def _health(self, report: SourceReport) -> None:
        """Let a store that keeps sources' health (the database store) record this poll."""
        record = getattr(self.store, "record_health", None)
        if record is not None:
            record(report)


def screen(mentions: Sequence[Mention]) -> tuple[list[Mention], list[Rejected]]:
    """The mentions every store can keep, and a rejection for each one holding a lone surrogate or NUL."""
    kept, refused = [], []
    for mention in mentions:
        fields = {name: getattr(mention, name) for name in ("source", "external_id", "text", "url", "author", "lang",
                                                            "in_reply_to", "channel", "raw")}
        problem = unstorable(fields)
        if problem:
            refused.append(Rejected(f"id {printable(mention.external_id, 200)}", problem, printable(mention.raw)))
        else:
            kept.append(mention)
    return kept, refused


def _unique(mentions: Iterable[Mention]) -> list[Mention]:
    return list({m.key: m for m in mentions}.values())


class MemoryStore:
    """Mentions and cursors in dictionaries."""

    def __init__(self) -> None:
        self.mentions: dict[str, Mention] = {}
        self.cursors: dict[str, dict[str, Any] | None] = {}
        self.rejected: list[tuple[str, Rejected]] = []

    def add(self, mentions: Sequence[Mention]) -> int:
        new = 0
        for mention in mentions:
            if mention.key not in self.mentions:
                self.mentions[mention.key] = mention
                new += 1
        return new

    def cursor(self, source: str) -> dict[str, Any] | None:
        return self.cursors.get(source)

    def save_cursor(self, source: str, cursor: dict[str, Any] | None) -> None:
        self.cursors[source] = cursor

    def reject(self, source: str, items: Sequence[Rejected]) -> None:
        self.rejected += [(source, item) for item in items]


class FolderStore:
    """`mentions.jsonl` (appended, one mention a line), `rejected.jsonl` (appended, one refused item a line:
    source, position, reason, payload; ASCII JSON) and `cursors.json` (rewritten atomically) in a folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.mentions_file = self.folder / "mentions.jsonl"
        self.cursors_file = self.folder / "cursors.json"
        self.rejected_file = self.folder / "rejected.jsonl"
        self.keys = {m.key for m in self.read()}
        self.cursors = json.loads(self.cursors_file.read_text("utf-8")) if self.cursors_file.exists() else {}

    def add(self, mentions: Sequence[Mention]) -> int:
        fresh = [m for m in _unique(mentions) if m.key not in self.keys]
        if fresh:
            _append(self.mentions_file, [mention_to_json(m) for m in fresh])
            self.keys.update(m.key for m in fresh)
        return len(fresh)

    def reject(self, source: str, items: Sequence[Rejected]) -> None:
        _append(self.rejected_file, [{"source": source, **dataclasses.asdict(item)} for item in items], ascii_only=True)

    def cursor(self, source: str) -> dict[str, Any] | None:
        return self.cursors.get(source)

    def save_cursor(self, source: str, cursor: dict[str, Any] | None) -> None:
        self.cursors[source] = cursor
        temporary = self.cursors_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.cursors, indent=1, sort_keys=True), "utf-8")
        os.replace(temporary, self.cursors_file)

    def read(self) -> list[Mention]:
        if not self.mentions_file.exists():
            return []
        with self.mentions_file.open(encoding="utf-8") as stream:
            return [mention_from_json(json.loads(line)) for line in stream if line.strip()]


def _append(file: Path, records: list[dict[str, Any]], ascii_only: bool = False) -> None:
    """Append records as JSON lines; `ascii_only` for text from outside (no line separators or surrogates)."""
    with file.open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(record, ensure_ascii=ascii_only) + "\n" for record in records)
        out.flush()
        os.fsync(out.fileno())


def mention_to_json(mention: Mention) -> dict[str, Any]:
    data = dataclasses.asdict(mention)
    data["key"] = mention.key
    data["created_at"] = mention.created_at.isoformat() if mention.created_at else None
    return data


def mention_from_json(data: dict[str, Any]) -> Mention:
    data = dict(data)
    data.pop("key", None)
    created = data.get("created_at")
    data["created_at"] = dt.datetime.fromisoformat(created) if created else None
    if data.get("understanding"):
        data["understanding"] = Understanding(**{**data["understanding"], "topics": tuple(data["understanding"]["topics"])})
    if data.get("assignment"):
        data["assignment"] = Assignment(**data["assignment"])
    return Mention(**data)


__all__ = ["FolderStore", "MemoryStore", "MentionStore", "Poller", "SourceReport"]

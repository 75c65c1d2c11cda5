"""Importing platform exports: JSON lines (`.jsonl`, `.ndjson`) and CSV files, or a folder of them.

Each row is read like a webhook item (`records.py`: field aliases, an optional `fields` mapping). A bad row
is rejected as `file:line: what is wrong` (the style of `socialguard.batch`), kept with its payload for
inspection, and the other rows are still read; JSON lines go through the bounded loader (`untrusted_json`,
at most 5,000,000 bytes a line). Resuming: the cursor keeps, per file, how far it was read (bytes and line
for JSON lines, rows for CSV) and its size, so a file that grows is read from where it stopped, a file that shrank (replaced) is read
again from the start, and a half-written last JSON line waits for the next poll.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...csvfiles import Record, StreamLines, records
from ...untrusted_json import JsonRejected, loads, printable
from .base import Batch, Rejected
from .records import mention_from_record

SUFFIXES = (".jsonl", ".ndjson", ".csv")
MAX_ERRORS_PER_FILE = 50


@dataclass
class FileConnector:
    """One export file or a folder of them; `source` is the platform when rows do not say it."""

    path: Path
    source: str = "import"
    fields: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.path = Path(self.path)

    @property
    def name(self) -> str:
        return f"file:{self.path}"

    def fetch(self, cursor: dict[str, Any] | None) -> Batch:
        done = dict((cursor or {}).get("files", {}))
        batch = Batch(cursor={"files": done})
        if not self.path.exists():
            batch.errors.append(f"{self.path}: no such file or folder")
            return batch
        files = sorted(p for p in self.path.iterdir() if p.suffix.lower() in SUFFIXES) if self.path.is_dir() else [self.path]
        for file in files:
            if file.suffix.lower() not in SUFFIXES:
                batch.errors.append(f"{file}: unknown kind of file (expected {', '.join(SUFFIXES)})")
                continue
            done[file.name] = self._read(file, done.get(file.name) or {}, batch)
            batch.pages += 1
        return batch

    def _read(self, file: Path, state: dict, batch: Batch) -> dict:
        try:
            size = file.stat().st_size
            if size < state.get("size", 0):
                state = {}  # the file was replaced by a shorter one: read it again
            reader = self._read_csv if file.suffix.lower() == ".csv" else self._read_jsonl
            with file.open("rb") as stream:
                return reader(file, stream, state, batch) | {"size": size}
        except OSError as exc:
            batch.errors.append(f"{file}: cannot read ({exc.strerror or type(exc).__name__})")
            return state

    def _read_jsonl(self, file: Path, stream: Any, state: dict, batch: Batch) -> dict:
        offset, line = state.get("offset", 0), state.get("line", 0)
        stream.seek(offset)
        errors = _Errors(file, batch)
        for raw in stream:
            if not raw.endswith(b"\n"):
                break  # a line still being written: read it next time
            offset += len(raw)
            line += 1
            if raw.strip():
                self._add(_json_record(raw), raw.strip(), file, line, errors, batch)
        errors.close()
        return {"offset": offset, "line": line}

    def _read_csv(self, file: Path, stream: Any, state: dict, batch: Batch) -> dict:
        rows_done = state.get("rows", 0)
        errors = _Errors(file, batch)
        lines = StreamLines(stream)
        found = records(lines)
        header = next(found, None)
        if header is None or header.error or lines.undecodable_in(header):
            problem = "no header row" if header is None else header.error or "not UTF-8 text"
            errors.add(f"{file}:1: the header row is {problem}; no rows were read")
            errors.close()
            return {"rows": rows_done}
        lines.finish(header)
        names = [name.lstrip("\ufeff") for name in header.fields]
        rows = 0
        for record in found:
            if record.error or record.fields:
                rows += 1
                if rows > rows_done:
                    row = _csv_record(record, names, lines)
                    self._add(row, record.raw or record.fields, file, record.line, errors, batch)
            lines.finish(record)
        errors.close()
        return {"rows": rows}

    def _add(self, record: Any, payload: Any, file: Path, line: int, errors: "_Errors", batch: Batch) -> None:
        try:
            if isinstance(record, ValueError):
                raise record
            batch.mentions.append(mention_from_record(record, self.source, self.name, self.fields))
        except ValueError as exc:
            errors.reject(f"{file}:{line}", str(exc), printable(payload))


def _csv_record(record: Record, names: list[str], lines: StreamLines) -> dict | ValueError:
    if record.error:
        return ValueError(record.error)
    if lines.undecodable_in(record):
        return ValueError("not UTF-8 text")
    if len(record.fields) > len(names):
        return ValueError("more values than columns in the header")
    return dict(zip(names, record.fields))


def _json_record(raw: bytes) -> dict | ValueError:
    try:
        record = loads(raw)
    except JsonRejected as exc:
        return exc
    return record if isinstance(record, dict) else ValueError("expected a JSON object with a text field")


class _Errors:
    """A file's error lines, at most `MAX_ERRORS_PER_FILE` of them, then one line counting the rest; every
    rejected row is kept in the batch, listed or not."""

    def __init__(self, file: Path, batch: Batch) -> None:
        self.file, self.batch, self.count = file, batch, 0

    def add(self, message: str) -> None:
        self.count += 1
        if self.count <= MAX_ERRORS_PER_FILE:
            self.batch.errors.append(message)

    def reject(self, position: str, reason: str, payload: str) -> None:
        self.count += 1
        if self.count <= MAX_ERRORS_PER_FILE:
            self.batch.reject(position, reason, payload)
        else:
            self.batch.rejected.append(Rejected(position, reason, payload))

    def close(self) -> None:
        if self.count > MAX_ERRORS_PER_FILE:
            self.batch.errors.append(f"{self.file}: {self.count - MAX_ERRORS_PER_FILE} more bad rows not listed")

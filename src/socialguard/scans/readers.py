"""Reading archives of posts for a bulk scan: JSON lines, CSV and Parquet files, cut into partitions.

`input_files(patterns)` expands paths and globs; `plan_partitions(files, rows)` cuts every file into
partitions of about `rows` rows (line-aligned byte ranges for JSON lines, record-aligned byte ranges for
CSV, row-group slices for Parquet), each knowing the line (or row) number it starts at;
`read_partition(part)` yields one `Row` per input row: a `Post`, or the reason it was rejected.

A file that cannot be read at all (missing, binary garbage, not Parquet, a CSV without a `text` column)
raises `InputError` naming the file. A malformed row never stops the scan and is never dropped silently:
it becomes a `Row` with an `error`, and its line (row) number. Blank lines are not rows. CSV is parsed
strictly (`socialguard.csvfiles`): a record with a broken quote is rejected with the line it starts on, and
the lines after it are read again, so a broken quote never hides the records after it.

Columns besides the post's own fields (see `socialguard.batch.POST_FIELDS`): `id`, and the date of the
post as `created_at` (or `date`). In CSV, `links` is a JSON array or space-separated URLs, `media` and
`exceptions` are JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..batch import POST_FIELDS, parse_line, post_from_dict
from ..csvfiles import Record, StreamLines, records
from ..model import Post
from ..untrusted_json import JsonRejected, loads

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
DATE_FIELDS = ("created_at", "date")
META_FIELDS = ("id", *DATE_FIELDS)
JSON_CSV_FIELDS = ("media", "exceptions")
CHUNK_BYTES = 16 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
CSV_FIELD_LIMIT = 16 * 1024 * 1024

csv.field_size_limit(CSV_FIELD_LIMIT)


class InputError(ValueError):
    """An input file that cannot be scanned at all; the message names the file (and line)."""


@dataclass(frozen=True)
class Partition:
    """A slice of one input file, scanned as one task and written as one result file."""

    index: int
    path: str
    kind: str  # jsonl, csv or parquet
    start: int  # byte offset (jsonl, csv) or first row within the row group (parquet)
    stop: int  # byte offset (jsonl, csv) or row after the last, within the row group (parquet)
    first_line: int  # line number (jsonl, csv) or row number (parquet) of the first row, from 1
    rows: int  # lines (jsonl, blank ones included), records (csv) or rows (parquet) in the partition
    row_group: int = 0
    header: tuple[str, ...] = ()

    def describe(self) -> str:
        unit = "rows" if self.kind == "parquet" else "lines"
        return f"{self.path} {unit} {self.first_line:,}-{self.first_line + max(self.rows, 1) - 1:,}"


class Row(NamedTuple):
    """One input row: where it is, its id and date if given, and a post or the reason it was rejected.

    (A named tuple: one is made per input row, and it is the cheapest to make.)"""

    line: int
    id: str | None
    created_at: str | None
    post: Post | None = None
    error: str | None = None


def input_files(patterns: list[str]) -> list[Path]:
    """The files named by paths and globs, in order, each once; InputError for one that names nothing."""
    files: list[Path] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(f"{pattern}: no file matches")
        else:
            path = Path(pattern)
            if path.is_dir():
                raise InputError(f"{pattern}: is a directory (give files, or a glob such as {pattern}/*.jsonl)")
            if not path.exists():
                raise InputError(f"{pattern}: no such file")
            matches = [path]
        for path in matches:
            _format_of(path)
            if path.resolve() not in {f.resolve() for f in files}:
                files.append(path)
    return files


def plan_partitions(files: list[Path], rows_per_partition: int) -> list[Partition]:
    """Every file cut into partitions of about `rows_per_partition` rows, numbered from 0."""
    planned: list[Partition] = []
    for path in files:
        kind = _format_of(path)
        cut = {"jsonl": _jsonl_partitions, "csv": _csv_partitions, "parquet": _parquet_partitions}[kind]
        try:
            for part in cut(path.resolve(), rows_per_partition):
                planned.append(_numbered(part, len(planned)))
        except PermissionError:
            raise InputError(f"{path}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return planned


def read_partition(part: Partition) -> Iterator[Row]:
    """The rows of one partition, malformed ones included as rejected rows."""
    reader = {"jsonl": _jsonl_rows, "csv": _csv_rows, "parquet": _parquet_rows}[part.kind]
    return reader(part)


def _format_of(path: Path) -> str:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: unknown input format (expected {', '.join(FORMATS)})")
    return kind


def _numbered(part: Partition, index: int) -> Partition:
    return Partition(index, part.path, part.kind, part.start, part.stop, part.first_line, part.rows,
                     part.row_group, part.header)


def _refuse_binary(path: Path, what: str) -> None:
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    nul = head.find(b"\0")
    if nul >= 0:
        raise InputError(f"{path}: binary data, not {what} (a NUL byte at offset {nul})")


# --- JSON lines ------------------------------------------------------------------------------------------

def _jsonl_partitions(path: Path, every: int) -> Iterator[Partition]:
    """Line-aligned byte ranges of `every` lines, found by counting newlines (no JSON is parsed here)."""
    _refuse_binary(path, "JSON lines")
    size = path.stat().st_size
    starts = [(0, 1)]  # (byte offset, line number) where each partition starts
    lines, base = 0, 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            newlines = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            for k in range(every - lines % every - 1, len(newlines), every):
                if base + newlines[k] + 1 < size:
                    starts.append((base + int(newlines[k]) + 1, lines + k + 2))
            lines += len(newlines)
            base += len(chunk)
    if size == 0:
        return
    total_lines = lines + (0 if _ends_with_newline(path, size) else 1)
    ends = [*starts[1:], (size, total_lines + 1)]
    for (start, line), (stop, next_line) in zip(starts, ends):
        yield Partition(0, str(path), "jsonl", start, stop, line, next_line - line)


def _ends_with_newline(path: Path, size: int) -> bool:
    with path.open("rb") as stream:
        stream.seek(size - 1)
        return stream.read(1) == b"\n"


def _jsonl_rows(part: Partition) -> Iterator[Row]:
    with open(part.path, "rb") as stream:
        stream.seek(part.start)
        data = stream.read(part.stop - part.start)
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    for number, raw in enumerate(lines, start=part.first_line):
        if raw.strip():
            yield _json_row(raw, number)


def _json_row(raw: bytes, number: int) -> Row:
    try:
        obj = loads(raw)
    except JsonRejected:
        obj = None
    if not isinstance(obj, dict):  # let the shared line parser name the problem
        item = parse_line(raw, number, {})
        return Row(number, None, None, error=(item.error or "").removeprefix(f"line {number}: "))
    return _row_from_mapping(obj, number)


def _row_from_mapping(obj: dict[str, Any], number: int) -> Row:
    row_id = None if obj.get("id") is None else str(obj["id"])
    date = obj.get("created_at")
    created_at = _date_text(obj.get("date") if date is None else date)
    try:
        return Row(number, row_id, created_at, post=post_from_dict(obj, {}))
    except ValueError as exc:
        return Row(number, row_id, created_at, error=str(exc))


def _date_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, dt.timezone.utc).isoformat()
        except (OverflowError, OSError, ValueError):
            return str(value)
    return str(value)


# --- CSV -------------------------------------------------------------------------------------------------

def _csv_partitions(path: Path, every: int) -> Iterator[Partition]:
    """Record-aligned byte ranges of `every` records; quoted fields may span lines."""
    _refuse_binary(path, "CSV")
    if path.stat().st_size == 0:
        return
    with path.open("rb") as stream:
        lines = StreamLines(stream, 0, 1)
        found = records(lines)
        header = _csv_header(path, next(found, None), lines)
        start, first_line, count = lines.offset, lines.line, 0
        for record in found:
            count += 1
            end = lines.finish(record)
            if count == every:
                yield Partition(0, str(path), "csv", start, end, first_line, count, header=header)
                start, first_line, count = end, record.last_line + 1, 0
        if count:
            yield Partition(0, str(path), "csv", start, lines.offset, first_line, count, header=header)


def _csv_header(path: Path, first: Record | None, lines: StreamLines) -> tuple[str, ...]:
    if first is None:
        raise InputError(f"{path}: no header row")
    if first.error:
        raise InputError(f"{path}:1: the header row is {first.error}")
    if lines.undecodable:
        raise InputError(f"{path}:1: the header row is not UTF-8 text")
    lines.finish(first)
    header = tuple(name.strip().lstrip("\ufeff") for name in first.fields)
    if "text" not in header:
        raise InputError(f"{path}:1: no 'text' column in the header (columns: {', '.join(header) or 'none'})")
    return header


def _csv_rows(part: Partition) -> Iterator[Row]:
    with open(part.path, "rb") as stream:
        stream.seek(part.start)
        lines = StreamLines(stream, part.start, part.first_line)
        for record in records(lines, len(part.header), part.first_line):
            if record.error:
                yield Row(record.line, None, None, error=record.error)
            elif record.fields:
                yield _csv_row(part.header, record.fields, record.line, lines.undecodable_in(record))
            if lines.finish(record) >= part.stop:
                return


def _csv_row(header: tuple[str, ...], record: list[str], number: int, undecodable: bool) -> Row:
    if undecodable:
        return Row(number, None, None, error="not UTF-8 text")
    if len(record) != len(header):
        return Row(number, None, None, error=f"expected {len(header)} fields, found {len(record)}")
    obj: dict[str, Any] = {name: value for name, value in zip(header, record) if value != ""}
    for name in JSON_CSV_FIELDS:
        if name in obj:
            try:
                obj[name] = loads(obj[name])
            except JsonRejected:
                return Row(number, obj.get("id"), None, error=f"{name}: not valid JSON")
    if "links" in obj:
        obj["links"] = _csv_links(obj["links"])
    return _row_from_mapping(obj, number)


def _csv_links(cell: str) -> Any:
    """A JSON array of URLs, or URLs separated by spaces."""
    if cell.lstrip().startswith("["):
        try:
            return loads(cell)
        except JsonRejected:
            pass
    return cell.split()


# --- Parquet ---------------------------------------------------------------------------------------------

def _parquet_file(path: Path | str) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: not a readable Parquet file ({reason})") from None


def _parquet_partitions(path: Path, every: int) -> Iterator[Partition]:
    """Slices of at most `every` rows, each inside one row group."""
    parquet = _parquet_file(path)
    if "text" not in parquet.schema_arrow.names:
        raise InputError(f"{path}: no 'text' column (columns: {', '.join(parquet.schema_arrow.names)})")
    row = 1
    for group in range(parquet.metadata.num_row_groups):
        group_rows = parquet.metadata.row_group(group).num_rows
        for start in range(0, group_rows, every):
            stop = min(start + every, group_rows)
            yield Partition(0, str(path), "parquet", start, stop, row, stop - start, row_group=group)
            row += stop - start


def _parquet_rows(part: Partition) -> Iterator[Row]:
    parquet = _parquet_file(part.path)
    wanted = [name for name in parquet.schema_arrow.names if name in POST_FIELDS or name in META_FIELDS]
    try:
        table = parquet.read_row_group(part.row_group, columns=wanted).slice(part.start, part.stop - part.start)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{part.path}: row group {part.row_group} cannot be read ({exc})") from None
    for number, obj in enumerate(table.to_pylist(), start=part.first_line):
        yield _row_from_mapping(obj, number)

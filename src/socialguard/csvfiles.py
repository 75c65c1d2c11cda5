"""CSV in and out: strict records that never swallow their neighbours, and cells a spreadsheet will not run.

Reading, `records(lines)`: every physical record of a CSV text, numbered by the line it starts on, as its
fields or as the reason it is broken. Parsing is strict (`csv` with `strict=True`), so a quote that is not
closed where a record can end is an error instead of a field that runs on to the end of the file. A broken
record is rejected with its first line, and reading goes on at the line after it: the lines a broken quote
had taken in are read again as records of their own. A quoted field that spans lines and leaves the record
with more or fewer fields than the header counts as broken too (that is how a missing closing quote looks
when a later quote happens to close it). So the records reported, good and rejected, add up to the
records of the file, and no good record is lost behind a bad one.

Writing, `writer(handle)` and `safe_cell(value)`: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading apostrophe, so that a spreadsheet shows it as text instead of running it as
a formula (OWASP, "CSV injection"). A handle or a phone number (`@acme`, `+48 600 100 200`, `-30%`),
which has nothing after its first character but letters, digits, spaces, dots, hyphens and `%`, cannot
call a function and is left as it is. `safe_arrow_column` applies the same rule to a column of an Arrow
table written with `pyarrow.csv`.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from typing import Any, BinaryIO, Iterable, Iterator, NamedTuple

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START_PATTERN = r"^[=+\-@\t\r]"
_PLAIN = re.compile(r"[@+-][\w .%-]*")


# --- reading ---------------------------------------------------------------------------------------------

class Record(NamedTuple):
    """One physical record: the lines it spans, its fields, or (fields empty) why it is broken and its first
    line as written (`raw`)."""

    line: int
    last_line: int
    fields: list[str]
    error: str | None = None
    raw: str = ""


def records(lines: Iterable[str], width: int | None = None, first_line: int = 1,
            delimiter: str = ",") -> Iterator[Record]:
    """The records of `lines` (physical lines, each with its line ending), the first numbered `first_line`.

    `width` is the number of fields a record spanning several lines must have; without it, the first good
    record (the header) sets it.
    """
    source = _Replay(iter(lines), first_line)
    while True:
        reader = csv.reader(source, delimiter=delimiter, strict=True)
        for fields in _parsed(reader, source):
            if isinstance(fields, csv.Error):
                yield source.reject(_problem(fields, source))
                break
            if width is not None and source.spans_lines() and len(fields) != width:
                yield source.reject(f"not valid CSV: a quoted field opened on this line runs on to line "
                                    f"{source.last_line} and leaves {len(fields)} fields instead of {width}")
                break
            width = len(fields) if width is None else width
            yield source.accept(fields)
        else:
            return


def _problem(error: csv.Error, source: "_Replay") -> str:
    text = str(error)
    if text == "unexpected end of data":
        return "not valid CSV: a quote opened on this line is never closed"
    if text.startswith("field larger than field limit"):
        text = f"a field longer than {csv.field_size_limit():,} characters"
    elif text.endswith("expected after '\"'"):
        text = "text after a closing quote; a quote inside a quoted field is written twice"
    if source.spans_lines():
        return f"not valid CSV: a quoted field opened on this line breaks on line {source.last_line} ({text})"
    return f"not valid CSV: {text}"


def _parsed(reader: Any, source: "_Replay") -> Iterator[list[str] | csv.Error]:
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield exc


class _Replay:
    """The lines for `csv.reader`, keeping those of the record being read, so that after a broken record
    the lines after its first can be given to a new reader again."""

    def __init__(self, lines: Iterator[str], first_line: int) -> None:
        self.lines = lines
        self.again: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []
        self.next_line = first_line

    def __iter__(self) -> "_Replay":
        return self

    def __next__(self) -> str:
        if self.again:
            number, text = self.again.popleft()
        else:
            text = next(self.lines)
            number, self.next_line = self.next_line, self.next_line + 1
        self.taken.append((number, text))
        return text

    @property
    def last_line(self) -> int:
        return self.taken[-1][0]

    def spans_lines(self) -> bool:
        return len(self.taken) > 1

    def accept(self, fields: list[str]) -> Record:
        record = Record(self.taken[0][0], self.taken[-1][0], fields)
        self.taken = []
        return record

    def reject(self, error: str) -> Record:
        first, raw = self.taken[0]
        self.again.extendleft(reversed(self.taken[1:]))
        self.taken = []
        return Record(first, first, [], error, raw)


class StreamLines:
    """The decoded lines of a binary stream for `records`, remembering where each line ends.

    Lines that are not UTF-8 are decoded with surrogate escapes and remembered, so the record they belong
    to can be rejected with its line number instead of failing the whole file.
    """

    def __init__(self, stream: BinaryIO, offset: int = 0, line: int = 1) -> None:
        self.stream = stream
        self.offset = offset
        self.line = line  # number of the next line
        self.ends: dict[int, int] = {}  # line -> byte offset after it, for lines of records not yet finished
        self.undecodable: set[int] = set()

    def __iter__(self) -> "StreamLines":
        return self

    def __next__(self) -> str:
        raw = self.stream.readline()
        if not raw:
            raise StopIteration
        self.offset += len(raw)
        self.ends[self.line] = self.offset
        self.line += 1
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.undecodable.add(self.line - 1)
            return raw.decode("utf-8", "surrogateescape")

    def undecodable_in(self, record: Record) -> bool:
        return any(n in self.undecodable for n in range(record.line, record.last_line + 1))

    def finish(self, record: Record) -> int:
        """The byte offset after `record`, whose lines are then forgotten."""
        end = self.ends[record.last_line]
        for number in range(record.line, record.last_line + 1):
            self.ends.pop(number, None)
            self.undecodable.discard(number)
        return end


# --- writing ---------------------------------------------------------------------------------------------

def safe_cell(value: Any) -> Any:
    """`value` with a leading apostrophe when a spreadsheet could run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN.fullmatch(value):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The text of a cell that `safe_cell` wrote (a person's cell is returned as it is)."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_START else value


class _SafeWriter:
    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: Any, **options: Any) -> _SafeWriter:
    """A `csv.writer` (same options) whose cells go through `safe_cell`."""
    return _SafeWriter(handle, **options)


def safe_arrow_column(column: Any) -> Any:
    """A string column of an Arrow table with `safe_cell` applied to each value (only the few that start
    like a formula are looked at in Python)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    risky = pc.fill_null(pc.match_substring_regex(column, _FORMULA_START_PATTERN), False)
    if not pc.any(risky).as_py():
        return column
    values = [safe_cell(v) if r else v for v, r in zip(column.to_pylist(), risky.to_pylist())]
    safe = pa.array(values, pa.string())
    return pa.chunked_array([safe]) if isinstance(column, pa.ChunkedArray) else safe

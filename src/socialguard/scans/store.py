"""The output directory of a bulk scan, and how an interrupted scan resumes.

Layout of `--out DIR`:

- `manifest.json`: what is being scanned (input files with size and modification time, the policy's hash,
  the result format, the partitions);
- `part-00000.parquet` (or `.jsonl`): one result record per input row of partition 0;
- `part-00000.flagged.csv` and `part-00000.rejected.csv`: that partition's rows of the report's CSV files
  (without a header), written by the worker so that the report only concatenates them;
- `part-00000.tally.json`: that partition's counts, written last;
- `summary.json`, `report.html`, `flagged.csv`, `rejected.csv`: the report, written at the end.

Every file is written to a temporary name and renamed into place, so a killed scan leaves either a whole
file or none. A partition is finished when its results, CSV rows and tally all exist; running the same scan
again into the same directory scans only the partitions that are not.
"""

from __future__ import annotations

import json
import os
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any, Iterator

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..csvfiles import safe_arrow_column
from .readers import Partition
from .tally import Tally

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
REPORT_FILES = ("summary.json", "report.html", "flagged.csv", "rejected.csv")
FORMATS = ("parquet", "jsonl")
CSV_ROWS = pacsv.WriteOptions(include_header=False, eol="\r\n")
RESULT_SCHEMA = pa.schema([
    ("file", pa.string()),
    ("line", pa.int64()),
    ("id", pa.string()),
    ("created_at", pa.string()),
    ("account", pa.string()),
    ("account_handle", pa.string()),
    ("platform", pa.string()),
    ("author", pa.string()),
    ("role", pa.string()),
    ("lang", pa.string()),
    ("outcome", pa.string()),
    ("rules", pa.list_(pa.string())),
    ("findings", pa.string()),  # JSON array of findings (a list in JSON-lines results)
    ("text", pa.string()),  # flagged posts only
    ("error", pa.string()),  # rejected rows only
])


class OutputError(ValueError):
    """The output directory cannot be used for this scan; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    """What a scan in a directory scans; a scan resumes only when everything but the partitions matches."""

    policy_sha256: str
    policy_name: str
    policy_version: str
    format: str
    partition_rows: int
    inputs: list[dict[str, Any]]
    partitions: list[Partition]

    def differences_in(self, inputs: list[dict[str, Any]], policy_sha256: str, fmt: str,
                       partition_rows: int) -> list[str]:
        """What differs from a scan of these inputs, policy, format and partition size, in words."""
        differs = {"input files": self.inputs != inputs, "policy": self.policy_sha256 != policy_sha256,
                   "--format": self.format != fmt, "--partition-rows": self.partition_rows != partition_rows}
        return [name for name, different in differs.items() if different]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["version"] = MANIFEST_VERSION
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Manifest":
        parts = [Partition(**{**p, "header": tuple(p["header"])}) for p in data["partitions"]]
        fields = {k: data[k] for k in ("policy_sha256", "policy_name", "policy_version", "format", "partition_rows",
                                       "inputs")}
        return cls(**fields, partitions=parts)


def input_fingerprint(files: list[Path]) -> list[dict[str, Any]]:
    stats = [(f.resolve(), f.stat()) for f in files]
    return [{"path": str(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns} for path, st in stats]


def read_manifest(out_dir: Path) -> Manifest | None:
    path = out_dir / MANIFEST
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        data = json.loads(text)
        if data.get("version") != MANIFEST_VERSION:
            raise ValueError(f"version {data.get('version')}")
        return Manifest.from_dict(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{path}: not a manifest of this version of socialguard ({exc}); "
                          "give an empty --out directory or add --restart") from None


def start(out_dir: Path, wanted: Manifest, earlier: Manifest | None, restart: bool) -> Manifest:
    """The manifest to scan with: the `earlier` one found in `out_dir` when resuming the same scan, else
    `wanted`, written; with `restart`, the earlier scan's files are removed first."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if restart:
            clear(out_dir)
            earlier = None
        remove_temporary_files(out_dir)
        if earlier is None:
            write_json(out_dir / MANIFEST, wanted.as_dict())
            return wanted
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot be used as the output folder ({exc.strerror or exc})") from None
    differences = earlier.differences_in(wanted.inputs, wanted.policy_sha256, wanted.format, wanted.partition_rows)
    if differences:
        raise OutputError(f"{out_dir}: holds a scan with other {', '.join(differences)}; give an empty --out "
                          "directory, or add --restart to discard it and start over")
    return earlier


def clear(out_dir: Path) -> None:
    """Remove what a scan wrote (and nothing else)."""
    for path in out_dir.glob("part-*"):
        if path.suffix in (".parquet", ".jsonl", ".csv") or path.name.endswith(".tally.json"):
            path.unlink()
    for name in (MANIFEST, *REPORT_FILES):
        (out_dir / name).unlink(missing_ok=True)


def remove_temporary_files(out_dir: Path) -> None:
    for path in out_dir.glob(".*.tmp-*"):
        path.unlink(missing_ok=True)


def result_path(out_dir: Path, index: int, fmt: str) -> Path:
    return out_dir / f"part-{index:05d}.{fmt}"


def tally_path(out_dir: Path, index: int) -> Path:
    return out_dir / f"part-{index:05d}.tally.json"


def csv_rows_path(out_dir: Path, index: int, kind: str) -> Path:
    """The partition's rows of `flagged.csv` or `rejected.csv` (kind: flagged or rejected)."""
    return out_dir / f"part-{index:05d}.{kind}.csv"


def finished(out_dir: Path, manifest: Manifest) -> set[int]:
    def complete(index: int) -> bool:
        paths = (result_path(out_dir, index, manifest.format), csv_rows_path(out_dir, index, "flagged"),
                 csv_rows_path(out_dir, index, "rejected"), tally_path(out_dir, index))
        return all(path.exists() for path in paths)

    return {p.index for p in manifest.partitions if complete(p.index)}


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")


@contextmanager
def open_atomically(path: Path, mode: str = "wb", **options: Any) -> Iterator[IO]:
    """A whole file or nothing: written under a temporary name, renamed into place when the block ends."""
    temporary = _temporary(path)
    try:
        with temporary.open(mode, **options) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes) -> None:
    with open_atomically(path) as stream:
        stream.write(data)


def write_json(path: Path, data: Any) -> None:
    write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def write_results(out_dir: Path, index: int, table: pa.Table, fmt: str) -> None:
    """One partition's result table (its `findings` JSON text) as Parquet, or as JSON lines with the findings
    as a list."""
    path = result_path(out_dir, index, fmt)
    if fmt == "jsonl":
        write_bytes(path, "".join(map(_json_line, table.to_pylist())).encode("utf-8"))
        return
    with open_atomically(path) as stream:
        pq.write_table(table, stream, compression="zstd")


def _json_line(record: dict[str, Any]) -> str:
    """A result record as a line of JSON, its findings (already JSON) put in as they are, as the last field."""
    findings = record.pop("findings")
    return f'{json.dumps(record, ensure_ascii=False)[:-1]}, "findings": {findings}}}\n'


def write_csv_rows(path: Path, table: pa.Table) -> None:
    """The rows of `table` as CSV without a header (every text quoted, lines ended by CRLF, as by `csv`;
    texts a spreadsheet would run as formulas guarded by `csvfiles.safe_cell`)."""
    safe = pa.table([safe_arrow_column(c) if pa.types.is_string(c.type) else c for c in table.columns],
                    names=table.column_names)
    with open_atomically(path) as stream:
        pacsv.write_csv(safe, stream, CSV_ROWS)


def write_tally(out_dir: Path, index: int, tally: Tally) -> None:
    write_json(tally_path(out_dir, index), tally.as_dict())


def read_tally(out_dir: Path, index: int) -> Tally:
    return Tally.from_dict(json.loads(tally_path(out_dir, index).read_text(encoding="utf-8")))


def read_results(out_dir: Path, index: int, fmt: str) -> Iterator[dict[str, Any]]:
    """The result records of one partition, with their findings as a list."""
    path = result_path(out_dir, index, fmt)
    if fmt == "jsonl":
        with path.open(encoding="utf-8") as stream:
            yield from (json.loads(line) for line in stream)
        return
    for record in pq.read_table(path).to_pylist():
        yield {**record, "findings": json.loads(record["findings"])}

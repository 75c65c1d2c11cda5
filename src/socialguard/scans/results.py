"""One partition's results, gathered while its rows are checked and turned into Arrow tables once at the end.

A checked or rejected row becomes one plain tuple (its result record, in `store.RESULT_SCHEMA`'s order
after `file`); a flagged post also keeps the rules of its active findings and its line of findings for
`flagged.csv`. Nothing else is kept: no `Post` or `Verdict` outlives its check. A verdict's findings are
serialised to JSON once, in one call, and only when it has some. `finish()` transposes the tuples into the
result table (one Arrow array per column), selects that table's rows and columns for the report's CSV
files, and counts the partition's `Tally`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import TypeAdapter

from ..model import Finding, Verdict
from .readers import Row
from .report import FLAGGED_COLUMNS, REJECTED_COLUMNS
from .store import RESULT_SCHEMA
from .tally import Tally

FINDINGS_JSON = TypeAdapter(list[Finding])
NO_FINDINGS = b"[]"
NO_RULES = ()
RECORD_FIELDS = RESULT_SCHEMA.names[1:]  # a record's fields after `file`, which is the partition's
OUTCOME = RECORD_FIELDS.index("outcome")
UNKNOWN_BEFORE_OUTCOME = (None,) * (OUTCOME - 3)  # a rejected row's account ... lang
FLAGGED_FROM_RESULTS = [name for name in FLAGGED_COLUMNS if name != "findings"]  # not the JSON: it is put in words


@dataclass
class FinishedPartition:
    """What a partition's scan writes: its result table, its rows of flagged.csv and rejected.csv, its tally."""

    results: pa.Table
    flagged: pa.Table
    rejected: pa.Table
    tally: Tally


class PartitionResults:
    """The results of one partition's rows (of input file `path`), in input order."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.records: list[tuple[Any, ...]] = []
        self.flagged_rules: list[list[str]] = []  # for each flagged post, the rule of each active finding
        self.findings_lines: list[str] = []  # for each flagged post, flagged.csv's findings column

    def add_checked(self, row: Row, verdict: Verdict) -> None:
        post, findings = row.post, verdict.findings
        checked = (row.line, row.id, row.created_at, post.account, post.account_handle, post.platform, post.author,
                   post.role, verdict.lang, verdict.outcome.value)
        if not findings:  # most posts: nothing to serialise or count
            self.records.append((*checked, NO_RULES, NO_FINDINGS, None, None))
            return
        active = [f for f in findings if f.suppressed is None]
        rules = [f.rule for f in active]
        findings_json = FINDINGS_JSON.dump_json(findings)  # UTF-8 bytes: Arrow takes them as text without a copy
        self.records.append((*checked, sorted(set(rules)), findings_json, post.text if active else None, None))
        if active:
            self.flagged_rules.append(rules)
            self.findings_lines.append("; ".join(f"{f.rule} ({f.severity.value}): {f.match}" for f in active))

    def add_rejected(self, row: Row) -> None:
        self.records.append((row.line, row.id, row.created_at, *UNKNOWN_BEFORE_OUTCOME, None, NO_RULES, NO_FINDINGS,
                             None, row.error))

    def finish(self) -> FinishedPartition:
        columns = list(zip(*self.records)) or [()] * len(RECORD_FIELDS)
        arrays = [pa.array(values, RESULT_SCHEMA.field(name).type) for name, values in zip(RECORD_FIELDS, columns)]
        file = pa.repeat(pa.scalar(self.path, pa.string()), len(self.records))
        results = pa.Table.from_arrays([file, *arrays], schema=RESULT_SCHEMA)
        flagged = results.select(FLAGGED_FROM_RESULTS).filter(pc.greater(pc.list_value_length(results["rules"]), 0))
        tally = Tally()
        tally.count_rows(columns[OUTCOME])
        tally.count_flagged(self.flagged_rules, *(flagged[name].to_pylist()
                                                  for name in ("account", "account_handle", "author", "created_at")))
        return FinishedPartition(results, self._flagged_rows(flagged),
                                 results.filter(pc.is_valid(results["error"])).select(list(REJECTED_COLUMNS)), tally)

    def _flagged_rows(self, flagged: pa.Table) -> pa.Table:
        """flagged.csv's rows: the flagged posts' results, their rules joined and their findings in words."""
        words = {"rules": pc.binary_join(flagged["rules"], ";"), "findings": pa.array(self.findings_lines, pa.string())}
        columns = [words[name] if name in words else flagged[name] for name in FLAGGED_COLUMNS]
        return pa.table(columns, names=list(FLAGGED_COLUMNS))

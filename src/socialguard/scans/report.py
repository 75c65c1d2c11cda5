"""The report of a finished bulk scan, written into its output directory.

- `summary.json`: input, checked and rejected rows (which add up), outcomes, flagged posts, and findings
  and flagged posts by rule, account, author and month;
- `report.html`: the same with charts (inline SVG), readable offline, with the first rejected rows;
- `flagged.csv`: every post with at least one active finding: where it is, its rules, findings and text;
- `rejected.csv`: every row that could not be checked, with its file, line and the reason.

A CSV cell that a spreadsheet would run as a formula (a post that starts with `=HYPERLINK(...)`) starts
with an apostrophe (`socialguard.csvfiles`).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..csvfiles import records, unescape_cell, writer
from . import store
from .charts import bar_chart, column_chart
from .tally import DIMENSIONS, NO_DATE, Tally

TOP = 20
TABLE_ROWS = 100
REJECTED_SHOWN = 100
FLAGGED_COLUMNS = ("file", "line", "id", "created_at", "account", "account_handle", "platform", "author", "outcome",
                   "rules", "findings", "text")
REJECTED_COLUMNS = ("file", "line", "id", "error")
TITLES = {"rule": "Findings by rule", "account": "Findings by account", "author": "Findings by author",
          "month": "Findings by month"}


@dataclass
class ScanReport:
    """What a finished scan found, and where its report files are."""

    out_dir: Path
    manifest: store.Manifest
    tally: Tally
    rejected: list[dict[str, Any]] = field(default_factory=list)  # the first REJECTED_SHOWN rejected rows

    def path(self, name: str) -> Path:
        return self.out_dir / name


def write_report(out_dir: Path) -> ScanReport:
    """Merge the partitions' tallies and results into the report files; OutputError if unfinished."""
    manifest = store.read_manifest(out_dir)
    if manifest is None:
        raise store.OutputError(f"{out_dir}: no scan here (no {store.MANIFEST})")
    done = store.finished(out_dir, manifest)
    if len(done) < len(manifest.partitions):
        raise store.OutputError(f"{out_dir}: the scan is not finished ({len(done)} of {len(manifest.partitions)} "
                                "partitions); run it again to resume")
    tally = Tally()
    for part in manifest.partitions:
        tally.merge(store.read_tally(out_dir, part.index))
    if not tally.adds_up:
        raise store.OutputError(f"{out_dir}: the partition tallies do not add up; add --restart to scan again")
    report = ScanReport(out_dir, manifest, tally)
    _write_row_files(report)
    store.write_json(report.path("summary.json"), summary(report))
    store.write_bytes(report.path("report.html"), render_html(report).encode("utf-8"))
    return report


def summary(report: ScanReport) -> dict[str, Any]:
    manifest, tally = report.manifest, report.tally
    return {
        "policy": {"name": manifest.policy_name, "version": manifest.policy_version,
                   "sha256": manifest.policy_sha256},
        "inputs": manifest.inputs,
        "partitions": len(manifest.partitions),
        **tally.as_dict(),
        "outcomes": tally.outcome_counts(),
    }


def _write_row_files(report: ScanReport) -> None:
    """flagged.csv and rejected.csv: a header, then the rows the workers wrote for each partition, in order."""
    for kind, columns in (("flagged", FLAGGED_COLUMNS), ("rejected", REJECTED_COLUMNS)):
        options = {"encoding": "utf-8", "newline": ""}
        with store.open_atomically(report.path(f"{kind}.csv"), "w", **options) as out:
            writer(out).writerow(columns)
            for part in report.manifest.partitions:
                with store.csv_rows_path(report.out_dir, part.index, kind).open(**options) as rows:
                    shutil.copyfileobj(rows, out)
    with report.path("rejected.csv").open(encoding="utf-8", newline="") as stream:
        found = records(stream)
        header = next(found).fields
        report.rejected = [{name: unescape_cell(value) for name, value in zip(header, record.fields)}
                           for _, record in zip(range(REJECTED_SHOWN), found)]


def render_html(report: ScanReport) -> str:
    template = resources.files(__package__).joinpath("report.html.j2").read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(template).render(
        report=report,
        tally=report.tally,
        outcomes=report.tally.outcome_counts(),
        sections=[_section(report.tally, d) for d in DIMENSIONS],
        generated=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )


def _section(tally: Tally, dimension: str) -> dict[str, Any]:
    findings, flagged = tally.findings[dimension], tally.flagged[dimension]
    if dimension == "month":
        keys = sorted(findings, key=lambda k: (k == NO_DATE, k))
        chart = column_chart(TITLES[dimension], [(k, findings[k]) for k in keys])
    else:
        keys = [k for k, _ in findings.most_common()]
        chart = bar_chart(TITLES[dimension], [(k, findings[k]) for k in keys[:TOP]])
    return {
        "dimension": dimension,
        "title": TITLES[dimension],
        "chart": Markup(chart),  # built from escaped labels in charts.py
        "rows": [(k, findings[k], flagged[k]) for k in keys[:TABLE_ROWS]],
        "more": max(len(keys) - TABLE_ROWS, 0),
    }

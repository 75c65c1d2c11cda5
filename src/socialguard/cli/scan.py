"""`socialguard scan`: whole archives (JSON lines, CSV, Parquet files or globs, or `db:ORG`, the web app's
archive of one organisation) checked against a policy on Dask, with results, a report (HTML with charts,
CSV of flagged posts) and resume after an interruption.

`db:ORG` first writes the organisation's posts to `--out/archive-ORG.jsonl` (kept, so that a resumed scan
reads the same snapshot; `--restart` takes a new one) and, without `--policy`, uses its current policy.

Exit codes as for `check`: 0 every post ok (or ok with warnings), 1 some post needs approval or is blocked,
2 bad input or usage (one line on stderr), also when some rows were malformed (listed in `rejected.csv`);
130 when interrupted (run the same command again to resume).
"""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from ..policy import PolicyError
from ..scans import DEFAULT_PARTITION_ROWS
from ._errors import USAGE_ERROR, fail, policy_or_fail

INTERRUPTED = 130
DB_PREFIX = "db:"
REJECTED_SHOWN = 5


class ResultFormat(str, Enum):
    parquet = "parquet"
    jsonl = "jsonl"


def register(app: typer.Typer) -> None:
    app.command()(scan)


def scan(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...",
                                       help="JSON lines, CSV or Parquet files, globs of them (quoted), "
                                            "or db:ORG for the web app's archive of an organisation."),
    policy: Optional[Path] = typer.Option(None, "--policy", "-p", help="Policy file (default: built-in)."),
    out: Path = typer.Option(..., "--out", "-o", help="Directory for results and report; scanning into it again "
                                                      "resumes an interrupted scan."),
    scheduler: Optional[str] = typer.Option(None, help="Address of an existing Dask cluster, e.g. "
                                                       "tcp://host:8786 (default: a local cluster)."),
    workers: Optional[int] = typer.Option(None, min=1, help="Worker processes of the local cluster "
                                                            "(default: one per core)."),
    format: ResultFormat = typer.Option(ResultFormat.parquet, "--format", "-f", help="Format of the result files."),
    partition_rows: int = typer.Option(DEFAULT_PARTITION_ROWS, min=1, help="Rows per partition (one task each)."),
    restart: bool = typer.Option(False, help="Discard an earlier scan in --out and start over."),
) -> None:
    """Scan archives of posts against the policy; write results and a report into --out."""
    if scheduler and workers:
        fail("--workers sizes the local cluster; with --scheduler the cluster's own workers are used")
    inputs, org_policy = _archives_from_database(inputs, out, restart)
    policy_text, policy_name = org_policy if org_policy and policy is None else _policy_source(policy)
    from ..scans import report as reports  # Dask and Arrow load only when a scan runs
    from ..scans import run
    from ..scans.readers import InputError
    from ..scans.store import OutputError

    try:
        plan = run.prepare(inputs, policy_text, policy_name, out, format.value, partition_rows, restart)
        scanned, seconds = _execute(plan, run, scheduler, workers)
        report = reports.write_report(plan.out_dir)
    except (InputError, OutputError, run.ScanError, PolicyError) as exc:
        fail(str(exc))
    except OSError as exc:  # the output folder failed later on (full disk, permissions changed)
        fail(f"{exc.filename or out}: cannot be written ({exc.strerror or exc})")
    except KeyboardInterrupt:
        print(f"socialguard: interrupted; finished partitions are kept in {out}: run the same command again "
              "to resume", file=sys.stderr)
        raise typer.Exit(INTERRUPTED) from None
    _print_summary(report, plan, scanned, seconds)
    raise typer.Exit(_exit_code(report))


def _archives_from_database(inputs: list[str], out: Path, restart: bool) -> tuple[list[str], tuple[str, str] | None]:
    """Replace each `db:ORG` input by an export of that organisation's posts; return the inputs and, when
    there is one organisation, its current policy (YAML text, name)."""
    orgs = [i.removeprefix(DB_PREFIX) for i in inputs if i.startswith(DB_PREFIX)]
    if not orgs:
        return inputs, None
    from ..djangosetup import setup_django

    setup_django()
    from ..orgs.models import Organisation
    from ..orgs.policies import PolicyUnavailable, current_policy
    from ..workflow.archive import export_jsonl

    replaced, org_policy = [], None
    for item in inputs:
        if not item.startswith(DB_PREFIX):
            replaced.append(item)
            continue
        slug = item.removeprefix(DB_PREFIX)
        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            fail(f"{item}: no organisation {slug!r} in the database")
        path = out / f"archive-{slug}.jsonl"
        if restart or not path.exists():
            try:
                out.mkdir(parents=True, exist_ok=True)
                export_jsonl(org, path)
            except OSError as exc:
                fail(f"{out}: cannot be used as the output folder ({exc.strerror or exc})")
        replaced.append(str(path))
        if len(orgs) == 1:
            try:
                version, _ = current_policy(org)
            except PolicyUnavailable as exc:
                fail(str(exc))
            org_policy = (version.yaml, f"{slug} policy v{version.number}")
    return replaced, org_policy


def _policy_source(path: Path | None) -> tuple[str, str]:
    """The policy's YAML text (for the workers to compile) and its name, once it is known to load."""
    policy_or_fail(path)
    if path is None:
        from ..policy.loader import DEFAULT_POLICY

        return DEFAULT_POLICY.read_text(encoding="utf-8"), "<built-in default policy>"
    return path.read_text(encoding="utf-8"), str(path)


def _execute(plan: Any, run: Any, scheduler: str | None, workers: int | None) -> tuple[int, float]:
    """Run the pending partitions with a progress bar on stderr; return rows scanned now and seconds."""
    if not plan.pending:
        return 0, 0.0
    console = Console(stderr=True)
    columns = (TextColumn("scanning"), BarColumn(), TextColumn("{task.completed:,.0f}/{task.total:,.0f} posts"),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn())
    with run.dask_client(scheduler, workers) as client, \
            Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        task = progress.add_task("scan", total=plan.total_rows, completed=plan.done_rows, rate="")
        started = time.perf_counter()
        scanned = 0

        def advance(part: Any, _summary: dict) -> None:
            nonlocal scanned
            scanned += part.rows
            rate = scanned / max(time.perf_counter() - started, 1e-9)
            progress.update(task, advance=part.rows, rate=f"{rate:,.0f} posts/s")

        run.execute(plan, client, advance)
        return scanned, time.perf_counter() - started


def _print_summary(report: Any, plan: Any, scanned: int, seconds: float) -> None:
    tally = report.tally
    resumed = len(plan.manifest.partitions) - len(plan.pending)
    speed = f" in {seconds:,.1f} s ({scanned / seconds:,.0f} rows/s)" if seconds else ""
    print(f"scanned {tally.input_rows:,} rows from {len(plan.manifest.inputs)} file(s){speed}, "
          f"{len(plan.manifest.partitions)} partitions ({resumed} finished earlier)")
    print(f"  checked {tally.checked_rows:,} + rejected {tally.rejected_rows:,} = input {tally.input_rows:,}")
    print("  outcomes: " + ", ".join(f"{k} {v:,}" for k, v in tally.outcome_counts().items()))
    print(f"  flagged posts: {tally.flagged_posts:,}")
    for name in ("report.html", "flagged.csv", "rejected.csv", "summary.json"):
        print(f"{name.split('.')[0]}: {report.path(name)}")
    for row in report.rejected[:REJECTED_SHOWN]:
        print(f"socialguard: warning: {row['file']}:{row['line']}: {row['error']}", file=sys.stderr)


def _exit_code(report: Any) -> int:
    tally = report.tally
    if tally.rejected_rows:
        print(f"socialguard: error: {tally.rejected_rows:,} row(s) could not be checked; all are listed in "
              f"{report.path('rejected.csv')}", file=sys.stderr)
        return USAGE_ERROR
    outcomes = tally.outcome_counts()
    return 1 if outcomes["needs_approval"] or outcomes["blocked"] else 0

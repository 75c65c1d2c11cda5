"""`socialguard check`: one post (argument or stdin) or a JSON-lines batch, judged against a policy."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from ..batch import Item, read_jsonl
from ..classifiers import ModelError
from ..engine import checker
from ..model import Outcome, Verdict
from ..policy import Policy
from ._errors import USAGE_ERROR, fail, policy_or_fail
from ._input import one_or_batch, single_post
from ._sarif import sarif_report
from ._text import print_verdict

PROGRESS_AFTER_BYTES = 1_000_000


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"


class Account(str, Enum):
    brand = "brand"
    personal = "personal"


def register(app: typer.Typer) -> None:
    app.command()(check)


def check(
    text: Optional[str] = typer.Argument(None, help="The post to check, or - to read it from stdin."),
    input: Optional[Path] = typer.Option(None, "--input", "-i", help="JSON lines, one post per line (- = stdin)."),
    policy: Optional[Path] = typer.Option(None, "--policy", "-p", help="Policy file (default: built-in)."),
    account: Account = typer.Option(Account.personal, help="Account kind the post is published on."),
    platform: str = typer.Option("generic", help="x, bluesky, mastodon, threads, linkedin, instagram, ..."),
    role: Optional[str] = typer.Option(None, help="Role of the author (e.g. spokesperson, employee)."),
    lang: str = typer.Option("auto", help="auto, en or pl."),
    format: Format = typer.Option(Format.text, "--format", "-f"),
) -> None:
    """Check posts against the policy. Exit 0: all ok; 1: some need approval or are blocked; 2: errors."""
    one_or_batch(text, input)
    compiled = checker(policy_or_fail(policy))
    defaults = {"account": account.value, "platform": platform, "role": role, "lang": lang}
    items = _batch(input, defaults) if input is not None else [single_post(text, defaults)]
    results = ((item, compiled.evaluate(item.post) if item.post else None) for item in items)
    try:
        worst, errors = _write(results, format, compiled.policy)
    except ModelError as exc:  # a shipped classifier file is missing or damaged
        fail(str(exc))
    if errors:
        print(f"socialguard: error: {errors} input line(s) could not be checked (see their error records)",
              file=sys.stderr)
        raise typer.Exit(USAGE_ERROR)
    raise typer.Exit(1 if worst in (Outcome.needs_approval, Outcome.blocked) else 0)


def _batch(path: Path, defaults: dict[str, Any]) -> Iterable[Item]:
    if str(path) == "-":
        yield from read_jsonl(sys.stdin.buffer, defaults)
        return
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except IsADirectoryError:
        fail(f"{path}: is a directory")
    except PermissionError:
        fail(f"{path}: permission denied")
    with stream:
        yield from _with_progress(stream, path, defaults)


def _with_progress(stream: BinaryIO, path: Path, defaults: dict[str, Any]) -> Iterable[Item]:
    size = path.stat().st_size
    if size < PROGRESS_AFTER_BYTES or not sys.stderr.isatty():
        yield from read_jsonl(stream, defaults)
        return
    columns = (TextColumn("{task.description}", markup=False), BarColumn(), TextColumn("{task.completed:,.0f} B"),
               TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task(f"checking {path.name}", total=size)
        for item in read_jsonl(stream, defaults):
            progress.update(task, completed=stream.tell())
            yield item


def _write(results: Iterable[tuple[Item, Verdict | None]], format: Format, policy: Policy) -> tuple[Outcome, int]:
    """Write every result in `format`; return the worst outcome and the number of bad input lines."""
    worst, errors = Outcome.ok, 0
    collected = []
    out = sys.stdout
    for item, verdict in results:
        errors += verdict is None
        if verdict is not None and verdict.outcome.rank > worst.rank:
            worst = verdict.outcome
        if format is Format.jsonl:
            out.write(json.dumps(_record(item, verdict), ensure_ascii=False) + "\n")
        elif format is Format.text:
            print_verdict(item, verdict)
        else:
            collected.append((item, verdict))
    if format is Format.json:
        json.dump([_record(i, v) for i, v in collected], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif format is Format.sarif:
        json.dump(sarif_report(collected, policy), out, ensure_ascii=False, indent=2)
        out.write("\n")
    return worst, errors


def _record(item: Item, verdict: Verdict | None) -> dict[str, Any]:
    return verdict.record(item.id) if verdict is not None else {"id": item.id, "error": item.error}

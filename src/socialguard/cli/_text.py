"""Human-readable output of `check`: the post with findings highlighted, then each finding explained."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..batch import Item
from ..model import Outcome, Severity, Verdict

STYLE = {Severity.info: "cyan", Severity.warn: "yellow", Severity.review: "magenta", Severity.block: "bold red"}
OUTCOME_STYLE = {Outcome.ok: "green", Outcome.ok_with_warnings: "yellow", Outcome.needs_approval: "magenta",
                 Outcome.blocked: "bold red"}

console = Console(highlight=False, soft_wrap=True)


def print_verdict(item: Item, verdict: Verdict | None) -> None:
    label = f"[{item.id}] " if item.id is not None else ""
    if verdict is None:
        console.print(f"{label}[red]error:[/] {item.error}")
        return
    text = Text(item.post.text)
    for finding in verdict.active:
        if finding.end > finding.start:
            text.stylize(f"underline {STYLE[finding.severity]}", finding.start, finding.end)
    outcome = verdict.outcome
    console.print(f"{label}[{OUTCOME_STYLE[outcome]}]{outcome.value}[/]  (lang {verdict.lang}, policy {verdict.policy_version})")
    console.print(text)
    for f in verdict.findings:
        clause = f" · §{f.clause.number} {f.clause.title}" if f.clause else ""
        where = f" «{f.match}»" if f.match else ""
        console.print(f"  [{STYLE[f.severity]}]{f.severity.value:6}[/] {f.rule}{clause}{where}")
        console.print(f"         {f.message}")
        if f.suppressed:
            console.print(f"         [dim]exception: {f.suppressed}[/]")
        if f.fix:
            console.print(f"         [green]fix:[/] {f.fix.description}: {f.fix.text}")
    console.print()

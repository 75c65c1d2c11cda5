"""`socialguard rules` and `socialguard explain RULE_ID`: what the policy checks, and why.

Strings from the policy file are printed as plain `Text` (see `_text.visible`), never as Rich markup.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

from ..detectors import registry
from ..policy import localized
from ._errors import fail, policy_or_fail
from ._text import visible

console = Console(highlight=False, width=120)


def register(app: typer.Typer) -> None:
    app.command("rules")(list_rules)
    app.command()(explain)


def list_rules(
    policy: Optional[Path] = typer.Option(None, "--policy", "-p", help="Policy file (default: built-in)."),
    lang: str = typer.Option("en", help="Language of clause titles."),
) -> None:
    """List the detector kinds and the policy's rules."""
    loaded = policy_or_fail(policy)
    kinds = Table(Column("detector", no_wrap=True), "what it checks", title="Detector kinds")
    for detector_id, cls in sorted(registry().items()):
        kinds.add_row(Text(detector_id), Text(cls.summary))
    console.print(kinds)
    rules = Table(Column("rule", no_wrap=True), Column("detector", no_wrap=True), "severity", "applies to", "clause",
                  title=Text(visible(f"Rules of policy {loaded.version}")))
    for rule in loaded.rules:
        clause = loaded.clause(rule.clause)
        applies = ", ".join(rule.applies_to.accounts + rule.applies_to.roles + rule.applies_to.platforms) or "all"
        title = f"§{clause.number} {localized(clause.title, lang)}" if clause else rule.clause
        cells = (rule.id + ("" if rule.enabled else " (off)"), rule.detector, rule.severity.value, applies, title)
        rules.add_row(*(Text(visible(cell)) for cell in cells))
    console.print(rules)


def explain(
    rule_id: str = typer.Argument(..., help="A rule id or a detector id."),
    policy: Optional[Path] = typer.Option(None, "--policy", "-p"),
    lang: str = typer.Option("en"),
) -> None:
    """Explain one rule (its detector, params, severity and clause) or one detector kind."""
    loaded = policy_or_fail(policy)
    rule = loaded.rule(rule_id)
    detectors = registry()
    if rule is None and rule_id not in detectors:
        fail(f"no rule or detector {rule_id!r}; see `socialguard rules`")
    if rule is not None:
        clause = loaded.clause(rule.clause)
        console.print(Text.assemble((visible(rule.id), "bold"),
                                    visible(f"  severity {rule.severity.value}, detector {rule.detector}")))
        if clause:
            console.print(Text(visible(f"enforces §{clause.number} {localized(clause.title, lang)}")))
            if clause.text:
                console.print(Text(visible(localized(clause.text, lang))))
        if rule.params:
            console.print(Text(visible(f"params: {rule.params}")))
        applies = rule.applies_to.model_dump(exclude_defaults=True)
        console.print(Text(visible(f"applies to: {applies or 'every post'}")))
        rule_id = rule.detector
    cls = detectors[rule_id]
    console.print(Text.assemble("\n", (cls.id, "bold"), f": {cls.summary}"))
    console.print(Text((sys.modules[cls.__module__].__doc__ or "").strip()))


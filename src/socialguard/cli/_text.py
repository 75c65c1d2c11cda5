"""Human-readable output of `check` (the post with findings highlighted, then each finding explained), and
`visible()`, which every command printing untrusted text for a terminal uses.

Every string that comes from a post, a policy or an input file is printed as plain `Text`, never parsed as
Rich markup or emoji codes, and its control characters are shown as visible symbols, so any text prints
verbatim and nothing in it can restyle, hide or move the output.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from ..batch import Item
from ..model import Outcome, Severity, Verdict

STYLE = {Severity.info: "cyan", Severity.warn: "yellow", Severity.review: "magenta", Severity.block: "bold red"}
OUTCOME_STYLE = {Outcome.ok: "green", Outcome.ok_with_warnings: "yellow", Outcome.needs_approval: "magenta",
                 Outcome.blocked: "bold red"}
INDENT = " " * 9
# control characters (but newline and tab) -> a visible symbol: the C0 "control pictures", DEL's, and for C1 U+FFFD
_VISIBLE = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n\t"}
_VISIBLE |= {0x7F: 0x2421} | {code: 0xFFFD for code in range(0x80, 0xA0)}

console = Console(highlight=False, soft_wrap=True)


def visible(value: Any) -> str:
    """`value` as text with each control character (but newline and tab) replaced by one visible symbol.

    One character stays one character, so the offsets of findings still point at the same characters.
    """
    return str(value).translate(_VISIBLE)


def print_verdict(item: Item, verdict: Verdict | None) -> None:
    label = f"[{visible(item.id)}] " if item.id is not None else ""
    if verdict is None:
        console.print(Text.assemble(label, ("error:", "red"), " ", visible(item.error)))
        return
    text = Text(visible(item.post.text))
    for finding in verdict.active:
        if finding.end > finding.start:
            text.stylize(f"underline {STYLE[finding.severity]}", finding.start, finding.end)
    outcome = verdict.outcome
    console.print(Text.assemble(label, (outcome.value, OUTCOME_STYLE[outcome]),
                                f"  (lang {verdict.lang}, policy {visible(verdict.policy_version)})"))
    console.print(text)
    for f in verdict.findings:
        clause = f" · §{f.clause.number} {f.clause.title}" if f.clause else ""
        where = f" «{f.match}»" if f.match else ""
        console.print(Text.assemble("  ", (f"{f.severity.value:6}", STYLE[f.severity]),
                                    visible(f" {f.rule}{clause}{where}")))
        console.print(Text(INDENT + visible(f.message)))
        if f.suppressed:
            console.print(Text(visible(f"{INDENT}exception: {f.suppressed}"), style="dim"))
        if f.fix:
            console.print(Text.assemble(INDENT, ("fix:", "green"), visible(f" {f.fix.description}: {f.fix.text}")))
    console.print()

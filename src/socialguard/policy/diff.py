"""What changed between two versions of a policy, clause by clause, for the changelog and re-acknowledgement.

`diff_policies(old, new)` compares clauses by id (added, removed, renumbered, new title or text in each
language), rules by id (added, removed, severity raised or lowered, enabled, params, scope, clause) and the
other sections (organisation, teams, security, ...). `needs_acknowledgement` says whether people must
acknowledge the new version again: any change to what the document says or to what the checks block.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .document import number_key
from .schema import Clause, Policy, Rule, localized

ChangeKind = Literal["added", "removed", "changed"]
DIFFED_SECTIONS = (
    "organisation", "spokespeople", "brand_accounts", "teams", "personal_accounts", "confidential_terms",
    "saved_replies", "security", "packs", "allow",
)
_ITEM_KEYS = ("id", "handle", "name", "term", "text")


@dataclass
class ClauseChange:
    id: str
    number: str
    title: str
    kind: ChangeKind
    details: list[str] = field(default_factory=list)
    text_diff: dict[str, list[str]] = field(default_factory=dict)  # language -> unified diff lines


@dataclass
class RuleChange:
    id: str
    clause: str
    kind: ChangeKind
    details: list[str] = field(default_factory=list)


@dataclass
class PolicyDiff:
    old_version: str
    new_version: str
    old_effective: str | None
    new_effective: str | None
    clauses: list[ClauseChange]
    rules: list[RuleChange]
    sections: dict[str, list[str]]
    needs_acknowledgement: bool

    @property
    def empty(self) -> bool:
        return not (self.clauses or self.rules or self.sections)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def diff_policies(old: Policy, new: Policy, lang: str = "en") -> PolicyDiff:
    """Every difference between `old` and `new`; titles are given in `lang`."""
    clauses = _clause_changes(old, new, lang)
    rules = _rule_changes(old, new)
    return PolicyDiff(
        old_version=old.version,
        new_version=new.version,
        old_effective=old.effective.isoformat() if old.effective else None,
        new_effective=new.effective.isoformat() if new.effective else None,
        clauses=clauses,
        rules=rules,
        sections=_section_changes(old, new),
        needs_acknowledgement=bool(clauses) or any(_tightens(change) for change in rules),
    )


# --- clauses ----------------------------------------------------------------------------------------


def _clause_changes(old: Policy, new: Policy, lang: str) -> list[ClauseChange]:
    before = {c.id: c for c in old.clauses}
    after = {c.id: c for c in new.clauses}
    changes = []
    for clause_id in dict.fromkeys([*after, *before]):
        a, b = before.get(clause_id), after.get(clause_id)
        if a is None:
            changes.append(ClauseChange(b.id, b.number, localized(b.title, lang), "added"))
        elif b is None:
            changes.append(ClauseChange(a.id, a.number, localized(a.title, lang), "removed"))
        else:
            change = _clause_change(a, b, lang)
            if change.details or change.text_diff:
                changes.append(change)
    return sorted(changes, key=lambda c: number_key(c.number))


def _clause_change(a: Clause, b: Clause, lang: str) -> ClauseChange:
    change = ClauseChange(b.id, b.number, localized(b.title, lang), "changed")
    if a.number != b.number:
        change.details.append(f"renumbered {a.number} -> {b.number}")
    for language in sorted({*a.title, *b.title}):
        if a.title.get(language) != b.title.get(language):
            change.details.append(f"title ({language}): {a.title.get(language)!r} -> {b.title.get(language)!r}")
    for language in sorted({*a.text, *b.text}):
        old_text, new_text = a.text.get(language, ""), b.text.get(language, "")
        if old_text != new_text:
            change.details.append(f"text ({language}) changed")
            change.text_diff[language] = _text_diff(old_text, new_text)
    if a.section != b.section:
        change.details.append(f"moved from section {a.section} to {b.section}")
    return change


def _text_diff(old: str, new: str) -> list[str]:
    lines = difflib.unified_diff(_sentences(old), _sentences(new), lineterm="", n=0)
    return [line for line in lines if not line.startswith(("---", "+++", "@@"))]


def _sentences(text: str) -> list[str]:
    """One sentence or list item per line, so that a diff shows what was reworded."""
    out = []
    for line in text.splitlines():
        out.extend(part.strip() for part in line.replace(". ", ".\n").splitlines() if part.strip())
    return out


# --- rules ------------------------------------------------------------------------------------------


def _rule_changes(old: Policy, new: Policy) -> list[RuleChange]:
    before = {r.id: r for r in old.rules}
    after = {r.id: r for r in new.rules}
    changes = []
    for rule_id in dict.fromkeys([*before, *after]):
        a, b = before.get(rule_id), after.get(rule_id)
        if a is None:
            changes.append(RuleChange(b.id, b.clause, "added", [f"{b.detector}, severity {b.severity.value}"]))
        elif b is None:
            changes.append(RuleChange(a.id, a.clause, "removed", [f"{a.detector}, severity {a.severity.value}"]))
        else:
            details = _rule_details(a, b)
            if details:
                changes.append(RuleChange(b.id, b.clause, "changed", details))
    return changes


def _rule_details(a: Rule, b: Rule) -> list[str]:
    details = []
    if a.severity != b.severity:
        direction = "raised" if b.severity.rank > a.severity.rank else "lowered"
        details.append(f"severity {direction}: {a.severity.value} -> {b.severity.value}")
    if a.enabled != b.enabled:
        details.append("enabled" if b.enabled else "disabled")
    if a.detector != b.detector:
        details.append(f"detector: {a.detector} -> {b.detector}")
    if a.clause != b.clause:
        details.append(f"clause: {a.clause} -> {b.clause}")
    if a.params != b.params:
        details.append(f"params: {_dict_changes(a.params, b.params)}")
    if a.applies_to != b.applies_to:
        details.append(f"applies to: {a.applies_to.model_dump()} -> {b.applies_to.model_dump()}")
    if a.allow_exceptions != b.allow_exceptions:
        details.append("exceptions allowed" if b.allow_exceptions else "exceptions no longer allowed")
    if a.message != b.message:
        details.append("message changed")
    return details


def _tightens(change: RuleChange) -> bool:
    """A change people must know about: a new rule, a stricter one, or one switched back on."""
    if change.kind == "added":
        return True
    return change.kind == "changed" and any(
        d.startswith(("severity raised", "enabled", "params", "applies to", "exceptions no longer")) for d in change.details
    )


def _dict_changes(a: dict, b: dict) -> str:
    parts = []
    for key in dict.fromkeys([*a, *b]):
        if a.get(key) != b.get(key):
            parts.append(f"{key}: {_short(a.get(key))} -> {_short(b.get(key))}")
    return "; ".join(parts)


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- other sections ---------------------------------------------------------------------------------


def _section_changes(old: Policy, new: Policy) -> dict[str, list[str]]:
    changes = {}
    for name in DIFFED_SECTIONS:
        a = old.model_dump(mode="json")[name]
        b = new.model_dump(mode="json")[name]
        if a != b:
            changes[name] = _list_changes(a, b) if isinstance(a, list) else [_dict_changes(a, b)]
    return changes


def _list_changes(a: list, b: list) -> list[str]:
    before = {_item_key(item): item for item in a}
    after = {_item_key(item): item for item in b}
    lines = [f"added {key}" for key in after if key not in before]
    lines += [f"removed {key}" for key in before if key not in after]
    for key in after:
        if key in before and before[key] != after[key]:
            both_dicts = isinstance(before[key], dict) and isinstance(after[key], dict)
            lines.append(f"changed {key}: {_dict_changes(before[key], after[key])}" if both_dicts else f"changed {key}")
    return lines


def _item_key(item: Any) -> str:
    if isinstance(item, dict):
        return next((str(item[k]) for k in _ITEM_KEYS if k in item), repr(item))
    return str(item)


# --- output -----------------------------------------------------------------------------------------


def diff_markdown(diff: PolicyDiff) -> str:
    """The diff as a Markdown changelog entry."""
    out = [f"# Policy changes: version {diff.old_version} -> {diff.new_version}", ""]
    if diff.old_effective != diff.new_effective:
        out += [f"Effective date: {diff.old_effective or 'not set'} -> {diff.new_effective or 'not set'}", ""]
    if diff.empty:
        return "\n".join(out + ["No differences in clauses, rules or settings.", ""])
    ack = "yes" if diff.needs_acknowledgement else "no"
    out += [f"Acknowledge again: {ack}", ""]
    if diff.clauses:
        out += ["## Clauses", ""]
        for c in diff.clauses:
            out.append(f"- **{c.number} {c.title}** ({c.id}): {c.kind}" + (f"; {'; '.join(c.details)}" if c.details else ""))
            for language, lines in c.text_diff.items():
                out += [f"  - text ({language}):", "", "    ```diff", *[f"    {line}" for line in lines], "    ```", ""]
        out.append("")
    if diff.rules:
        out += ["## Rules", ""]
        out += [f"- `{r.id}` (clause {r.clause}): {r.kind}; {'; '.join(r.details)}" for r in diff.rules]
        out.append("")
    if diff.sections:
        out += ["## Settings", ""]
        for name, lines in diff.sections.items():
            out.append(f"- {name}: {'; '.join(lines)}")
        out.append("")
    return "\n".join(out)

"""SARIF 2.1.0 output of `check`, so findings show up in code-scanning dashboards and CI annotations."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..batch import Item
from ..model import Severity, Verdict
from ..policy import Policy, localized

LEVEL = {Severity.info: "note", Severity.warn: "warning", Severity.review: "error", Severity.block: "error"}


def sarif_report(results: list[tuple[Item, Verdict | None]], policy: Policy) -> dict[str, Any]:
    lang = policy.organisation.languages[0]
    rules = [
        {
            "id": rule.id,
            "name": rule.detector,
            "shortDescription": {"text": _clause_title(policy, rule.clause, lang)},
            "defaultConfiguration": {"level": LEVEL[rule.severity]},
            "properties": {"severity": rule.severity.value, "clause": rule.clause},
        }
        for rule in policy.rules
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "socialguard", "version": __version__, "rules": rules}},
                "properties": {"policyVersion": policy.version},
                "results": [r for item, verdict in results for r in _results(item, verdict)],
            }
        ],
    }


def _clause_title(policy: Policy, clause_id: str, lang: str) -> str:
    clause = policy.clause(clause_id)
    return f"§{clause.number} {localized(clause.title, lang)}" if clause else clause_id


def _results(item: Item, verdict: Verdict | None) -> list[dict[str, Any]]:
    uri = f"post/{item.id if item.id is not None else item.line}"
    if verdict is None:
        return [{"ruleId": "input-error", "level": "error", "message": {"text": item.error},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]}]
    return [
        {
            "ruleId": f.rule,
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {"charOffset": f.start, "charLength": f.end - f.start},
            }}],
            "properties": {"severity": f.severity.value, "clause": f.clause.number if f.clause else None,
                           "suppressed": f.suppressed},
            **({"suppressions": [{"kind": "inSource", "justification": f.suppressed}]} if f.suppressed else {}),
        }
        for f in verdict.findings
    ]

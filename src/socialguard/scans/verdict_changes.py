"""Re-checking posts when the policy changes: what the new version newly flags, and what it no longer flags.

Pure (no Django, no Dask, no I/O): `recheck(previous, policy)` takes, for each post, its id, the `Post`
and its verdict under the old policy (the outcome and the rule ids of its active findings), checks it
with `evaluate` under the new policy, and returns a `Change` for every post whose rules or outcome differ,
with counts for a summary. A background job of the web app feeds it archived and pending posts when a
policy version is published.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..engine import Checker, checker
from ..model import Outcome, Post, Verdict
from ..policy import Policy

_OUTCOME_RANK = {outcome: rank for rank, outcome in enumerate(Outcome)}


@dataclass(frozen=True)
class Change:
    """How the verdict of one post differs under the new policy."""

    post_id: Any
    old_outcome: Outcome
    new_outcome: Outcome
    added: tuple[str, ...]  # rules that flag the post now and did not before
    removed: tuple[str, ...]  # rules that flagged it before and no longer do
    verdict: Verdict  # the verdict under the new policy; its findings explain the added rules

    @property
    def newly_flagged(self) -> bool:
        """Clean before (no active finding), flagged now."""
        return self.old_outcome is Outcome.ok and self.new_outcome is not Outcome.ok

    @property
    def cleared(self) -> bool:
        """Flagged before, clean now."""
        return self.old_outcome is not Outcome.ok and self.new_outcome is Outcome.ok

    @property
    def stricter(self) -> bool:
        return _OUTCOME_RANK[self.new_outcome] > _OUTCOME_RANK[self.old_outcome]

    @property
    def laxer(self) -> bool:
        return _OUTCOME_RANK[self.new_outcome] < _OUTCOME_RANK[self.old_outcome]


@dataclass
class VerdictChanges:
    """Every changed post, and counts over all the posts re-checked."""

    checked: int = 0
    changes: list[Change] = field(default_factory=list)
    added_by_rule: Counter = field(default_factory=Counter)  # rule id -> posts it newly flags
    removed_by_rule: Counter = field(default_factory=Counter)  # rule id -> posts it no longer flags

    @property
    def newly_flagged(self) -> list[Change]:
        return [c for c in self.changes if c.newly_flagged]

    @property
    def cleared(self) -> list[Change]:
        return [c for c in self.changes if c.cleared]

    @property
    def stricter(self) -> list[Change]:
        return [c for c in self.changes if c.stricter]

    @property
    def laxer(self) -> list[Change]:
        return [c for c in self.changes if c.laxer]


def recheck(previous: Iterable[tuple[Any, Post, Outcome | str, Iterable[str]]],
            policy: Policy | Checker) -> VerdictChanges:
    """Check each `(post_id, post, old outcome, old active rule ids)` under `policy`; keep what changed."""
    compiled = policy if isinstance(policy, Checker) else checker(policy)
    result = VerdictChanges()
    for post_id, post, old_outcome, old_rules in previous:
        result.checked += 1
        change = compare(post_id, Outcome(old_outcome), set(old_rules), compiled.evaluate(post))
        if change is not None:
            result.changes.append(change)
            result.added_by_rule.update(change.added)
            result.removed_by_rule.update(change.removed)
    return result


def compare(post_id: Any, old_outcome: Outcome, old_rules: set[str], verdict: Verdict) -> Change | None:
    """The change from an old verdict (outcome, active rule ids) to a new one; None when nothing changed."""
    new_rules = {f.rule for f in verdict.active}
    if new_rules == old_rules and verdict.outcome is old_outcome:
        return None
    return Change(post_id, old_outcome, verdict.outcome, tuple(sorted(new_rules - old_rules)),
                  tuple(sorted(old_rules - new_rules)), verdict)

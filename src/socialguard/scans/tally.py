"""Counting what a bulk scan saw: rows read, checked and rejected; outcomes; findings and flagged posts
by rule, account, author and month.

A `Tally` is built for each partition on the worker that scanned it, saved beside the partition's results,
and the tallies of all partitions are merged for the report. Only active (not suppressed) findings count;
a post is flagged when it has at least one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Any, Iterable

from ..model import Outcome

DIMENSIONS = ("rule", "account", "author", "month")
NO_DATE = "(no date)"
NO_AUTHOR = "(no author)"
_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def account_label(account: str, handle: str | None) -> str:
    return handle if handle else f"(any {account} account)"


def month_of(created_at: str | None) -> str:
    return _month_of_prefix(created_at[:7]) if created_at else NO_DATE  # _MONTH reads 7 characters at most


@lru_cache(maxsize=4096)
def _month_of_prefix(prefix: str) -> str:
    match = _MONTH.match(prefix)
    return f"{match.group(1)}-{match.group(2)}" if match else NO_DATE


@dataclass
class Tally:
    """Counts for a set of rows; `input_rows == checked_rows + rejected_rows` always holds."""

    input_rows: int = 0
    checked_rows: int = 0
    rejected_rows: int = 0
    flagged_posts: int = 0
    outcomes: Counter = field(default_factory=Counter)
    findings: dict[str, Counter] = field(default_factory=lambda: {d: Counter() for d in DIMENSIONS})
    flagged: dict[str, Counter] = field(default_factory=lambda: {d: Counter() for d in DIMENSIONS})

    def count_rows(self, outcomes: Iterable[str | None]) -> None:
        """Count rows by the outcome of their check; a rejected row's outcome is None."""
        counted = Counter(outcomes)
        rejected = counted.pop(None, 0)
        self.outcomes.update(counted)
        self.checked_rows += counted.total()
        self.rejected_rows += rejected
        self.input_rows += counted.total() + rejected

    def count_flagged(self, rules: list[list[str]], accounts: list[str], handles: list[str | None],
                      authors: list[str | None], dates: list[str | None]) -> None:
        """Count flagged posts, given as parallel lists (for each post: the rule of each of its active
        findings, its account kind and handle, author and date), by rule, account, author and month."""
        self.flagged_posts += len(rules)
        keys = {"account": list(map(account_label, accounts, handles)),
                "author": [author or NO_AUTHOR for author in authors], "month": list(map(month_of, dates))}
        for dimension, labels in keys.items():
            self.flagged[dimension].update(labels)
            findings = self.findings[dimension]
            for label, found in zip(labels, rules):
                findings[label] += len(found)
        self.findings["rule"].update(chain.from_iterable(rules))
        self.flagged["rule"].update(chain.from_iterable(map(set, rules)))

    def merge(self, other: "Tally") -> "Tally":
        self.input_rows += other.input_rows
        self.checked_rows += other.checked_rows
        self.rejected_rows += other.rejected_rows
        self.flagged_posts += other.flagged_posts
        self.outcomes.update(other.outcomes)
        for dimension in DIMENSIONS:
            self.findings[dimension].update(other.findings[dimension])
            self.flagged[dimension].update(other.flagged[dimension])
        return self

    @property
    def adds_up(self) -> bool:
        checked = self.checked_rows == sum(self.outcomes.values())
        return checked and self.input_rows == self.checked_rows + self.rejected_rows

    def outcome_counts(self) -> dict[str, int]:
        return {outcome.value: self.outcomes.get(outcome.value, 0) for outcome in Outcome}

    def as_dict(self) -> dict[str, Any]:
        return {
            "input_rows": self.input_rows,
            "checked_rows": self.checked_rows,
            "rejected_rows": self.rejected_rows,
            "flagged_posts": self.flagged_posts,
            "outcomes": dict(self.outcomes),
            "findings": {d: dict(c) for d, c in self.findings.items()},
            "flagged": {d: dict(c) for d, c in self.flagged.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Tally":
        return cls(
            input_rows=data["input_rows"],
            checked_rows=data["checked_rows"],
            rejected_rows=data["rejected_rows"],
            flagged_posts=data["flagged_posts"],
            outcomes=Counter(data["outcomes"]),
            findings={d: Counter(data["findings"].get(d, {})) for d in DIMENSIONS},
            flagged={d: Counter(data["flagged"].get(d, {})) for d in DIMENSIONS},
        )

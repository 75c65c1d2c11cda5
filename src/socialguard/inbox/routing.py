"""Routing mentions with the policy's escalation matrix: the first rule whose conditions hold assigns the
team, the priority and the SLA; `fallback` takes the rest.

Conditions read what understanding found (topics, sentiment label, offensive score, language) and what
the source told (reach, platform). A rule's team may name a team id of the policy or a team kind
(`customer_service`): a kind is resolved to the first team of that kind, or kept as is when the policy
lists no such team. The chain of `next_level`s is where `sla.py` escalates a missed SLA.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..policy.listening import Condition, Level, Listening
from ..policy.schema import PolicyTeam
from .mention import Assignment, Mention

FALLBACK = -1


@dataclass
class Router:
    listening: Listening
    teams: Sequence[PolicyTeam] = ()

    def route(self, mention: Mention) -> Assignment:
        """The assignment of an understood mention (one without understanding matches only empty conditions)."""
        for index, rule in enumerate(self.listening.escalation):
            if self.applies(rule.when, mention):
                return self._assign(rule, index, 0)
        return self._assign(self.listening.fallback, FALLBACK, 0)

    def route_all(self, mentions: Sequence[Mention]) -> list[Mention]:
        return [m.with_(assignment=self.route(m)) for m in mentions]

    def applies(self, when: Condition, mention: Mention) -> bool:
        seen = mention.understanding
        if when.topics and not (seen and set(when.topics) & set(seen.topics)):
            return False
        if when.sentiment and not (seen and seen.sentiment_label in when.sentiment):
            return False
        if when.offensive is not None:
            offensive = bool(seen and seen.offensive >= self.listening.offensive_threshold)
            if offensive != when.offensive:
                return False
        if when.lang and not (seen and seen.lang in when.lang):
            return False
        if when.sources and mention.source not in when.sources:
            return False
        return when.min_reach is None or mention.reach >= when.min_reach

    def level(self, rule: int, depth: int) -> Level | None:
        """The level `depth` steps down the chain of rule `rule` (the fallback for -1); None past its end."""
        level: Level | None = self.listening.fallback if rule == FALLBACK else self.listening.escalation[rule]
        for _ in range(depth):
            level = level.next_level if level is not None else None
        return level

    def escalated(self, assignment: Assignment) -> Assignment | None:
        """The assignment one level up, or None when the chain has no next level."""
        level = self.level(assignment.rule, assignment.level + 1)
        return None if level is None else self._assign(level, assignment.rule, assignment.level + 1)

    def team_id(self, reference: str) -> str:
        if any(t.id == reference for t in self.teams):
            return reference
        return next((t.id for t in self.teams if t.kind == reference), reference)

    def _assign(self, level: Level, rule: int, depth: int) -> Assignment:
        return Assignment(self.team_id(level.team), level.priority, level.sla_minutes, rule, depth)

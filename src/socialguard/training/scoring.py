"""Answering a scenario (judged by the real checker) and the results: per person and per team.

The right answer to "would you publish this post as it is?" is *yes* only when the checker finds nothing
(outcome `ok`); a warning still means "fix it first". Each person answers each scenario once per policy
version; their first answer counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from socialguard import Verdict, evaluate
from socialguard.audit.chain import actor_label, record
from socialguard.model import Outcome
from socialguard.orgs.models import Membership, Team
from socialguard.orgs.policies import current_policy
from socialguard.workflow.checking import speaker

from .models import TrainingAnswer
from .scenarios import Scenario, post_of


@dataclass(frozen=True)
class TeamResult:
    team: str
    members: int
    trained: int  # members who answered at least one scenario
    answers: int
    correct: int

    @property
    def percent_correct(self) -> int:
        return round(100 * self.correct / self.answers) if self.answers else 0


def judge(item: Scenario, membership: Membership, lang: str) -> Verdict:
    """The checker's verdict on the scenario, posted by this member in their role, under the current policy."""
    policy = current_policy(membership.org)[1]
    post = post_of(item, policy, lang, **speaker(membership))
    return evaluate(post, policy)


def answer(item: Scenario, membership: Membership, lang: str, would_publish: bool) -> tuple[TrainingAnswer, Verdict]:
    """Record the member's first answer to the scenario under the current version; returns it and the verdict."""
    version = current_policy(membership.org)[0]
    verdict = judge(item, membership, lang)
    existing = TrainingAnswer.objects.filter(user=membership.user, policy_version=version, scenario=item.id).first()
    if existing is not None:
        return existing, verdict
    correct = would_publish == (verdict.outcome == Outcome.ok)
    try:
        with transaction.atomic():
            saved = TrainingAnswer.objects.create(
                user=membership.user, org=membership.org, policy_version=version, scenario=item.id, lang=lang,
                would_publish=would_publish, outcome=verdict.outcome.value, correct=correct,
            )
            record(membership.org, "training_answer", actor=actor_label(membership.user), obj=version,
                   data={"scenario": item.id, "correct": correct, "version": version.number})
    except IntegrityError:  # a double click: the first answer stands
        saved = TrainingAnswer.objects.get(user=membership.user, policy_version=version, scenario=item.id)
    return saved, verdict


def answers_of(membership: Membership) -> dict[str, TrainingAnswer]:
    """The member's answers under the current version, by scenario id."""
    version = current_policy(membership.org)[0]
    rows = TrainingAnswer.objects.filter(user=membership.user, policy_version=version)
    return {row.scenario: row for row in rows}


def team_results(org: Any) -> list[TeamResult]:
    """Per team: members, how many of them trained, answers and correct answers (every policy version)."""
    rows = []
    for team in Team.objects.filter(org=org).annotate(size=Count("members", distinct=True)).order_by("name"):
        stats = TrainingAnswer.objects.filter(org=org, user__teams=team).aggregate(
            answers=Count("id"), correct=Count("id", filter=Q(correct=True)), trained=Count("user", distinct=True))
        rows.append(TeamResult(team.name, team.size, stats["trained"], stats["answers"], stats["correct"]))
    return rows

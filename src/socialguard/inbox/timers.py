"""SLA escalation of stored mentions: `sla.SlaMonitor` applied to the open mentions past their deadline.

`escalate_overdue(org, clock)` reads every open mention of `org` whose assignment is due at `clock()` and
not yet marked overdue, lets the monitor climb the policy's chain of `next_level`s (several levels at once
after a long outage, each deadline counted from the one before), and stores the result: the new team,
priority, level and deadline, an `escalation` history event and an audit event per level climbed, and the
`overdue` mark for a chain that has nowhere left to go. The clock is injected, so tests (and
`socialguard_inbox_tick --now`) control time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from socialguard.audit.chain import SYSTEM, record
from socialguard.orgs.models import Organisation
from socialguard.orgs.policies import current_policy

from . import mention as pure
from .models import OPEN, Assignment, MentionEvent
from .routing import Router
from .sla import Clock, SlaMonitor, Timer, wall_clock


@dataclass
class EscalationReport:
    escalated: int = 0  # mentions moved up at least one level
    levels: int = 0  # levels climbed in all
    overdue: int = 0  # past due at the end of their chain


def escalate_overdue(org: Organisation, clock: Clock = wall_clock) -> EscalationReport:
    policy = current_policy(org)[1]
    router = Router(policy.listening, policy.teams)
    monitor = SlaMonitor(_SafeRouter(router), clock)
    now = clock()
    due = (Assignment.objects.select_related("mention")
           .filter(mention__org=org, mention__status__in=OPEN, overdue=False, due_at__lte=now))
    report = EscalationReport()
    teams = {t.kind: t for t in org.teams.order_by("-pk")}
    for assignment in due:
        timer = Timer(str(assignment.pk), _pure(assignment), assignment.started_at, assignment.mention.status)
        (updated,), escalations = monitor.check([timer])
        with transaction.atomic():
            for step in escalations:
                _record(assignment, step)
            if escalations:
                report.escalated += 1
                report.levels += len(escalations)
                level = updated.assignment
                kind = next((t.kind for t in policy.teams if t.id == level.team), level.team)
                assignment.team, assignment.org_team = level.team, teams.get(kind)
                assignment.priority, assignment.level, assignment.sla_minutes = level.priority, level.level, level.sla_minutes
                assignment.started_at, assignment.due_at = updated.started_at, updated.due_at
            if monitor.overdue:
                assignment.overdue = True
                report.overdue += 1
            assignment.save()
    return report


def _pure(assignment: Assignment) -> pure.Assignment:
    return pure.Assignment(assignment.team, assignment.priority, assignment.sla_minutes, assignment.rule,
                           assignment.level)


def _record(assignment: Assignment, step) -> None:
    mention = assignment.mention
    note = f"SLA missed at {step.missed_at.isoformat()}; level {step.to.level}, {step.to.priority}"
    MentionEvent.objects.create(mention=mention, kind=MentionEvent.Kind.ESCALATION, before=step.from_team,
                                after=step.to.team, actor=SYSTEM, note=note, at=step.missed_at)
    record(mention.org, "mention_escalate", actor=SYSTEM, obj=mention, data={
        "from": step.from_team, "to": step.to.team, "level": step.to.level, "priority": step.to.priority,
        "missed_at": step.missed_at.isoformat()})


@dataclass
class _SafeRouter:
    """The router, with rules that no longer exist (the policy changed since routing) ending their chain."""

    router: Router

    def escalated(self, assignment: pure.Assignment) -> pure.Assignment | None:
        if assignment.rule >= len(self.router.listening.escalation):
            return None
        return self.router.escalated(assignment)

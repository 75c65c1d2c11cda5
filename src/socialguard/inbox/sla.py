"""SLA timers: a mention not answered within its assignment's SLA escalates to the matrix's next level.

The clock is injected (`Clock`, a function returning the current aware datetime), so the same code runs
against the wall clock in production and a controlled clock in tests. A timer that is overdue by several
levels' worth of time escalates through all of them at once, each level's deadline counted from the one
before. Replied and closed mentions stop their timer; a chain without a next level stays overdue (and is
reported as such) instead of escalating.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .mention import Assignment
from .routing import Router

Clock = Callable[[], dt.datetime]
OPEN_STATUSES = ("new", "assigned")


def wall_clock() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Timer:
    """The SLA state of one mention: its current assignment and since when it runs."""

    key: str
    assignment: Assignment
    started_at: dt.datetime
    status: str = "new"

    @property
    def due_at(self) -> dt.datetime:
        return self.started_at + dt.timedelta(minutes=self.assignment.sla_minutes)


@dataclass(frozen=True)
class Escalation:
    """A timer moved up one level because its deadline passed."""

    key: str
    from_team: str
    to: Assignment
    missed_at: dt.datetime


@dataclass
class SlaMonitor:
    router: Router
    clock: Clock = wall_clock
    overdue: list[Timer] = field(default_factory=list)  # past their deadline with nowhere to escalate

    def start(self, key: str, assignment: Assignment) -> Timer:
        return Timer(key, assignment, self.clock())

    def check(self, timers: Iterable[Timer]) -> tuple[list[Timer], list[Escalation]]:
        """Every timer brought up to date at `clock()`, and the escalations that happened on the way."""
        now = self.clock()
        self.overdue = []
        updated: list[Timer] = []
        escalations: list[Escalation] = []
        for timer in timers:
            while timer.status in OPEN_STATUSES and timer.due_at <= now:
                higher = self.router.escalated(timer.assignment)
                if higher is None:
                    self.overdue.append(timer)
                    break
                escalations.append(Escalation(timer.key, timer.assignment.team, higher, timer.due_at))
                timer = Timer(timer.key, higher, timer.due_at, timer.status)
            updated.append(timer)
        return updated, escalations

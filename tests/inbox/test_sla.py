"""SLA timers under a controlled clock: escalation to the next level, several levels at once, and stopping."""

from __future__ import annotations

import datetime as dt

from socialguard import load_policy
from socialguard.inbox.mention import Mention, Understanding
from socialguard.inbox.routing import Router
from socialguard.inbox.sla import SlaMonitor, Timer

START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += dt.timedelta(minutes=minutes)


def _complaint() -> Mention:
    return Mention("x", "1", "t", understanding=Understanding("en", -0.6, "negative", 0.0, ("complaint",)))


def test_a_missed_sla_escalates_to_the_next_level_once_its_time_is_up():
    router, clock = Router(load_policy().listening), Clock()
    monitor = SlaMonitor(router, clock)
    timer = monitor.start("m1", router.route(_complaint()))  # customer service, 120 min, then PR 240 min
    clock.advance(119)
    (timer,), escalations = monitor.check([timer])
    assert escalations == [] and timer.assignment.team == "customer_service"
    clock.advance(1)
    (timer,), (escalation,) = monitor.check([timer])
    assert (escalation.from_team, escalation.to.team, escalation.to.level) == ("customer_service", "pr", 1)
    assert escalation.missed_at == START + dt.timedelta(minutes=120)
    assert timer.due_at == START + dt.timedelta(minutes=120 + 240)


def test_a_long_outage_escalates_through_every_level_and_reports_the_end_of_the_chain():
    router, clock = Router(load_policy().listening), Clock()
    monitor = SlaMonitor(router, clock)
    security = Mention("x", "2", "t", understanding=Understanding("en", -0.5, "negative", 0.0, ("security_report",)))
    timer = monitor.start("m2", router.route(security))  # security 60 min, then crisis response 30 min, end
    clock.advance(24 * 60)
    (timer,), escalations = monitor.check([timer])
    assert [e.to.team for e in escalations] == ["crisis_response"]
    assert monitor.overdue == [timer]


def test_answered_and_closed_mentions_stop_their_timers():
    router, clock = Router(load_policy().listening), Clock()
    monitor = SlaMonitor(router, clock)
    assignment = router.route(_complaint())
    timers = [Timer("a", assignment, START, "replied"), Timer("b", assignment, START, "closed"),
              Timer("c", assignment, START, "assigned")]
    clock.advance(500)
    _, escalations = monitor.check(timers)
    assert [(e.key, e.to.team) for e in escalations] == [("c", "pr")]
    assert [t.key for t in monitor.overdue] == ["c"]  # PR's 240 minutes are over too, and the chain ends

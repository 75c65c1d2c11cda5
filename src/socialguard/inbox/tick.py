"""One round of the inbox's periodic work for an organisation: poll its sources, escalate missed SLAs, and
check for a crisis. Run by `manage.py socialguard_inbox_tick` (cron, or a Celery beat) directly or through
the task layer (`db_tasks.tick_org`); the clock is injected. Replies are not settled here: the outbox sends
them and tells the inbox when one went out (`actions.reply_sent`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from socialguard.orgs.models import Organisation

from .crisis import check_for_crisis
from .django_store import DjangoStore, triage_for
from .poller import Poller
from .sla import Clock, wall_clock
from .sources import connectors_for
from .timers import escalate_overdue


def tick_org(org: Organisation, clock: Clock = wall_clock, poll: bool = True) -> dict[str, Any]:
    """Everything one round does for `org`, reported as plain JSON."""
    report: dict[str, Any] = {"org": org.slug, "sources": []}
    if poll:
        policy, triage = triage_for(org)
        poller = Poller(connectors_for(policy), DjangoStore(org, policy, clock), triage)
        report["sources"] = [vars(source) for source in poller.poll_once()]
    report["sla"] = asdict(escalate_overdue(org, clock))
    incident = check_for_crisis(org, clock)
    report["crisis"] = incident.pk if incident else None
    return report

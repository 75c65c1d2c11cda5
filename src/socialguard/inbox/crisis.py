"""Crisis alerts over stored mentions: the spike check, opening an incident, telling the crisis team.

`check_for_crisis(org, clock)` counts the organisation's negative mentions per hour (`spikes.check`
with the policy's `listening.crisis` settings) and, on a spike, opens a `CrisisIncident` with the numbers,
the policy's checklist (one item each, with owner and done-by/at) and holding statement, starts the
security app's `pr-crisis` runbook incident beside it, and notifies: an e-mail to the members of the crisis
team and a message to the organisation's notification webhook (the workflow app's `deliver`, after commit).
While an incident is open, or one was opened within the alert window, no second one is opened for the
same wave. `tick_item` and `close` are the crisis page's actions; each is audited.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.chain import SYSTEM, actor_label, record
from socialguard.orgs.models import Organisation
from socialguard.orgs.policies import current_policy
from socialguard.workflow.notify import deliver

from .models import ChecklistItem, CrisisIncident, Mention, Sentiment
from .sla import Clock, wall_clock
from .spikes import SpikeAlert, check

RUNBOOK = "pr-crisis"
log = logging.getLogger("socialguard.inbox")


def check_for_crisis(org: Organisation, clock: Clock = wall_clock) -> CrisisIncident | None:
    """Open (and announce) a crisis incident when negative mentions spike now; None otherwise."""
    policy = current_policy(org)[1]
    settings_ = policy.listening.crisis
    now = clock()
    if _recently_opened(org, now, settings_.window_hours):
        return None
    since = now - dt.timedelta(hours=settings_.window_hours + settings_.baseline_days * 24 + 1)
    times = Mention.objects.filter(org=org, sentiment_label=Sentiment.NEGATIVE, occurred_at__gte=since,
                                   occurred_at__lt=now).values_list("occurred_at", flat=True)
    alert = check(times, now, settings_)
    return None if alert is None else open_incident(org, alert, now, settings_)


def open_incident(org: Organisation, alert: SpikeAlert, now: dt.datetime, crisis: Any) -> CrisisIncident:
    with transaction.atomic():
        incident = CrisisIncident.objects.create(
            org=org, opened_at=now, window_start=alert.window_start, window_end=alert.window_end, count=alert.count,
            expected=round(alert.expected, 3), std=round(alert.std, 3), threshold=round(alert.threshold, 3),
            k=alert.k, holding_statement=dict(crisis.holding_statement), team=crisis.team,
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(incident=incident, position=i, text=dict(item)) for i, item in enumerate(crisis.checklist, 1))
        record(org, "crisis_open", actor=SYSTEM, obj=incident, data={
            "count": alert.count, "expected": round(alert.expected, 3), "threshold": round(alert.threshold, 3),
            "window_start": alert.window_start.isoformat(), "window_end": alert.window_end.isoformat()})
        incident.runbook_incident = _runbook_incident(org, incident)
        incident.save(update_fields=["runbook_incident"])
        _announce(org, incident, crisis.team)
    return incident


def tick_item(item: ChecklistItem, user: Any, done: bool) -> ChecklistItem:
    with transaction.atomic():
        item = ChecklistItem.objects.select_for_update().select_related("incident__org").get(pk=item.pk)
        if item.done == done:
            return item
        item.done, item.done_by, item.done_at = done, (user if done else None), (timezone.now() if done else None)
        if done and item.owner_id is None:
            item.owner = user
        item.save()
        record(item.incident.org, "crisis_item", actor=actor_label(user), obj=item.incident,
               data={"item": item.position, "done": done})
    return item


def set_owner(item: ChecklistItem, user: Any, owner: Any) -> ChecklistItem:
    with transaction.atomic():
        item.owner = owner
        item.save(update_fields=["owner"])
        record(item.incident.org, "crisis_item", actor=actor_label(user), obj=item.incident,
               data={"item": item.position, "owner": owner.get_username() if owner else ""})
    return item


def close(incident: CrisisIncident, user: Any) -> CrisisIncident:
    with transaction.atomic():
        if incident.closed_at is None:
            incident.closed_at, incident.closed_by = timezone.now(), user
            incident.save(update_fields=["closed_at", "closed_by"])
            record(incident.org, "crisis_close", actor=actor_label(user), obj=incident,
                   data={"open_items": incident.items.filter(done=False).count()})
    return incident


def crisis_url(incident: CrisisIncident) -> str:
    return settings.SOCIALGUARD_BASE_URL + reverse("inbox:crisis", args=[incident.pk])


def _recently_opened(org: Organisation, now: dt.datetime, window_hours: int) -> bool:
    recent = CrisisIncident.objects.filter(org=org, opened_at__gt=now - dt.timedelta(hours=window_hours))
    return CrisisIncident.objects.filter(org=org, closed_at=None).exists() or recent.exists()


def _runbook_incident(org: Organisation, incident: CrisisIncident):
    """The security app's PR-crisis runbook incident for this crisis, when that runbook is available."""
    from socialguard.security.runbooks import IncidentError, RunbookError
    from socialguard.security.services import start_incident

    title = _("Spike of negative mentions: %(count)s in %(hours)s h") % {
        "count": incident.count, "hours": int((incident.window_end - incident.window_start).total_seconds() // 3600)}
    try:
        return start_incident(org, RUNBOOK, title, None, source="crisis_alert")
    except (KeyError, IncidentError, RunbookError) as exc:  # the policy removed or broke the runbook
        log.warning("crisis %s: no %s runbook incident (%s)", incident.pk, RUNBOOK, exc)
        return None


def _announce(org: Organisation, incident: CrisisIncident, team_reference: str) -> None:
    policy = current_policy(org)[1]
    kind = next((t.kind for t in policy.teams if t.id == team_reference), team_reference)
    emails = sorted({u.email for team in org.teams.filter(kind=kind) for u in team.members.filter(is_active=True)
                     if u.email})
    subject = _("Crisis alert: negative mentions of %(org)s are spiking") % {"org": org.name}
    text = _("%(count)s negative mentions in the last %(hours)s hours (expected about %(expected)s). "
             "A crisis incident with the checklist and holding statement is open: %(url)s") % {
        "count": incident.count, "expected": round(incident.expected), "url": crisis_url(incident),
        "hours": int((incident.window_end - incident.window_start).total_seconds() // 3600)}
    webhook = org.webhook_url
    transaction.on_commit(lambda: deliver(subject, text, emails, webhook))

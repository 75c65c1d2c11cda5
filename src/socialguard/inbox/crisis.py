"""Crisis incidents: the spike check over stored mentions, opening the one incident of a crisis, telling the
crisis team, its checklist, the mentions behind it, and pausing scheduled publishing.

`check_for_crisis(org, clock)` counts the organisation's negative mentions per hour (`spikes.check`
with the policy's `listening.crisis` settings) and, on a spike, opens a `CrisisIncident` with the numbers,
the policy's checklist (one item each, with owner and done-by/at) and holding statement, and notifies: an
e-mail to the members of the crisis team and a message to the organisation's notification webhook (the
workflow app's `deliver`, after commit). `start` opens the same kind of incident by hand (a PR crisis seen
before any spike). A crisis has one incident and one checklist: no separate runbook incident is started.
While an incident is open, or one was opened within the alert window, no second one is opened for the
same wave. `tick_item`, `set_owner`, `close`, `pause_publishing` and `resume_publishing` are the crisis page's
actions; each is audited. While publishing is paused, the outbox sends nothing of the organisation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.chain import SYSTEM, actor_label, record
from socialguard.orgs.models import Organisation
from socialguard.orgs.policies import current_policy
from socialguard.workflow.models import PostDraft, State
from socialguard.workflow.notify import deliver

from .models import ChecklistItem, CrisisIncident, Mention, Sentiment
from .sla import Clock, wall_clock
from .spikes import SpikeAlert, check

MENTIONS_SHOWN = 100


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
        _add_checklist(incident, crisis)
        record(org, "crisis_open", actor=SYSTEM, obj=incident, data={
            "count": alert.count, "expected": round(alert.expected, 3), "threshold": round(alert.threshold, 3),
            "window_start": alert.window_start.isoformat(), "window_end": alert.window_end.isoformat()})
        _announce(org, incident, crisis.team)
    return incident


def start(org: Organisation, user: Any, title: str) -> CrisisIncident:
    """Open a crisis incident by hand, with the policy's checklist and holding statement, and announce it."""
    crisis = current_policy(org)[1].listening.crisis
    with transaction.atomic():
        incident = CrisisIncident.objects.create(
            org=org, opened_at=timezone.now(), opened_by=user, title=title.strip()[:300],
            holding_statement=dict(crisis.holding_statement), team=crisis.team)
        _add_checklist(incident, crisis)
        record(org, "crisis_open", actor=actor_label(user), obj=incident, data={"title": incident.title})
        _announce(org, incident, crisis.team)
    return incident


def mentions_behind(incident: CrisisIncident):
    """The negative mentions of the alert's window (newest first); for an incident opened by hand, those of the
    day before it was opened until it closed."""
    start_at = incident.window_start or incident.opened_at - dt.timedelta(hours=24)
    end_at = incident.window_end or incident.closed_at or timezone.now()
    return Mention.objects.filter(org=incident.org, sentiment_label=Sentiment.NEGATIVE, occurred_at__gte=start_at,
                                  occurred_at__lt=end_at).order_by("-occurred_at")


def pause_publishing(org: Organisation, user: Any, incident: CrisisIncident | None = None) -> None:
    """Hold every scheduled post of the organisation (the outbox sends nothing) until `resume_publishing`."""
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=org.pk)
        if org.publishing_paused_at is None:
            org.publishing_paused_at, org.publishing_paused_by = timezone.now(), user
            org.save(update_fields=["publishing_paused_at", "publishing_paused_by"])
            record(org, "publishing_paused", actor=actor_label(user), obj=incident,
                   data={"scheduled": _scheduled(org)})


def resume_publishing(org: Organisation, user: Any, incident: CrisisIncident | None = None) -> None:
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=org.pk)
        if org.publishing_paused_at is not None:
            org.publishing_paused_at, org.publishing_paused_by = None, None
            org.save(update_fields=["publishing_paused_at", "publishing_paused_by"])
            record(org, "publishing_resumed", actor=actor_label(user), obj=incident,
                   data={"scheduled": _scheduled(org)})


def scheduled_posts(org: Organisation):
    """Approved posts of the organisation whose scheduled time is still ahead: what a pause holds."""
    return PostDraft.objects.filter(org=org, state=State.APPROVED, scheduled_at__gt=timezone.now())


def _scheduled(org: Organisation) -> int:
    return scheduled_posts(org).count()


def _add_checklist(incident: CrisisIncident, crisis: Any) -> None:
    ChecklistItem.objects.bulk_create(
        ChecklistItem(incident=incident, position=i, text=dict(item)) for i, item in enumerate(crisis.checklist, 1))


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


def _announce(org: Organisation, incident: CrisisIncident, team_reference: str) -> None:
    policy = current_policy(org)[1]
    kind = next((t.kind for t in policy.teams if t.id == team_reference), team_reference)
    emails = sorted({u.email for team in org.teams.filter(kind=kind) for u in team.members.filter(is_active=True)
                     if u.email})
    if incident.from_alert:
        subject = _("Crisis alert: negative mentions of %(org)s are spiking") % {"org": org.name}
        text = _("%(count)s negative mentions in the last %(hours)s hours (expected about %(expected)s). "
                 "A crisis incident with the checklist and holding statement is open: %(url)s") % {
            "count": incident.count, "expected": round(incident.expected), "url": crisis_url(incident),
            "hours": int((incident.window_end - incident.window_start).total_seconds() // 3600)}
    else:
        subject = _("Crisis incident opened for %(org)s: %(title)s") % {"org": org.name, "title": incident.title}
        text = _("%(who)s opened a crisis incident: %(title)s. The checklist and holding statement: %(url)s") % {
            "who": actor_label(incident.opened_by), "title": incident.title, "url": crisis_url(incident)}
    webhook = org.webhook_url
    transaction.on_commit(lambda: deliver(subject, text, emails, webhook))

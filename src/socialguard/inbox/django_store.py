"""The database store of the poller (the `MentionStore` protocol of `poller.py`) and triage against an
organisation's policy.

`DjangoStore(org).add(mentions)` stores the mentions the organisation does not have yet (by key, unique per
organisation), each with its assignment and SLA timer and a first history event, in bulk and in one
transaction; a concurrent writer that stored the same key first is absorbed, never duplicated. Cursors live
in `SourceCursor`, one per connector name, and how each source's polls go in `SourceHealth`.
`ingest(org, mentions)` is the whole pipeline the webhook, the poller and the demo use: understanding and
routing with the organisation's current policy, then the store (`ingest_each` tells which keys were stored
and which mentions the database refused). Each stored batch is one audit event (`mentions_ingest`), not one
per mention. When the database refuses a batch (a value out of its range), the mentions are stored one at a
time and each one it still refuses becomes a `RejectedItem` (`reject`, also used for the items webhook
calls, API calls and sources refused), so one bad value never loses the batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Sequence

from django.db import DataError, IntegrityError, transaction

from socialguard.audit.chain import SYSTEM, record
from socialguard.engine import compiled
from socialguard.orgs.models import Organisation, Team
from socialguard.orgs.policies import current_policy
from socialguard.policy.schema import Policy
from socialguard.security.phishing import assess_message

from ..untrusted_json import printable, storable
from . import mention as pure
from .connectors.base import Rejected
from .models import Assignment, Mention, MentionEvent, RejectedItem, SourceCursor, SourceHealth
from .pipeline import Triage
from .sla import Clock, wall_clock

CHUNK = 500  # keys per IN (...) query: SQLite's limit on parameters is far above, and queries stay small


def triage_for(org: Organisation) -> tuple[Policy, Triage]:
    """The organisation's current policy and its triage, built once per policy version (`engine.compiled`)."""
    policy = current_policy(org)[1]
    return policy, compiled(policy).get(Triage)


@dataclass
class Stored:
    """What one ingest did: the keys of the mentions stored now, and why the database refused others."""

    new: set[str] = field(default_factory=set)
    refused: dict[str, str] = field(default_factory=dict)  # key -> reason


def ingest(org: Organisation, mentions: Sequence[pure.Mention], clock: Clock = wall_clock) -> int:
    """Understand, route and store `mentions` for `org`; returns how many were new."""
    return len(ingest_each(org, mentions, clock).new)


def ingest_each(org: Organisation, mentions: Sequence[pure.Mention], clock: Clock = wall_clock) -> Stored:
    """`ingest`, telling which mentions were stored and which the database refused (now rejected items)."""
    if not mentions:
        return Stored()
    policy, triage = triage_for(org)
    return DjangoStore(org, policy, clock).store(triage(list({m.key: m for m in mentions}.values())))


class DjangoStore:
    """Mentions and cursors of one organisation in the database."""

    def __init__(self, org: Organisation, policy: Policy | None = None, clock: Clock = wall_clock) -> None:
        self.org = org
        self.policy = policy if policy is not None else current_policy(org)[1]
        self.clock = clock
        self._teams: dict[str, Team | None] = {}

    def add(self, mentions: Sequence[pure.Mention]) -> int:
        return len(self.store(mentions).new)

    def store(self, mentions: Sequence[pure.Mention]) -> Stored:
        """Store the mentions not stored yet; those the database refuses even alone become rejected items."""
        unique = list({m.key: m for m in mentions}.values())
        known = self._known_keys([m.key for m in unique])
        fresh = [m for m in unique if m.key not in known]
        outcome = Stored()
        if not fresh:
            return outcome
        now = self.clock()
        try:
            with transaction.atomic():
                self._store(fresh, now)
            outcome.new = {m.key for m in fresh}
        except (IntegrityError, DataError, OverflowError):  # a key stored meanwhile, or a value out of range
            for mention in fresh:
                self._store_one(mention, now, outcome)
        if outcome.refused:
            self.reject_mentions([m for m in fresh if m.key in outcome.refused], outcome.refused)
        return outcome

    def reject(self, source: str, items: Sequence[Rejected]) -> None:
        keep_rejected(self.org, source, items, self.clock)

    def reject_mentions(self, mentions: Sequence[pure.Mention], reasons: dict[str, str]) -> None:
        for channel in {m.channel or m.source for m in mentions}:
            self.reject(channel, [Rejected(f"id {printable(m.external_id, 200)}", reasons[m.key], printable(m.raw))
                                  for m in mentions if (m.channel or m.source) == channel])

    def cursor(self, source: str) -> dict[str, Any] | None:
        return SourceCursor.objects.filter(org=self.org, source=source).values_list("cursor", flat=True).first()

    def save_cursor(self, source: str, cursor: dict[str, Any] | None) -> None:
        SourceCursor.objects.update_or_create(org=self.org, source=source, defaults={"cursor": cursor})

    def record_health(self, report: Any) -> None:
        """How one poll of a source went (a `SourceReport`): a success clears `failing_since`, a failure
        keeps the first failure's time and the error."""
        now = self.clock()
        health, _ = SourceHealth.objects.get_or_create(org=self.org, source=report.name)
        if report.failed:
            failures = report.errors[:1] or ["failed"]
            health.last_error_at, health.last_error = now, printable(failures[0], 2000)
            health.failing_since = health.failing_since or now
        else:
            health.last_success_at, health.failing_since = now, None
        health.backlog = report.backlog
        health.save()

    # storing

    def _known_keys(self, keys: list[str]) -> set[str]:
        known: set[str] = set()
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            known.update(Mention.objects.filter(org=self.org, key__in=chunk).values_list("key", flat=True))
        return known

    def _store(self, fresh: list[pure.Mention], now: dt.datetime) -> int:
        rows = Mention.objects.bulk_create([self._row(m, now) for m in fresh], batch_size=CHUNK)
        if any(row.pk is None for row in rows):  # a backend that does not return ids from bulk inserts
            ids = dict(Mention.objects.filter(org=self.org, key__in=[r.key for r in rows]).values_list("key", "pk"))
            for row in rows:
                row.pk = ids[row.key]
        assignments, events = [], []
        for row, mention in zip(rows, fresh):
            if mention.assignment is not None:
                assignments.append(self._assignment(row, mention.assignment, now))
                events.append(MentionEvent(mention=row, kind=MentionEvent.Kind.ASSIGNMENT, after=mention.assignment.team,
                                           actor=SYSTEM, note=_rule_note(mention.assignment), at=now))
        Assignment.objects.bulk_create(assignments, batch_size=CHUNK)
        MentionEvent.objects.bulk_create(events, batch_size=CHUNK)
        record(self.org, "mentions_ingest", actor=SYSTEM, data=_summary(fresh))
        return len(rows)

    def _store_one(self, mention: pure.Mention, now: dt.datetime, outcome: Stored) -> None:
        if Mention.objects.filter(org=self.org, key=mention.key).exists():
            return
        try:
            with transaction.atomic():
                self._store([mention], now)
            outcome.new.add(mention.key)
        except IntegrityError:
            pass
        except (DataError, OverflowError) as exc:  # OverflowError: SQLite's driver for integers over 64 bits
            outcome.refused[mention.key] = "the database refused it: " + " ".join(str(exc).split())[:300]

    def _row(self, mention: pure.Mention, now: dt.datetime) -> Mention:
        seen = mention.understanding
        phishing = assess_message(mention.text, self.policy)
        return Mention(
            org=self.org, key=mention.key, source=mention.source[:60], external_id=mention.external_id[:500],
            channel=(mention.channel or "")[:300], url=(mention.url or "")[:1000], author=(mention.author or "")[:200],
            reach=mention.author_followers, text=mention.text, in_reply_to=(mention.in_reply_to or "")[:1000],
            lang=((seen.lang if seen else mention.lang) or "")[:12],
            sentiment=seen.sentiment if seen else 0.0,
            sentiment_label=seen.sentiment_label if seen else "neutral",
            offensive=seen.offensive if seen else 0.0, topics=list(seen.topics) if seen else [],
            phishing=round(phishing.score, 4), phishing_flagged=phishing.flagged,
            created_at=mention.created_at, fetched_at=now, occurred_at=mention.created_at or now,
            raw=mention.raw,
        )

    def _assignment(self, row: Mention, assignment: pure.Assignment, now: dt.datetime) -> Assignment:
        return Assignment(
            mention=row, team=assignment.team, org_team=self.org_team(assignment.team), priority=assignment.priority,
            rule=assignment.rule, level=assignment.level, sla_minutes=assignment.sla_minutes, started_at=now,
            due_at=now + dt.timedelta(minutes=assignment.sla_minutes),
        )

    def org_team(self, reference: str) -> Team | None:
        """The organisation's team for a policy team id or kind (the first team of that kind), if any."""
        if reference not in self._teams:
            kind = next((t.kind for t in self.policy.teams if t.id == reference), reference)
            self._teams[reference] = Team.objects.filter(org=self.org, kind=kind).order_by("pk").first()
        return self._teams[reference]


def _rule_note(assignment: pure.Assignment) -> str:
    rule = "fallback" if assignment.rule < 0 else f"escalation rule {assignment.rule + 1}"
    return f"{rule}: {assignment.priority}, SLA {assignment.sla_minutes} min"


def _summary(mentions: list[pure.Mention]) -> dict[str, Any]:
    channels = sorted({m.channel or m.source for m in mentions})
    return {"new": len(mentions), "channels": channels[:20]}


def keep_rejected(org: Organisation, channel: str, items: Sequence[Rejected], clock: Clock = wall_clock) -> None:
    """Keep refused items for inspection; the same item refused again (a retried call) is kept once."""
    now = clock()
    rows = [RejectedItem(org=org, channel=storable(channel)[:300], position=storable(item.position)[:1000],
                         reason=storable(item.reason), payload=storable(item.payload), digest=_digest(channel, item),
                         received_at=now) for item in items]
    RejectedItem.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)


def _digest(channel: str, item: Rejected) -> str:
    material = "\x00".join((channel, item.position, item.payload)).encode("utf-8", "backslashreplace")
    return hashlib.sha256(material).hexdigest()


def store_for_org(slug: str) -> DjangoStore:
    """The store of the organisation with short name `slug` (Django must be set up); LookupError when none."""
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise LookupError(f"--org {slug}: no organisation with that short name")
    return DjangoStore(org)

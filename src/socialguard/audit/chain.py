"""Appending to and verifying the hash chain of audit events.

`record(org, kind, actor=..., obj=..., data=...)` appends one event in its own atomic block, locking the
organisation's head row so two writers never take the same `seq`. `verify()` walks each chain in order and
reports the first event whose seq, link or hash is wrong, a head row that is missing or does not point at
the last event, and, given the anchors of signed checkpoints (`checkpoints.py`), an event that differs from
what a checkpoint recorded or a chain shorter than a checkpoint saw it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable

from django.db import transaction
from django.utils import timezone

from socialguard.orgs.models import Organisation

from .models import AuditEvent, AuditHead

GENESIS = "0" * 64
SYSTEM = "system"


def actor_label(user: Any = None, outside_email: str | None = None) -> str:
    """How an actor is named in the log: the user name, `outside:<email>`, or `system`."""
    if outside_email:
        return f"outside:{outside_email.lower()}"
    if user is not None and getattr(user, "is_authenticated", False):
        return user.get_username()
    return SYSTEM


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def event_hash(
    *, org_id: int, seq: int, at: dt.datetime, actor: str, kind: str, object_type: str, object_id: str,
    data: Any, prev_hash: str,
) -> str:
    fields = {
        "org": org_id, "seq": seq, "at": _instant(at), "actor": actor, "kind": kind,
        "object_type": object_type, "object_id": object_id, "data": data,
    }
    return hashlib.sha256((canonical(fields) + prev_hash).encode("utf-8")).hexdigest()


def hash_of(event: Any) -> str:
    """The hash of an event (an `AuditEvent`, or a row with the same field names)."""
    return event_hash(
        org_id=event.org_id, seq=event.seq, at=event.at, actor=event.actor, kind=event.kind,
        object_type=event.object_type, object_id=event.object_id, data=event.data, prev_hash=event.prev_hash,
    )


def record(
    org: Organisation, kind: str, *, actor: str = SYSTEM, obj: Any = None, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Append an event to the organisation's chain (inside the caller's transaction when there is one)."""
    payload = json.loads(canonical(data or {}))  # exactly what the database will give back
    object_type, object_id = _reference(obj)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(org=org)
        at = timezone.now()
        seq, prev_hash = head.seq + 1, head.hash or GENESIS
        digest = event_hash(
            org_id=org.pk, seq=seq, at=at, actor=actor, kind=kind, object_type=object_type,
            object_id=object_id, data=payload, prev_hash=prev_hash,
        )
        event = AuditEvent.objects.create(
            org=org, seq=seq, at=at, actor=actor, kind=kind, object_type=object_type, object_id=object_id,
            data=payload, prev_hash=prev_hash, hash=digest,
        )
        AuditHead.objects.filter(pk=head.pk).update(seq=seq, hash=digest)
    return event


@dataclass(frozen=True)
class Anchor:
    """What a signed checkpoint recorded about one chain: its event `seq` had this `hash`."""

    number: int  # the checkpoint's number in its file
    at: str  # when the checkpoint was taken (ISO 8601, UTC)
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"checkpoint {self.number} of {self.at[:19].replace('T', ' ')} UTC"


@dataclass(frozen=True)
class ChainProblem:
    """Something wrong with one organisation's chain: at an event (`seq`), or with the chain as a whole."""

    org: str
    seq: int | None
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        if self.seq is None:
            return f"organisation {self.org}: {self.reason}"
        where = f"event seq {self.seq}" + (f" (id {self.event_id})" if self.event_id is not None else "")
        return f"organisation {self.org}: {where}: {self.reason}"


@dataclass(frozen=True)
class VerifyReport:
    organisations: int
    events: int
    problems: list

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(
    orgs: Iterable[Organisation] | None = None, anchors: dict[int, dict[int, Anchor]] | None = None
) -> VerifyReport:
    """Check every chain (or those of `orgs`), each against its checkpoint `anchors` ({org id: {seq: anchor}})."""
    orgs = list(orgs) if orgs is not None else list(Organisation.objects.order_by("slug"))
    problems, events = [], 0
    for org in orgs:
        count, found = _verify_chain(org, (anchors or {}).get(org.pk, {}))
        events += count
        problems += found
    return VerifyReport(organisations=len(orgs), events=events, problems=problems)


_FIELDS = ("id", "org_id", "seq", "at", "actor", "kind", "object_type", "object_id", "data", "prev_hash", "hash")


def _verify_chain(org: Organisation, anchors: dict[int, Anchor]) -> tuple[int, list[ChainProblem]]:
    """The first problem inside the chain, or what is wrong with its end: against the head row and anchors."""
    expected_seq, prev_hash, count = 1, GENESIS, 0
    rows = AuditEvent.objects.filter(org=org).order_by("seq").values_list(*_FIELDS, named=True)  # no model objects
    for event in rows.iterator(chunk_size=2000):
        count += 1
        if event.seq != expected_seq:
            return count, [ChainProblem(
                org.slug, expected_seq, None, f"missing (events {expected_seq}..{event.seq - 1} were deleted)"
            )]
        if event.prev_hash != prev_hash:
            return count, [ChainProblem(org.slug, event.seq, event.id, "link to the previous event was changed")]
        if hash_of(event) != event.hash:
            return count, [ChainProblem(org.slug, event.seq, event.id, "hash mismatch: the event was edited")]
        anchor = anchors.get(event.seq)
        if anchor and anchor.hash != event.hash:
            return count, [ChainProblem(
                org.slug, event.seq, event.id, f"differs from {anchor}: the chain was rewritten from here or earlier"
            )]
        expected_seq, prev_hash = event.seq + 1, event.hash
    last = expected_seq - 1
    problems = []
    furthest = max(anchors.values(), key=lambda a: a.seq, default=None)
    if furthest and furthest.seq > last:
        problems.append(ChainProblem(org.slug, last + 1, None, (
            f"missing: {furthest} recorded the chain up to seq {furthest.seq}, it ends at seq {last} "
            f"(events {last + 1}..{furthest.seq} were deleted)"
        )))
    head = AuditHead.objects.filter(org=org).first()
    if head is None:
        if count or furthest:
            problems.append(
                ChainProblem(org.slug, None, None, f"the head row was deleted (the chain ends at seq {last})"))
    elif head.seq > last:
        problems.append(ChainProblem(
            org.slug, last + 1, None, f"missing: the chain ends at seq {last} but its head says {head.seq}"
        ))
    elif head.seq < last:
        problems.append(ChainProblem(
            org.slug, None, None, f"the head was rewound to seq {head.seq}, the chain goes on to seq {last}"
        ))
    elif head.seq and head.hash != prev_hash:
        problems.append(ChainProblem(org.slug, None, None, f"the head's hash was changed (seq {head.seq})"))
    return count, problems


def _reference(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.model_name, str(obj.pk)


def _instant(at: dt.datetime) -> str:
    return at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")

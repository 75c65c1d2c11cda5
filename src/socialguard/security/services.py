"""Incidents and registry changes in the database, each recorded in the audit archive.

The views and other apps (e.g. the inbox, when a crisis alert fires) call these rather than changing rows
themselves: `start_incident(org, runbook_id, title, ...)` is the hook for starting an incident from an alert.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from socialguard.audit.chain import SYSTEM, actor_label, record
from socialguard.orgs.models import Organisation
from socialguard.orgs.policies import PolicyUnavailable, current_policy
from socialguard.policy import Policy, load_policy
from socialguard.policy.schema import BrandAccount

from . import runbooks
from .models import BrandAccountEntry, IncidentRecord
from .registry import Registry


def policy_of(org: Organisation) -> tuple[str | None, Policy]:
    """The organisation's current policy and its version number (the built-in policy when it has none)."""
    try:
        version, policy = current_policy(org)
    except PolicyUnavailable:
        return None, load_policy()
    return str(version.number), policy


def start_incident(
    org: Organisation,
    runbook_id: str,
    title: str,
    user: Any = None,
    personal_data: bool = False,
    source: str = "web",
) -> IncidentRecord:
    """Start an incident following one of the organisation's runbooks (raises IncidentError / KeyError)."""
    version, policy = policy_of(org)
    book = runbooks.runbooks_for(policy)[runbook_id]
    actor = actor_label(user) if user is not None else SYSTEM
    incident = runbooks.start_incident(book, title, actor, timezone.now(), personal_data, version)
    with transaction.atomic():
        row = IncidentRecord(org=org, runbook_id=runbook_id, started_at=incident.started_at,
                             started_by=user if getattr(user, "pk", None) else None, source=source)
        row.store(incident)
        row.save()
        record(org, "incident_start", actor=actor, obj=row,
               data={"runbook": runbook_id, "title": incident.title, "personal_data": personal_data, "source": source})
    return row


def change_incident(row: IncidentRecord, user: Any, action: str, **args: Any) -> IncidentRecord:
    """Apply one transition (`complete`, `skip`, `involve_personal_data`, `close`) and record it."""
    actor = actor_label(user)
    with transaction.atomic():
        row = IncidentRecord.objects.select_for_update().get(pk=row.pk)
        incident = getattr(row.incident, action)(by=actor, at=timezone.now(), **args)
        row.store(incident)
        row.save(update_fields=["data", "title", "closed_at"])
        event = incident.events[-1]
        record(row.org, f"incident_{event.kind}", actor=actor, obj=row,
               data={"step": event.step, "note": event.note, "runbook": row.runbook_id})
    return row


def save_account(org: Organisation, user: Any, entry: BrandAccountEntry, values: dict[str, Any]) -> BrandAccountEntry:
    """Create or update a registry entry from validated values, and record the change."""
    adding = entry.pk is None
    with transaction.atomic():
        for field, value in values.items():
            setattr(entry, field, value)
        entry.org = org
        entry.save()
        record(org, "security_account_add" if adding else "security_account_change", actor=actor_label(user),
               obj=entry, data={"account": str(entry), "two_factor": entry.two_factor,
                                "holders": [g["holder"] for g in entry.access]})
    return entry


def remove_account(org: Organisation, user: Any, entry: BrandAccountEntry) -> None:
    with transaction.atomic():
        record(org, "security_account_remove", actor=actor_label(user), obj=entry, data={"account": str(entry)})
        entry.delete()


def missing_from_policy(org: Organisation) -> list[BrandAccount]:
    """The current policy's brand accounts that the registry does not list yet (none if there is no policy)."""
    try:
        _version, policy = current_policy(org)
    except PolicyUnavailable:
        return []
    listed = {(platform, handle.lower()) for platform, handle in
              BrandAccountEntry.objects.filter(org=org).values_list("platform", "handle")}
    return [account for account in policy.brand_accounts if (account.platform, account.handle.lower()) not in listed]


def import_from_policy(org: Organisation, user: Any) -> int:
    """Add the policy's brand accounts the registry lacks (platform, handle, address, owner); returns how many.
    Entries already listed are left as they are: the registry knows more about them than the policy."""
    with transaction.atomic():
        missing = missing_from_policy(org)
        for account in missing:
            BrandAccountEntry.objects.create(org=org, platform=account.platform, handle=account.handle,
                                             url=account.url or "", owner=account.owner or "")
        record(org, "security_registry_import", actor=actor_label(user),
               data={"file": "policy", "added": len(missing), "updated": 0})
    return len(missing)


def offboard(org: Organisation, user: Any, names: list[str]) -> list[str]:
    """Mark every access grant held under any of `names` (a person who left) as `left`, so the security audit
    reports the access until it is removed; recorded in the audit archive. Returns the accounts changed."""
    wanted = {name.strip().casefold() for name in names if name and name.strip()}
    changed = []
    with transaction.atomic():
        for entry in BrandAccountEntry.objects.select_for_update().filter(org=org):
            access = [
                {**grant, "status": "left"}
                if grant.get("kind", "person") == "person" and str(grant.get("holder", "")).casefold() in wanted
                and grant.get("status", "active") != "left" else grant
                for grant in entry.access
            ]
            if access != entry.access:
                entry.access = access
                entry.save(update_fields=["access", "updated_at"])
                changed.append(str(entry))
        if changed:
            record(org, "security_offboarding", actor=actor_label(user),
                   data={"holders": sorted(wanted), "accounts": changed})
    return changed


def import_registry(org: Organisation, user: Any, registry: Registry, source: str) -> tuple[int, int]:
    """Add the registry's accounts and update those already listed (none is removed); returns (added, updated)."""
    added = updated = 0
    with transaction.atomic():
        for account in registry.accounts:
            values = BrandAccountEntry.fields_of(account)
            existing = BrandAccountEntry.objects.filter(
                org=org, platform=account.platform, handle__iexact=account.handle
            ).first()
            if existing is None:
                BrandAccountEntry.objects.create(org=org, **values)
                added += 1
            else:
                BrandAccountEntry.objects.filter(pk=existing.pk).update(**values)
                updated += 1
        record(org, "security_registry_import", actor=actor_label(user),
               data={"file": source, "added": added, "updated": updated})
    return added, updated

"""Which policy version each person must acknowledge, recording it, and reminding those who have not.

A new version asks everyone again when its changes matter (`socialguard.policy.diff`: any clause changed, or a
rule was added, raised, re-enabled or widened); a version that only relaxes rules or changes settings keeps the
earlier acknowledgements valid. The *required* version is the newest one that asked again (else version 1).
Someone is covered when they acknowledged the required version or a newer one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from socialguard.audit.chain import actor_label, record
from socialguard.orgs.models import Membership, Organisation, PolicyVersion
from socialguard.policy import PolicyError, parse_policy
from socialguard.policy.diff import diff_policies

from .models import Acknowledgement


class NotCurrentVersion(ValueError):
    """Someone tried to acknowledge a version that is not (or no longer) the current one."""


@dataclass(frozen=True)
class Coverage:
    """One member's acknowledgement state for the required version."""

    membership: Membership
    last_version: int | None
    last_at: Any
    covered: bool


def required_version(org: Organisation) -> PolicyVersion | None:
    """The newest version whose changes ask everyone to acknowledge again (the first version otherwise)."""
    newer = None
    for version in org.policy_versions.order_by("-number").iterator(chunk_size=4):
        if newer is not None and _changes_need_acknowledgement(version, newer):
            return newer
        newer = version
    return newer


def pending_for(user: Any, org: Organisation) -> PolicyVersion | None:
    """The version `user` still has to acknowledge in `org`, or None when they are covered."""
    current = org.current_policy_version()
    if current is None:
        return None
    acknowledged = _last_acknowledged(user, org)
    if acknowledged is not None and acknowledged >= current.number:
        return None
    required = required_version(org)
    if acknowledged is not None and required is not None and acknowledged >= required.number:
        return None
    return current


def acknowledge(user: Any, org: Organisation, number: int) -> Acknowledgement:
    """Record that `user` acknowledged version `number`, which must be the current one."""
    current = org.current_policy_version()
    if current is None or current.number != number:
        raise NotCurrentVersion(_("Version %(number)s is not the current version of the policy.") % {"number": number})
    existing = Acknowledgement.objects.filter(user=user, policy_version=current).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            acknowledgement = Acknowledgement.objects.create(user=user, org=org, policy_version=current)
            record(org, "acknowledgement", actor=actor_label(user), obj=current, data={"version": current.number})
    except IntegrityError:  # the same person acknowledged twice at once
        return Acknowledgement.objects.get(user=user, policy_version=current)
    return acknowledgement


def coverage(org: Organisation) -> list[Coverage]:
    """Every member with the newest version they acknowledged and whether that covers the required version."""
    required = required_version(org)
    last = {
        row["user"]: row
        for row in Acknowledgement.objects.filter(org=org).values("user")
        .annotate(version=Max("policy_version__number"), at=Max("at"))
    }
    members = Membership.objects.filter(org=org, user__is_active=True).select_related("user").order_by("user__username")
    rows = []
    for membership in members:
        row = last.get(membership.user_id, {})
        version = row.get("version")
        covered = version is not None and required is not None and version >= required.number
        rows.append(Coverage(membership, version, row.get("at"), covered))
    return rows


def send_reminders(org: Organisation, sender: Any) -> int:
    """E-mail every member who is not covered, in their own interface language; returns how many were sent."""
    current = org.current_policy_version()
    if current is None:
        return 0
    link = settings.SOCIALGUARD_BASE_URL + reverse("policy_pages:document")
    messages, names = [], []
    for row in coverage(org):
        user = row.membership.user
        if row.covered or not user.email:
            continue
        with translation.override(_language_of(user)):
            subject = _("Please read and acknowledge the %(org)s social media policy") % {"org": org.name}
            body = _("Version %(number)s of the social media policy of %(org)s is waiting for your "
                     "acknowledgement. Read it and confirm here: %(link)s") % {
                "number": current.number, "org": org.name, "link": link}
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
        names.append(user.get_username())
    if messages:
        send_mass_mail(messages, fail_silently=True)
        record(org, "acknowledgement_reminder", actor=actor_label(sender), obj=current,
               data={"version": current.number, "sent_to": names})
    return len(messages)


def _last_acknowledged(user: Any, org: Organisation) -> int | None:
    found = Acknowledgement.objects.filter(user=user, org=org).aggregate(n=Max("policy_version__number"))
    return found["n"]


def _language_of(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return (profile.language if profile else "") or settings.LANGUAGE_CODE


def _changes_need_acknowledgement(old: PolicyVersion, new: PolicyVersion) -> bool:
    return _needs_acknowledgement(old.yaml, new.yaml)


@lru_cache(maxsize=256)
def _needs_acknowledgement(old_yaml: str, new_yaml: str) -> bool:
    try:
        old, new = parse_policy(old_yaml, name="older version"), parse_policy(new_yaml, name="newer version")
    except PolicyError:  # a version that no longer loads: ask again, to be safe
        return True
    return diff_policies(old, new).needs_acknowledgement

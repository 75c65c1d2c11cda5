"""An organisation's policy: saving a new version (validated by the core) and loading the current one, cached.

Versions are immutable rows, so each process caches a version's row by its id; its policy, and everything
compiled from it (the checker, the inbox's triage and reply suggester), is the core's one compiled object of
the version's text (`engine.compile_policy`, keyed by the text's digest and the version's name), so a version
whose id was reused (SQLite, after a rolled-back transaction) never gets what was built from another text.
Finding the current version reads only its id (the API reads it with the token, in the same query), so a
newly saved version is used by the next check in every process; saving one also empties this process's row
cache.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.dispatch import receiver

from socialguard.engine import CompiledPolicy, compile_policy
from socialguard.policy import Policy, PolicyError, parse_policy

from .models import Organisation, PolicyVersion


class PolicyUnavailable(Exception):
    """The organisation has no usable policy (none saved, or the saved one no longer validates)."""


def file_name(org: Organisation) -> str:
    """What errors call the organisation's policy text: `acme policy:12: rules.0.severity: ...`."""
    return f"{org.slug} policy"


def save_policy(org: Organisation, yaml_text: str, user: Any = None) -> PolicyVersion:
    """Validate `yaml_text` with the core and store it as the organisation's next version.

    Raises `PolicyError` (with file, line and field) when the text is not a valid policy; nothing is saved then.
    """
    parse_policy(yaml_text, name=file_name(org))
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        last = org.policy_versions.aggregate(last=Max("number"))["last"] or 0
        return PolicyVersion.objects.create(org=org, number=last + 1, yaml=yaml_text, created_by=user)


def current_policy(org: Organisation, version_id: int | None = None) -> tuple[PolicyVersion, Policy]:
    """The organisation's current version and its parsed policy.

    `version_id` is the current version's id when the caller has read it already (`current_version_id`)."""
    if version_id is None:
        version_id = current_version_id(org)
    if version_id is None:
        raise PolicyUnavailable(f"organisation {org.slug!r} has no policy yet")
    version = _version(version_id)
    return version, policy_of(version)


def current_version_id(org: Organisation) -> int | None:
    return org.policy_versions.order_by("-number").values_list("pk", flat=True).first()


@lru_cache(maxsize=64)
def _version(version_id: int) -> PolicyVersion:
    return PolicyVersion.objects.select_related("org").get(pk=version_id)


@receiver(post_save, sender=PolicyVersion)
def _forget_versions(sender, **kwargs) -> None:
    _version.cache_clear()


def policy_of(version: PolicyVersion) -> Policy:
    return compiled_version(version).policy


def compiled_version(version: PolicyVersion) -> CompiledPolicy:
    """The core's compiled object of a version: its policy, checker and whatever the apps build from it."""
    try:
        return compile_policy(version.yaml, f"{version.org.slug} policy v{version.number}")
    except PolicyError as exc:
        raise PolicyUnavailable(str(exc)) from None


def requires_two_factor_for_everyone(policy: Policy) -> bool:
    """Whether the policy asks every member to sign in to socialguard with a second factor.

    `security.require_2fa_for_socialguard_users: all`; admins and approvers always need it (see signin).
    """
    return policy.security.require_2fa_for_socialguard_users == "all"

"""An organisation's policy: saving a new version (validated by the core) and loading the current one, cached.

Versions are immutable rows, so a parsed `Policy` is cached per version id; the core's compiled checker
lives on the cached object and is reused by every check.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Max

from socialguard.policy import Policy, PolicyError, parse_policy

from .models import Organisation, PolicyVersion


class PolicyUnavailable(Exception):
    """The organisation has no usable policy (none saved, or the saved one no longer validates)."""


def save_policy(org: Organisation, yaml_text: str, user: Any = None) -> PolicyVersion:
    """Validate `yaml_text` with the core and store it as the organisation's next version.

    Raises `PolicyError` (with file, line and field) when the text is not a valid policy; nothing is saved then.
    """
    parse_policy(yaml_text, name=f"{org.slug} policy")
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        last = org.policy_versions.aggregate(last=Max("number"))["last"] or 0
        return PolicyVersion.objects.create(org=org, number=last + 1, yaml=yaml_text, created_by=user)


def current_policy(org: Organisation) -> tuple[PolicyVersion, Policy]:
    """The organisation's current version and its parsed policy."""
    version = org.current_policy_version()
    if version is None:
        raise PolicyUnavailable(f"organisation {org.slug!r} has no policy yet")
    return version, policy_of(version)


def policy_of(version: PolicyVersion) -> Policy:
    try:
        return _parsed(version.pk, version.yaml, f"{version.org.slug} policy v{version.number}")
    except PolicyError as exc:
        raise PolicyUnavailable(str(exc)) from None


@lru_cache(maxsize=64)
def _parsed(version_id: int, yaml_text: str, name: str) -> Policy:
    return parse_policy(yaml_text, name=name)


def requires_two_factor_for_everyone(policy: Policy) -> bool:
    """Whether the policy asks every member to sign in to socialguard with a second factor.

    `security.require_2fa_for_socialguard_users: all`; admins and approvers always need it (see signin).
    """
    return policy.security.require_2fa_for_socialguard_users == "all"

"""Creating an organisation with everything it needs: its first policy version and one team of each kind."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import TEAM_KIND_CHOICES, Membership, Organisation, Team
from .policies import save_policy


@transaction.atomic
def create_organisation(name: str, slug: str, policy_yaml: str, created_by: Any = None) -> Organisation:
    org = Organisation.objects.create(name=name, slug=slug)
    save_policy(org, policy_yaml, created_by)
    for kind, label in TEAM_KIND_CHOICES:
        Team.objects.create(org=org, kind=kind, name=str(label))
    return org


def add_member(org: Organisation, user: Any, role: str, teams: tuple[str, ...] = (), job_role: str = "") -> Membership:
    """Make `user` a member with `role`, and put them in the teams of the given kinds."""
    membership, _ = Membership.objects.update_or_create(
        org=org, user=user, defaults={"role": role, "job_role": job_role}
    )
    for team in Team.objects.filter(org=org, kind__in=teams):
        team.members.add(user)
    return membership

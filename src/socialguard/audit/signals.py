"""Recording sign-ins in the audit log of every organisation the person belongs to."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from socialguard.orgs.models import Membership

from .chain import actor_label, record


@receiver(user_logged_in, dispatch_uid="socialguard.audit.login")
def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    for membership in Membership.objects.select_related("org").filter(user=user):
        record(membership.org, "login", actor=actor_label(user), obj=user, data={"address": address})

"""Starting a re-check whenever an organisation saves a new policy version (however it is saved)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from socialguard.orgs.models import PolicyVersion

from .jobs import queue_for


@receiver(post_save, sender=PolicyVersion, dispatch_uid="socialguard.rechecks.new_version")
def recheck_new_version(sender: Any, instance: PolicyVersion, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        queue_for(instance)

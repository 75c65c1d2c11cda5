"""An acknowledgement: one person confirmed, at a moment, that they read one version of their organisation's policy.

Rows are only added: acknowledging a newer version adds a row, so the history of who read what stays.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialguard.orgs.models import Organisation, PolicyVersion


class Acknowledgement(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="acknowledgements")
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "policy_version"], name="acknowledgement_once_per_version"),
        ]
        indexes = [models.Index(fields=["org", "user", "-at"])]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.policy_version}"

"""Personal API tokens: one person's access to the API in one organisation, limited to some scopes.

Only the token's SHA-256 digest is stored (the token itself is shown once, when it is made); `hint` is its
first characters, to recognise it in a list. A token dies with its membership; revoking one keeps the row.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from socialguard.orgs.models import Membership


class ApiToken(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

"""The security app's rows: each organisation's brand-account registry and its incidents.

The rows mirror the pure models (`registry.RegisteredAccount`, `runbooks.Incident`) and convert to them, so
the audit, the CSV export and the incident state machine stay pure. No field holds a password or a token.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialguard.orgs.models import Organisation

from .registry import RegisteredAccount, Registry
from .runbooks import Incident

TWO_FACTOR_CHOICES = [
    ("none", _("None")), ("sms", _("SMS codes")), ("app", _("Authenticator app")), ("hardware_key", _("Hardware key")),
]
OWNERSHIP_CHOICES = [("company", _("The organisation")), ("person", _("A person"))]


class BrandAccountEntry(models.Model):
    """One brand account in an organisation's registry."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="brand_account_entries")
    platform = models.CharField(_("platform"), max_length=60)
    handle = models.CharField(_("handle"), max_length=200)
    url = models.CharField(_("address"), max_length=500, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    access = models.JSONField(_("access"), default=list)  # [{holder, kind, method, status}]
    two_factor = models.CharField(_("second factor"), max_length=20, choices=TWO_FACTOR_CHOICES, default="none")
    last_rotation = models.DateField(_("last credential change"), null=True, blank=True)
    recovery_email = models.CharField(_("recovery e-mail"), max_length=254, blank=True)
    recovery_email_owner = models.CharField(
        _("recovery e-mail belongs to"), max_length=10, choices=OWNERSHIP_CHOICES, blank=True
    )
    recovery_phone = models.CharField(_("recovery phone"), max_length=40, blank=True)
    recovery_phone_owner = models.CharField(
        _("recovery phone belongs to"), max_length=10, choices=OWNERSHIP_CHOICES, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "platform", "handle"], name="brand_account_entry_unique"),
        ]
        ordering = ["platform", "handle"]

    def __str__(self) -> str:
        return f"{self.platform} {self.handle}"

    def to_account(self) -> RegisteredAccount:
        return RegisteredAccount.model_validate(
            {
                "platform": self.platform,
                "handle": self.handle,
                "url": self.url or None,
                "owner": self.owner or None,
                "access": self.access,
                "two_factor": self.two_factor,
                "last_rotation": self.last_rotation,
                "recovery_email": self.recovery_email or None,
                "recovery_email_owner": self.recovery_email_owner or None,
                "recovery_phone": self.recovery_phone or None,
                "recovery_phone_owner": self.recovery_phone_owner or None,
            }
        )

    @classmethod
    def fields_of(cls, account: RegisteredAccount) -> dict:
        """Column values for a pure account (the inverse of `to_account`)."""
        data = account.model_dump(mode="json")
        values = {k: ("" if v is None else v) for k, v in data.items() if k not in ("access", "last_rotation")}
        return {**values, "access": data["access"], "last_rotation": account.last_rotation}


def registry_of(org: Organisation) -> Registry:
    return Registry(accounts=[entry.to_account() for entry in BrandAccountEntry.objects.filter(org=org)])


class IncidentRecord(models.Model):
    """An incident of an organisation: the pure `Incident` as JSON, plus the columns lists need."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="incidents")
    runbook_id = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    started_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=60, blank=True)  # "web", or what raised it (e.g. a crisis alert)
    data = models.JSONField()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["org", "closed_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def incident(self) -> Incident:
        return Incident.model_validate(self.data)

    def store(self, incident: Incident) -> None:
        self.data = incident.model_dump(mode="json")
        self.title = incident.title
        self.closed_at = incident.closed_at

"""A brand account connected for publishing: which network account it really is, and its credential,
encrypted with a key kept outside the database (`vault`). The credential column holds only a Fernet token;
revoking wipes it and keeps the row as the record of who connected what, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialguard.orgs.models import Organisation
from socialguard.publishing import CredentialRejected, Publisher, publisher_for

from . import vault

NETWORK_CHOICES = [("bluesky", "Bluesky"), ("mastodon", "Mastodon"), ("webhook", _("Signed webhook"))]


class Connection(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="connections")
    account_platform = models.CharField(_("brand account platform"), max_length=60)  # as in the policy
    account_handle = models.CharField(_("brand account"), max_length=200)
    network = models.CharField(_("network"), max_length=20, choices=NETWORK_CHOICES)
    service = models.CharField(_("server"), max_length=500)  # the PDS, the instance or the webhook URL
    login = models.CharField(_("login"), max_length=200, blank=True)  # Bluesky: the handle or DID logged in with
    handle = models.CharField(_("connected as"), max_length=200)  # what the network said the credential is
    secret = models.TextField(blank=True)  # Fernet token of the credential; empty once revoked
    connected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    connected_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["account_platform", "account_handle", "-connected_at"]

    def __str__(self) -> str:
        return f"{self.network} {self.handle}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def publisher(self) -> Publisher:
        """The publisher of this account, with the credential decrypted for this use only."""
        if not self.active:
            raise CredentialRejected(f"{self.network} {self.handle}: the connection was revoked; connect it again")
        secret = vault.decrypt(self.secret, settings.CREDENTIAL_KEYS_FILE)
        return publisher_for(self.network, self.service, self.login or self.handle, secret)

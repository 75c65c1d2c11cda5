"""A `Delivery`: one approved post going out through one connected account, with its own state, attempts and
what the network gave back.

The idempotency `key` is made once, when the delivery is created, and every attempt sends it (the Bluesky
record key is derived from it, Mastodon gets it as `Idempotency-Key`, the webhook as its delivery id), so a
retry or a second worker never posts twice. `lease_until` is how long the worker that claimed it may take;
a `sending` delivery whose lease ran out was left by a crashed worker and is claimed again.
`ALLOWED` is the state table: every change goes through `scheduling.move`, which checks it and audits it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from socialguard.connections.models import Connection
from socialguard.orgs.models import Organisation
from socialguard.workflow.models import PostDraft


class DeliveryState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    DELETED = "deleted", _("Deleted from the network")


ALLOWED = {
    DeliveryState.SCHEDULED: {DeliveryState.SCHEDULED, DeliveryState.SENDING, DeliveryState.CANCELLED},
    # sending -> sending: a crashed worker's lease ran out and another claims it; -> scheduled: a retry later
    DeliveryState.SENDING: {DeliveryState.SENDING, DeliveryState.SENT, DeliveryState.SCHEDULED,
                            DeliveryState.FAILED, DeliveryState.CANCELLED},
    DeliveryState.SENT: {DeliveryState.DELETED},
    DeliveryState.FAILED: {DeliveryState.SCHEDULED, DeliveryState.CANCELLED},
    DeliveryState.CANCELLED: set(),
    DeliveryState.DELETED: set(),
}
OUTSTANDING = (DeliveryState.SCHEDULED, DeliveryState.FAILED)  # not out yet; withdrawn if the post changes


class Check(models.TextChoices):
    """What reading the post back from the network found."""

    MATCHES = "matches", _("Matches the approved text")
    EDITED = "edited", _("Edited outside socialguard")
    GONE = "gone", _("No longer on the network")
    UNAVAILABLE = "unavailable", _("Cannot be read back")


def new_key() -> str:
    return uuid.uuid4().hex


class Delivery(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="deliveries")
    post = models.ForeignKey(PostDraft, on_delete=models.CASCADE, related_name="deliveries")
    connection = models.ForeignKey(Connection, on_delete=models.PROTECT, related_name="deliveries")
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    reply_to = models.CharField(max_length=500, blank=True)  # the remote id this delivery answers, if a reply
    state = models.CharField(_("state"), max_length=16, choices=DeliveryState.choices,
                             default=DeliveryState.SCHEDULED)
    due_at = models.DateTimeField(_("due"))
    next_attempt_at = models.DateTimeField()  # due_at, or later after a failed attempt
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    text_sha256 = models.CharField(max_length=64)  # of the approved text this delivery sends
    media_sha256 = models.JSONField(default=list, blank=True)
    remote_id = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)  # one line from the publisher, never a secret
    check_result = models.CharField(max_length=16, choices=Check.choices, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    network_text = models.TextField(blank=True)  # what the network showed when it differed from the approved text
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "lease_until"]),
            models.Index(fields=["org", "state", "due_at"]),
            models.Index(fields=["org", "due_at", "id"]),  # the calendar's periods and the list's order
            models.Index(fields=["state", "sent_at"]),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} of post {self.post_id} ({self.state})"

    @property
    def account_label(self) -> str:
        return f"{self.connection.account_platform} {self.connection.account_handle}"

"""The audit log's rows: `AuditEvent` (append-only) and `AuditHead` (the last seq and hash of each chain).

`hash = sha256(canonical JSON of the event's fields + prev_hash)`. The ORM refuses to update or delete an
event (`save` on an existing row, `delete`, and queryset `update`/`delete` all raise). Someone with direct
database access can still change rows; that is what `socialguard audit verify` catches: an edited event no
longer matches its hash, a removed one leaves a gap in `seq` or a head that points past the end, and what the
chain cannot show about itself (events cut from the end, a deleted head or organisation) the signed
checkpoints outside the database show (`checkpoints.py`).
"""

from __future__ import annotations

from django.db import models

from socialguard.orgs.models import Organisation


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):  # type: ignore[override]
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="audit_events")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    actor = models.CharField(max_length=254)  # user name, "outside:<email>" or "system"
    kind = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "seq"], name="audit_event_unique_seq")]
        indexes = [
            models.Index(fields=["org", "at"]),
            models.Index(fields=["org", "kind", "seq"], name="audit_event_org_kind_seq"),  # the log filtered by kind
            models.Index(fields=["org", "kind", "at"], name="audit_event_org_kind_at"),  # a kind in a period
        ]
        ordering = ["org", "seq"]

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("audit events cannot be deleted")


class AuditHead(models.Model):
    """Where each organisation's chain ends; lets `verify` notice events removed from the end."""

    org = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="audit_head")
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

"""A re-check of an organisation's posts under a new policy version (`Recheck`), and one row per post whose
verdict changed (`RecheckResult`): posts whose verdict stayed the same are counted, not stored."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from socialguard.model import Outcome
from socialguard.orgs.models import Organisation, PolicyVersion
from socialguard.workflow.forms import OUTCOME_LABELS
from socialguard.workflow.models import PostDraft

OUTCOME_CHOICES = [(outcome.value, OUTCOME_LABELS[outcome]) for outcome in Outcome]


class Recheck(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rechecks")
    from_version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="+")
    to_version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="rechecks")
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    posts_checked = models.PositiveIntegerField(default=0)
    newly_flagged = models.PositiveIntegerField(default=0)  # no active finding before, at least one now
    no_longer_flagged = models.PositiveIntegerField(default=0)  # flagged before, no active finding now
    outcome_changes = models.PositiveIntegerField(default=0)  # posts whose outcome differs
    added_by_rule = models.JSONField(default=dict)  # rule id -> posts it flags now and did not before
    removed_by_rule = models.JSONField(default=dict)  # rule id -> posts it flagged before and no longer does

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org", "-created_at"])]

    def __str__(self) -> str:
        return f"re-check {self.pk}: v{self.from_version.number} -> v{self.to_version.number} ({self.state})"


class RecheckResult(models.Model):
    class Kind(models.TextChoices):
        NEWLY_FLAGGED = "newly_flagged", _("Newly flagged")
        NO_LONGER_FLAGGED = "no_longer_flagged", _("No longer flagged")
        CHANGED = "changed", _("Findings changed")

    recheck = models.ForeignKey(Recheck, on_delete=models.CASCADE, related_name="results")
    post = models.ForeignKey(PostDraft, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    old_outcome = models.CharField(max_length=24, choices=OUTCOME_CHOICES)
    new_outcome = models.CharField(max_length=24, choices=OUTCOME_CHOICES)
    added_rules = models.JSONField(default=list)
    removed_rules = models.JSONField(default=list)

    class Meta:
        ordering = ["recheck", "kind", "post_id"]
        indexes = [models.Index(fields=["recheck", "kind", "post"])]

"""Training answers: who answered which scenario under which policy version, what they said, and whether it
was right (the checker's outcome at the time is kept, so a later policy change never rewrites old scores)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialguard.orgs.models import Organisation, PolicyVersion


class TrainingAnswer(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_answers")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="training_answers")
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="training_answers")
    scenario = models.CharField(max_length=60)
    lang = models.CharField(max_length=8)
    would_publish = models.BooleanField()
    outcome = models.CharField(max_length=24)  # the checker's verdict on the scenario post
    correct = models.BooleanField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "policy_version", "scenario"], name="training_answer_once"),
        ]
        indexes = [models.Index(fields=["org", "user"])]

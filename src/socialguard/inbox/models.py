"""The inbox's rows: stored mentions with their assignment, history, notes and replies; crisis incidents with
their checklist; webhook tokens; the pollers' cursors and each source's health; and the items no mention
could be made of.

A `Mention` is unique per organisation by its `key` (the pure `mention_key` of source and external id), which
is what makes every ingest idempotent. Its `Assignment` says which team answers, how urgently, by when, and
at which escalation level; every change of status, assignment or level is a `MentionEvent`. A `Reply` keeps
the engine's verdict and the workflow post it goes out as (`ReplyState` is read from that post). A
`RejectedItem` is one item of a webhook call, an API call or a polled source that could not be stored as a
mention, kept with its reason and payload (as ASCII JSON text) so nothing sent to the inbox vanishes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from socialguard.orgs.models import Organisation, Team


class Status(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


OPEN = (Status.NEW, Status.ASSIGNED)


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    NEUTRAL = "neutral", _("Neutral")
    POSITIVE = "positive", _("Positive")


class Mention(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mentions")
    key = models.CharField(max_length=32)  # socialguard.inbox.mention.mention_key(source, external_id)
    source = models.CharField(_("source"), max_length=60)
    external_id = models.CharField(max_length=500)
    channel = models.CharField(max_length=300, blank=True)  # which connector or webhook token brought it
    url = models.URLField(max_length=1000, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    reach = models.PositiveBigIntegerField(_("reach"), null=True, blank=True)  # author followers, when known
    text = models.TextField(_("text"))
    in_reply_to = models.CharField(max_length=1000, blank=True)
    lang = models.CharField(_("language"), max_length=12, blank=True)
    sentiment = models.FloatField(_("sentiment"), default=0.0)  # -1..1
    sentiment_label = models.CharField(max_length=10, choices=Sentiment.choices, default=Sentiment.NEUTRAL)
    offensive = models.FloatField(_("offensive"), default=0.0)  # 0..1
    topics = models.JSONField(_("topics"), default=list, blank=True)
    phishing = models.FloatField(_("phishing score"), default=0.0)  # 0..1, socialguard.security.phishing
    phishing_flagged = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("posted"), null=True, blank=True)  # as the source says
    fetched_at = models.DateTimeField(_("fetched"))
    occurred_at = models.DateTimeField()  # created_at, else fetched_at: what spike checks count
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "key"], name="inbox_mention_unique_key")]
        indexes = [
            models.Index(fields=["org", "status", "-occurred_at", "-id"]),
            models.Index(fields=["org", "-occurred_at", "-id"]),
            models.Index(fields=["org", "sentiment_label", "occurred_at"]),
            models.Index(fields=["org", "source", "-occurred_at", "-id"]),  # the platform filter; its options
        ]

    def __str__(self) -> str:
        return f"mention {self.pk} ({self.source})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class Assignment(models.Model):
    """Who answers a mention: the team the matrix chose (a policy team id or kind), a person once someone
    takes it, the priority, and the SLA timer at its escalation level."""

    mention = models.OneToOneField(Mention, on_delete=models.CASCADE, related_name="assignment")
    team = models.CharField(_("team"), max_length=60)
    org_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)  # the team of that kind
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="inbox_assignments")
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    rule = models.IntegerField()  # index of the escalation rule that matched; -1: the fallback
    level = models.PositiveIntegerField(_("escalation level"), default=0)
    sla_minutes = models.PositiveIntegerField()
    started_at = models.DateTimeField()  # when the timer of this level started
    due_at = models.DateTimeField(_("SLA due"))
    overdue = models.BooleanField(default=False)  # past due with no next level to escalate to

    class Meta:
        indexes = [models.Index(fields=["team", "priority"]), models.Index(fields=["due_at"])]


class MentionEvent(models.Model):
    """One change of a mention: its status, its assignment (team or person), or an SLA escalation."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status")
        ASSIGNMENT = "assignment", _("Assignment")
        ESCALATION = "escalation", _("Escalation")

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    before = models.CharField(max_length=200, blank=True)
    after = models.CharField(max_length=200)
    actor = models.CharField(max_length=254)  # as in the audit log: user name or system
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class Note(models.Model):
    """An internal note on a mention (never sent anywhere)."""

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class ReplyState(models.TextChoices):
    """Where a reply is, read from its workflow post and the outbox's deliveries of it (never stored)."""

    PENDING = "pending", pgettext_lazy("reply state", "Waiting for approval")
    CHANGES = "changes", pgettext_lazy("reply state", "Changes requested")
    BLOCKED = "blocked", pgettext_lazy("reply state", "Blocked")
    REJECTED = "rejected", pgettext_lazy("reply state", "Rejected")
    SENDING = "sending", pgettext_lazy("reply state", "Sending")
    FAILED = "failed", pgettext_lazy("reply state", "Failed")
    REPLIED = "replied", pgettext_lazy("reply state", "Replied")
    NOT_SENT = "not_sent", pgettext_lazy("reply state", "Not sent")


class Reply(models.Model):
    """An agent's reply to a mention: its text and verdict, and the workflow post it went out as (its state,
    approvals and deliveries say where it is: `inbox.sending.progress`). Replies written before socialguard
    sent them have no post."""

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    saved_reply = models.CharField(max_length=120, blank=True)  # the policy's saved reply it started from
    verdict = models.JSONField()
    outcome = models.CharField(max_length=24)
    post = models.ForeignKey("workflow.PostDraft", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="inbox_replies")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class CrisisIncident(models.Model):
    """The organisation's one incident for a crisis: opened by a spike alert (with the numbers behind it) or by a
    person (`title`, `opened_by`, no numbers), with the policy's checklist and holding statement."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="crisis_incidents")
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")  # empty: opened by a spike alert
    title = models.CharField(max_length=300, blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)  # negative mentions in the window
    expected = models.FloatField(null=True, blank=True)
    std = models.FloatField(null=True, blank=True)
    threshold = models.FloatField(null=True, blank=True)
    k = models.FloatField(null=True, blank=True)
    holding_statement = models.JSONField(default=dict)  # language -> text
    team = models.CharField(max_length=60)  # the policy's crisis team
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"crisis {self.pk}"

    @property
    def from_alert(self) -> bool:
        return self.count is not None

    @property
    def z(self) -> float | None:
        """How many of the baseline's usual ups and downs (standard deviations) the count lies above the forecast."""
        if not self.from_alert:
            return None
        return (self.count - self.expected) / self.std if self.std else float("inf")


class ChecklistItem(models.Model):
    incident = models.ForeignKey(CrisisIncident, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    text = models.JSONField()  # language -> text
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    done = models.BooleanField(default=False)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["incident", "position"], name="inbox_checklist_position")]


class WebhookToken(models.Model):
    """A token that lets another system push mentions to one organisation; only its SHA-256 is stored."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="inbox_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)  # sha256 hex of the token
    hint = models.CharField(max_length=12)  # the token's first characters, to tell tokens apart
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class SourceCursor(models.Model):
    """Where a connector stopped, per organisation (the poller's resume point)."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="inbox_cursors")
    source = models.CharField(max_length=500)
    cursor = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "source"], name="inbox_cursor_unique_source")]


class RejectedItem(models.Model):
    """An item that could not become a mention: where it came from, why, and its payload as ASCII text."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="inbox_rejected")
    channel = models.CharField(_("channel"), max_length=300)  # webhook:<token>, api:<token> or the connector name
    position = models.CharField(_("position"), max_length=1000)  # mentions[3], export.jsonl:12, id <external id>
    reason = models.TextField(_("reason"))
    payload = models.TextField(_("payload"))  # untrusted_json.printable: ASCII, cut at 20,000 characters
    digest = models.CharField(max_length=64)  # of channel, position and payload: a retried call is kept once
    received_at = models.DateTimeField(_("received"))

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "digest"], name="inbox_rejected_unique_digest")]


class SourceHealth(models.Model):
    """How a connector's polls went, per organisation: the last success, the last error, since when it has
    been failing (None while it works) and whether it has a backlog (stopped at its page limit)."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="inbox_source_health")
    source = models.CharField(_("source"), max_length=500)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    backlog = models.BooleanField(_("backlog"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "source"], name="inbox_health_unique_source")]

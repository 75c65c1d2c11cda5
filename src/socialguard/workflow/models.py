"""Approval workflows and the posts that go through them, as explicit rows.

`Workflow` (which posts: an account handle and/or verdict outcomes) has ordered `WorkflowStep`s, each
assigned to a team or a role with Any/All sign-off. A `PostDraft` carries its state, the verdict of its
last check and the policy version it was checked under, and its images as `PostMedia`; every state change is
a `Transition`, every sign-off a `Decision`, every outside approver an `OutsideInvite`, every author's request
for an exception an `ExceptionRequest`. A post's `round` grows each time it (re-)enters the workflow, so
decisions about an older text never count for a newer one. A step removed from a workflow after someone signed
it off is kept, inactive, for the history of the posts it decided.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialguard.orgs.models import ROLE_CHOICES, Organisation, PolicyVersion, Team


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending approval")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")
    PUBLISHED = "published", _("Published")


class SignOff(models.TextChoices):
    ANY = "any", _("Any one member")
    ALL = "all", _("All members")


class Workflow(models.Model):
    """Which posts need which steps: `account_handle` (empty: every account) and `outcomes` (empty: every one)."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="workflows")
    name = models.CharField(_("name"), max_length=120)
    account_handle = models.CharField(_("account handle"), max_length=120, blank=True)
    outcomes = models.JSONField(_("verdict outcomes"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def applies_to(self, account_handle: str, outcome: str) -> bool:
        return (not self.account_handle or self.account_handle.lower() == (account_handle or "").lower()) and (
            not self.outcomes or outcome in self.outcomes
        )


class WorkflowStep(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField()
    name = models.CharField(_("name"), max_length=120, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=32, choices=ROLE_CHOICES, blank=True)
    sign_off = models.CharField(_("sign-off"), max_length=8, choices=SignOff.choices, default=SignOff.ANY)
    active = models.BooleanField(default=True)  # False: removed from its workflow, kept for its decisions

    class Meta:
        ordering = ["workflow", "order"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "order"], name="workflow_step_unique_order"),
            models.CheckConstraint(
                condition=(models.Q(team__isnull=False, role="") | models.Q(team__isnull=True) & ~models.Q(role="")),
                name="workflow_step_team_or_role",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.team or self.get_role_display())

    @property
    def assignee(self) -> str:
        return str(self.team) if self.team else str(self.get_role_display())

    @property
    def label(self) -> str:
        """The step's name, else who it is assigned to."""
        return self.name or self.assignee


class PostDraft(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    account_kind = models.CharField(max_length=16, choices=[("brand", _("Brand")), ("personal", _("Personal"))])
    account_handle = models.CharField(max_length=120, blank=True)
    platform = models.CharField(max_length=40)
    text = models.TextField()
    in_reply_to_topic = models.CharField(max_length=60, blank=True)  # a reply to a mention: its topic
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    # a reply to a mention: the post it answers, by its id on the network (Bluesky: the at:// URI; Mastodon:
    # the status URI, resolved to a local id on the sending account's instance when it goes out)
    reply_to = models.CharField(max_length=1000, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=24, choices=State.choices, default=State.DRAFT)
    verdict = models.JSONField(null=True, blank=True)
    outcome = models.CharField(max_length=24, blank=True)
    exceptions = models.JSONField(default=list, blank=True)  # [{rule, reason, approved_by}]
    policy_version = models.ForeignKey(PolicyVersion, null=True, blank=True, on_delete=models.PROTECT)
    workflow = models.ForeignKey(Workflow, null=True, blank=True, on_delete=models.SET_NULL)
    step_index = models.PositiveIntegerField(default=0)  # position in workflow.steps of the step now due
    round = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["org", "state", "-updated_at"]),
            models.Index(fields=["org", "author", "-updated_at"]),
            models.Index(fields=["state", "scheduled_at"]),
        ]

    def __str__(self) -> str:
        return f"post {self.pk} ({self.state})"

    @property
    def account_label(self) -> str:
        return f"{self.account_handle} ({self.platform})" if self.account_handle else f"personal ({self.platform})"


class PostMedia(models.Model):
    """An image attached to a post: its file (under `SOCIALGUARD_MEDIA_DIR`, named by its SHA-256), the type
    found from its content, its alternative text and credit, and its place among the post's images."""

    post = models.ForeignKey(PostDraft, on_delete=models.CASCADE, related_name="media")
    file = models.CharField(max_length=200)  # the path under SOCIALGUARD_MEDIA_DIR
    name = models.CharField(_("file name"), max_length=200)  # as uploaded, shown to people
    mime = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    alt = models.TextField(_("alt text"), blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Transition(models.Model):
    post = models.ForeignKey(PostDraft, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=24, choices=State.choices)
    to_state = models.CharField(max_length=24, choices=State.choices)
    actor = models.CharField(max_length=254)  # as in the audit log: user name, outside:<email> or system
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class Decision(models.Model):
    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        CHANGES = "changes", _("Changes requested")

    post = models.ForeignKey(PostDraft, on_delete=models.CASCADE, related_name="decisions")
    round = models.PositiveIntegerField()
    step = models.ForeignKey(WorkflowStep, on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    outside_email = models.EmailField(blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def actor_name(self) -> str:
        return self.user.get_username() if self.user else self.outside_email


class OutsideInvite(models.Model):
    """An outside approver (no account) asked to sign off one step of one round, by a signed link."""

    post = models.ForeignKey(PostDraft, on_delete=models.CASCADE, related_name="outside_invites")
    round = models.PositiveIntegerField()
    step = models.ForeignKey(WorkflowStep, on_delete=models.PROTECT)
    email = models.EmailField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "round", "step", "email"], name="outside_invite_once"),
        ]


class ExceptionRequest(models.Model):
    """An author asks for an exception to one rule of a blocked finding; someone with `grant_exception` answers."""

    class Answer(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    post = models.ForeignKey(PostDraft, on_delete=models.CASCADE, related_name="exception_requests")
    rule = models.CharField(max_length=120)
    reason = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(max_length=16, choices=Answer.choices, default=Answer.OPEN)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answer_note = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["answer", "at"])]

"""Organisations, their policy versions, members (with a role), invitations to join, teams, and each user's
preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import roles

ROLE_CHOICES = [
    (roles.ADMIN, _("Administrator")),
    (roles.COMMS_LEAD, _("Communications lead")),
    (roles.APPROVER, _("Approver")),
    (roles.COMPLIANCE, _("Compliance officer")),
    (roles.CUSTOMER_SERVICE, _("Customer service")),
    (roles.SECURITY, _("IT / security")),
    (roles.EMPLOYEE, _("Employee")),
]

TEAM_KIND_CHOICES = [
    ("crisis_response", _("Crisis response")),
    ("message_approval", _("Message approval")),
    ("customer_service", _("Customer service")),
    ("pr", _("Public relations")),
    ("social_engagement", _("Social engagement")),
    ("compliance", _("Compliance")),
    ("employees", _("Employees")),
    ("security", _("IT / security")),
    ("legal", _("Legal")),
]


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    webhook_url = models.URLField(
        _("notification webhook"), blank=True, help_text=_("Slack or Teams incoming webhook; receives {\"text\": ...}")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set during a crisis: nothing scheduled is sent (the outbox holds due deliveries) until it is cleared.
    publishing_paused_at = models.DateTimeField(null=True, blank=True)
    publishing_paused_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return self.name

    @property
    def publishing_paused(self) -> bool:
        return self.publishing_paused_at is not None

    def current_policy_version(self) -> "PolicyVersion | None":
        return self.policy_versions.order_by("-number").first()


class PolicyVersion(models.Model):
    """One saved version of an organisation's policy file; rows are never changed, a change adds a version."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="policy_versions")
    number = models.PositiveIntegerField()
    yaml = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="policy_version_unique_number")]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.org.slug} v{self.number}"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=ROLE_CHOICES, default=roles.EMPLOYEE)
    job_role = models.CharField(
        _("role in the policy"), max_length=60, blank=True,
        help_text=_("How the policy names this person's role, e.g. ceo or spokesperson; empty: the role above."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "org"], name="membership_one_per_org")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.org.slug} ({self.role})"

    def can(self, permission: str) -> bool:
        return roles.allows(self.role, permission)


class Invitation(models.Model):
    """An e-mailed, expiring, single-use link to join an organisation with a role; only its SHA-256 is stored."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=ROLE_CHOICES, default=roles.EMPLOYEE)
    digest = models.CharField(max_length=64, unique=True)  # sha256 hex of the token in the link
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["org", "accepted_at", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.email} -> {self.org.slug} ({self.role})"

    def is_open(self, now) -> bool:
        """Neither accepted nor revoked, and not expired at `now`."""
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class Team(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    kind = models.CharField(_("kind"), max_length=32, choices=TEAM_KIND_CHOICES)
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="teams")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="team_unique_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """A user's own preferences: the interface language and the time zone times are shown in (empty: the
    browser's language, the server's `TIME_ZONE`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)  # an IANA name, e.g. Europe/Warsaw

"""What the attacks of tests/permissions need: the documented role table, two organisations full of objects,
the people who attack them, and signing a test client in as one of them, acting in one organisation.

`DOCUMENTED` is read from the role table of docs/web.md (## Roles and permissions), so every expected result
comes from the documentation, never from the code under attack. People get no teams: what they may do then
follows from their role alone (teams widen the inbox, see docs/inbox.md, and have their own tests).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT, ROLES, TEST_POLICY

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"
ANONYMOUS, OUTSIDER = "anonymous", "outsider"  # signed out; signed in but a member of no organisation
UNVERIFIED = "A:admin before the second factor"
TWO_FACTOR = ("admin", "approver", "security")  # docs/web.md: these roles sign in with a second factor


def documented_roles(path: Path = DOCS) -> dict[str, frozenset[str]]:
    """role -> permissions, from the table under "## Roles and permissions" (a ✓ grants the row's permissions;
    a row names them as identifiers, with explanations in parentheses)."""
    section = path.read_text(encoding="utf-8").split("## Roles and permissions", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    granted: dict[str, set[str]] = {role: set() for role in header[1:]}
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        names = [n.strip() for n in re.sub(r"\([^)]*\)", "", cells[0].replace("`", "")).split(",")]
        permissions = {n for n in names if re.fullmatch(r"[a-z_]+", n)}
        for role, cell in zip(header[1:], cells[1:]):
            if cell == "✓":
                granted[role] |= permissions
    return {role: frozenset(permissions) for role, permissions in granted.items()}


DOCUMENTED = documented_roles()


def may(role: str | None, permission: str) -> bool:
    return role is not None and permission in DOCUMENTED[role]


@dataclass
class Side:
    """One organisation and its objects: one member per role (no teams), a writer who authors the posts, and
    one of everything a URL can name."""

    org: Any
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_side(slug: str) -> Side:
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from django.conf import settings

    from socialguard.api.tokens import make_token
    from socialguard.connections import vault
    from socialguard.connections.models import Connection
    from socialguard.inbox import hooks
    from socialguard.inbox import mention as pure
    from socialguard.inbox.crisis import open_incident
    from socialguard.inbox.django_store import ingest
    from socialguard.inbox.models import Mention
    from socialguard.inbox.sla import wall_clock
    from socialguard.inbox.spikes import SpikeAlert
    from socialguard.orgs.policies import current_policy, save_policy
    from socialguard.orgs.services import add_member, create_organisation
    from socialguard.rechecks.models import Recheck
    from socialguard.security.models import BrandAccountEntry
    from socialguard.security.services import start_incident
    from socialguard.web.organisation.people import invite as invite_member
    from socialguard.workflow import actions, exception_requests
    from socialguard.workflow.models import Workflow, WorkflowStep
    from socialguard.workflow.outside import token_for

    users = get_user_model().objects
    org = create_organisation(f"{slug.title()} Ltd", slug, TEST_POLICY)
    side = Side(org)
    for role in (*ROLES, "writer"):
        user = users.create_user(f"{slug}-{role}", f"{role}@{slug}.example")
        add_member(org, user, "employee" if role == "writer" else role)
        if role in TWO_FACTOR:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        side.users[role] = user
    writer, admin = side.users["writer"], side.users["admin"]
    membership = writer.memberships.get(org=org)

    def post(text):
        row = actions.create_draft(membership, text=text, account_kind="personal", account_handle="", platform="x")
        actions.submit(row, writer)
        row.refresh_from_db()
        return row

    pending, approved = post(REVIEW_TEXT), post(OK_TEXT)
    asked = exception_requests.ask(post(BLOCK_TEXT), writer, "pii-ids", "A published test number.")
    spare = Workflow.objects.create(org=org, name="Spare", account_handle="@nobody")  # matches no post
    spare_steps = [WorkflowStep.objects.create(workflow=spare, order=n, role=role)
                   for n, role in enumerate(("approver", "compliance"), start=1)]
    invite = actions.invite_outside(pending, admin, f"outside@{slug}.example")
    first = org.current_policy_version()
    second = save_policy(org, TEST_POLICY.replace('version: "test-1"', 'version: "test-2"'))
    ingest(org, [pure.Mention(source="x", external_id=f"{slug}-1", text="Where is my order?", author="@a")],
           wall_clock)
    now = timezone.now()
    alert = SpikeAlert(now - dt.timedelta(hours=24), now, 31, 4.0, 2.5, 14.0, 3.0)
    incident = start_incident(org, "account-compromise", "Password leaked", admin)
    invitation, invitation_token = invite_member(org, admin, f"newcomer@{slug}.example", "employee")
    side.objects.update(
        pending=pending, approved=approved, workflow=pending.workflow, membership=membership,
        exception_request=asked, spare_step=spare_steps[1],
        team=org.teams.first(), outside_token=token_for(invite), versions=(first, second),
        mention=Mention.objects.get(org=org), crisis=open_incident(org, alert, now, current_policy(org)[1].listening.crisis),
        account=BrandAccountEntry.objects.create(org=org, platform="x", handle=f"@{slug}"),
        incident=incident, invitation=invitation, invitation_token=invitation_token,
        recheck=Recheck.objects.create(org=org, from_version=first, to_version=second, state=Recheck.State.DONE),
        api_token=make_token(membership, "writer script", ["check"])[0],
        webhook_token=hooks.make_token(org, "monitor", admin),
        connection=Connection.objects.create(
            org=org, account_platform="x", account_handle="@acme", network="webhook",
            service="https://hooks.example/in", handle="hooks.example", connected_at=now,
            secret=vault.encrypt("hook-secret", settings.CREDENTIAL_KEYS_FILE)),
    )
    brand_post = actions.create_draft(membership, text=OK_TEXT, account_kind="brand", account_handle="@acme",
                                      platform="x")
    actions.submit(brand_post, writer)  # approved: the outbox schedules it on the connection above
    side.objects["failed_delivery"] = failed(brand_post.deliveries.get())
    return side


def failed(delivery):
    """The delivery tried and failed for good, as the sender records it."""
    from socialguard.audit.chain import SYSTEM
    from socialguard.outbox import scheduling
    from socialguard.outbox.models import DeliveryState

    scheduling.move(delivery, DeliveryState.SENDING, SYSTEM)
    scheduling.move(delivery, DeliveryState.FAILED, SYSTEM, last_error="network down")
    return delivery


@dataclass
class World:
    """Organisations A and B, and people who belong to both with different roles (`dual[role]` is `role` in A and
    `DUAL_ROLE_IN_B[role]` in B)."""

    a: Side
    b: Side
    dual: dict[str, Any]

    @cached_property
    def drifter(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_user("drifter", "drifter@example.com")


# Each role of A paired with one of B whose permissions differ from it in both directions where possible.
DUAL_ROLE_IN_B = {role: ROLES[(i + 3) % len(ROLES)] for i, role in enumerate(ROLES)}


def build_world() -> World:
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from socialguard.orgs.services import add_member

    a, b = build_side("alpha"), build_side("beta")
    dual = {}
    for role, other in DUAL_ROLE_IN_B.items():
        user = get_user_model().objects.create_user(f"dual-{role}", f"dual-{role}@example.com")
        add_member(a.org, user, role)
        add_member(b.org, user, other)
        if role in TWO_FACTOR or other in TWO_FACTOR:
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        dual[role] = user
    return World(a, b, dual)


@dataclass(frozen=True)
class Subject:
    """Who attacks: a label, the user (None: signed out), the organisation they act in, and their role there."""

    label: str
    user: Any
    side: Side | None
    role: str | None
    verified: bool = True  # gave their second factor in this session (when they have a device)


def subjects(world: World) -> list[Subject]:
    """Every role of A; every two-organisation person acting in A and acting in B; A's admin signed in with a
    password but not yet the second factor; a signed-in person of no organisation; and a visitor who is
    signed out."""
    found = [Subject(f"A:{role}", world.a.users[role], world.a, role) for role in ROLES]
    found.append(Subject(UNVERIFIED, world.a.users["admin"], world.a, "admin", verified=False))
    found += [Subject(f"dual-{role} in A", user, world.a, role) for role, user in world.dual.items()]
    found += [Subject(f"dual-{role} in B as {DUAL_ROLE_IN_B[role]}", user, world.b, DUAL_ROLE_IN_B[role])
              for role, user in world.dual.items()]
    return found + [Subject(OUTSIDER, world.drifter, None, None), Subject(ANONYMOUS, None, None, None)]


def client_for(subject: Subject, **options: Any):
    """A test client signed in as the subject (second factor verified when they have a device), acting in the
    subject's organisation."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from socialguard.orgs.access import SESSION_ORG

    client = Client(**options)
    if subject.user is None:
        return client
    client.force_login(subject.user)
    session = client.session
    device = TOTPDevice.objects.filter(user=subject.user, confirmed=True).first()
    if device is not None and subject.verified:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if subject.side is not None:
        session[SESSION_ORG] = subject.side.org.pk
    session.save()
    return client

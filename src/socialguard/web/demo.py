"""The demo organisation `socialguard serve --demo` seeds (once; running it again changes nothing).

It has the built-in default policy plus organisation details, two brand accounts and saved replies in English
and Polish for the inbox (`inbox/demo_replies.yaml`), one team of each kind,
one user per role, a two-step workflow for the brand account on X, and posts in every state, made through
the real workflow actions so their history and audit trail are real too.

Passwords are random, made on first seeding, printed once and kept in `<data>/demo-credentials.txt`
(mode 0600), one ready sign-in line per role: the sign-in address, user name and password. Two-factor sign-in
is required for `admin`, `approver` and `security`: their lines add the TOTP secret as the command that
gives the current code (`oathtool --totp -b SECRET`; an authenticator app given the secret does the same).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from base64 import b32encode
from pathlib import Path
from typing import Callable

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialguard.inbox.demo import REPLIES_FILE, seed_mentions
from socialguard.orgs import roles
from socialguard.orgs.models import Membership, Organisation, Team
from socialguard.orgs.services import add_member, create_organisation
from socialguard.policy.loader import DEFAULT_POLICY
from socialguard.workflow import actions, routing
from socialguard.workflow.models import SignOff, State, Workflow, WorkflowStep
from socialguard.yamlfile import load_yaml

SLUG = "demo"
CREDENTIALS_FILE = "demo-credentials.txt"
SILENT_MAIL = "django.core.mail.backends.dummy.EmailBackend"
BRAND_X = "@acmecloud"

# user name, role, teams (kinds), job role used by the policy
PEOPLE = [
    ("admin", roles.ADMIN, ("crisis_response",), ""),
    ("comms", roles.COMMS_LEAD, ("pr", "crisis_response", "message_approval"), "spokesperson"),
    ("approver", roles.APPROVER, ("message_approval",), ""),
    ("compliance", roles.COMPLIANCE, ("compliance",), ""),
    ("support", roles.CUSTOMER_SERVICE, ("customer_service", "social_engagement"), ""),
    ("security", roles.SECURITY, ("security",), ""),
    ("employee", roles.EMPLOYEE, ("employees",), ""),
]
TWO_FACTOR_USERS = tuple(name for name, role, _, _ in PEOPLE if role in roles.TWO_FACTOR_ROLES)


def demo_policy_yaml() -> str:
    """The built-in default policy with the demo organisation's details, accounts, spokespeople and saved replies."""
    policy = load_yaml(DEFAULT_POLICY.read_text(encoding="utf-8"), "default.yaml")
    policy["version"] = "demo-1"
    policy["organisation"] = {
        "name": "Acme Cloud", "industry": "technology", "languages": ["en", "pl"],
        "domains": ["acme.example"], "brand_names": ["Acme Cloud", "Acme"], "handles": [BRAND_X, "acme-cloud"],
    }
    policy["spokespeople"] = [{"name": "Maria Comms", "role": "spokesperson"}]
    policy["brand_accounts"] = [
        {"platform": "x", "handle": BRAND_X, "publishers": ["spokesperson", "comms_lead"]},
        {"platform": "linkedin", "handle": "acme-cloud", "publishers": ["spokesperson", "comms_lead"]},
    ]
    policy["saved_replies"] = load_yaml(REPLIES_FILE.read_text(encoding="utf-8"), REPLIES_FILE.name)
    return yaml.safe_dump(policy, allow_unicode=True, sort_keys=False)


def seed(data_dir: Path, say: Callable[[str], None] = print) -> bool:
    """Create the demo organisation unless it exists; True when it was created now."""
    if Organisation.objects.filter(slug=SLUG).exists():
        say(f"Demo organisation already seeded; sign-in details are in {data_dir / CREDENTIALS_FILE}")
        return False
    with transaction.atomic():
        org = create_organisation("Acme Cloud (demo)", SLUG, demo_policy_yaml())
        passwords, totp_secrets = _people(org)
        _workflows(org)
    with override_settings(EMAIL_BACKEND=SILENT_MAIL):  # the demo's own history notifies nobody
        _posts(org)
        seed_mentions(org)  # the inbox: EN/PL mentions and a crisis wave
    lines = _credentials(passwords, totp_secrets)
    _keep(data_dir / CREDENTIALS_FILE, lines)
    say("\n".join(lines + [f"(kept in {data_dir / CREDENTIALS_FILE}; shown only this once)"]))
    return True


def _people(org: Organisation) -> tuple[dict[str, str], dict[str, str]]:
    passwords, totp_secrets = {}, {}
    User = get_user_model()
    for username, role, teams, job_role in PEOPLE:
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username, f"{username}@acme.example", password, first_name=username.title())
        add_member(org, user, role, teams, job_role)
        passwords[username] = password
        if username in TWO_FACTOR_USERS:
            device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
            totp_secrets[username] = b32encode(device.bin_key).decode("ascii")
    return passwords, totp_secrets


def _workflows(org: Organisation) -> None:
    routing.default_workflow(org)
    brand = Workflow.objects.create(org=org, name="Brand account on X", account_handle=BRAND_X, position=10)
    WorkflowStep.objects.create(workflow=brand, order=1, team=Team.objects.get(org=org, kind="message_approval"),
                                sign_off=SignOff.ANY)
    WorkflowStep.objects.create(workflow=brand, order=2, role=roles.COMPLIANCE, sign_off=SignOff.ALL)


def _posts(org: Organisation) -> None:
    member = {m.user.username: m for m in Membership.objects.select_related("user", "org").filter(org=org)}
    comms, employee = member["comms"], member["employee"]
    approver, compliance = member["approver"].user, member["compliance"].user

    def brand(text: str, scheduled: dt.datetime | None = None):
        post = actions.create_draft(comms, text=text, account_kind="brand", account_handle=BRAND_X, platform="x",
                                    scheduled_at=scheduled)
        actions.submit(post, comms.user)
        post.refresh_from_db()
        return post

    def decide(post, kind: str, note: str = "", *, user) -> None:
        post.refresh_from_db()
        if post.state == State.PENDING:  # a post the current detectors block stays a draft instead
            actions.decide(post, kind, note, user=user)

    actions.create_draft(employee, text="Draft: notes for a post about our hackathon.", account_kind="personal",
                         account_handle="", platform="linkedin")
    blocked = actions.create_draft(employee, account_kind="personal", account_handle="", platform="linkedin",
                                   text="Happy to help! My PESEL is 44051401359, call me.")
    actions.submit(blocked, employee.user)
    brand("Our spring release is live: faster dashboards and a new export. #AcmeCloud")
    changes = brand("Big news tomorrow!!! Stay tuned")
    decide(changes, "changes", "Say what the news is about, or wait until tomorrow.", user=approver)
    rejected = brand("Our competitor's outage proves they cannot be trusted.")
    decide(rejected, "reject", "We do not comment on competitors.", user=approver)
    brand("Webinar reminder for last week.", scheduled=timezone.now() - dt.timedelta(hours=1))
    actions.expire_overdue()
    published = brand("Thank you to the 10,000 teams that use Acme Cloud every day.")
    decide(published, "approve", user=approver)
    decide(published, "approve", user=compliance)
    published.refresh_from_db()
    if published.state == State.APPROVED:
        actions.publish(published, comms)
    approved = actions.create_draft(employee, account_kind="personal", account_handle="", platform="linkedin",
                                    text="Proud of my team at Acme Cloud today. #employee Views are my own.")
    actions.submit(approved, employee.user)


def _credentials(passwords: dict[str, str], totp_secrets: dict[str, str]) -> list[str]:
    address = settings.SOCIALGUARD_BASE_URL + reverse("signin:login")
    lines = [f"Demo sign-in at {address} (organisation 'Acme Cloud (demo)'), one line per role:"]
    for username, role, _teams, _job in PEOPLE:
        code = f"  code: oathtool --totp -b {totp_secrets[username]}" if username in totp_secrets else ""
        lines.append(f"  {role:<17} user {username:<11} password {passwords[username]}{code}")
    return lines


def _keep(path: Path, lines: list[str]) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")

"""Shared data and helpers of the web app's tests: a test policy with predictable verdicts, organisations
with one member per role, and signing a test client in (with a verified second factor where needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A small policy whose verdicts the tests can rely on: a valid PESEL blocks, an e-mail address needs
# approval, a valid NIP is a warning; everything else is ok.
TEST_POLICY = """\
version: "test-1"
organisation:
  name: Test organisation
  languages: [en, pl]
  domains: [acme.example]
brand_accounts:
  - {platform: x, handle: "@acme"}
  - {platform: linkedin, handle: acme}
clauses:
  - {id: personal-data, number: "4.1", title: {en: Personal data, pl: Dane osobowe}}
  - {id: privacy, number: "8.2", title: {en: Privacy, pl: Prywatność}}
rules:
  - {id: pii-ids, detector: confidential.pii, params: {entities: [PESEL]}, severity: block, clause: personal-data}
  - {id: pii-contact, detector: confidential.pii, params: {entities: [EMAIL]}, severity: review, clause: privacy}
  - {id: pii-business, detector: confidential.pii, params: {entities: [NIP]}, severity: warn, clause: personal-data}
"""
OK_TEXT = "Our team shipped the new dashboard today. Thank you all!"
WARN_TEXT = "Invoices go to NIP 1234563218 from now on."
REVIEW_TEXT = "Questions? Write to jan.kowalski@gmail.com and we will answer."
BLOCK_TEXT = "Customer PESEL 44051401359 was verified."
CHROMIUM = "/usr/bin/chromium"  # Debian's, driven by Playwright in the browser tests
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"  # their screenshots

ROLES = ("admin", "comms_lead", "approver", "compliance", "customer_service", "security", "employee")
TEAMS_OF_ROLE = {"approver": ("message_approval",), "compliance": ("compliance",), "comms_lead": ("pr",),
                 "customer_service": ("customer_service",), "employee": ("employees",), "security": ("security",), "admin": ()}


@dataclass
class OrgFixture:
    """An organisation with one member per role (user names `<slug>-<role>`)."""

    org: Any
    users: dict[str, Any] = field(default_factory=dict)

    def membership(self, role: str):
        return self.users[role].memberships.get(org=self.org)


def make_org(slug: str, policy: str = TEST_POLICY) -> OrgFixture:
    from django.contrib.auth import get_user_model

    from socialguard.orgs.services import add_member, create_organisation

    org = create_organisation(f"{slug.title()} Ltd", slug, policy)
    fixture = OrgFixture(org)
    for role in ROLES:
        user = get_user_model().objects.create_user(f"{slug}-{role}", f"{role}@{slug}.example")
        add_member(org, user, role, TEAMS_OF_ROLE[role])
        fixture.users[role] = user
    return fixture


def add_user(org_fixture: OrgFixture, username: str, role: str):
    from django.contrib.auth import get_user_model

    from socialguard.orgs.services import add_member

    user = get_user_model().objects.create_user(username, f"{username}@example.com")
    add_member(org_fixture.org, user, role, TEAMS_OF_ROLE[role])
    return user


def sign_in(client, user) -> None:
    """Sign `user` in on the test client, with a verified second factor when they have a device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and user.memberships.filter(role__in=("admin", "approver", "security")).exists():
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def sign_in_browser(page, base: str, user, **preferences) -> None:
    """Sign the browser in as `user` (second factor verified when they have a device), with their `preferences`
    (e.g. `language="pl"`, `time_zone="Europe/Warsaw"`) saved first; cookies of an earlier user are dropped."""
    from django.conf import settings
    from django.test import Client

    from socialguard.orgs.models import Profile

    if preferences:
        Profile.objects.update_or_create(user=user, defaults=preferences)
    client = Client()
    sign_in(client, user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def go_to(page, menu: str, link: str) -> None:
    """In a browser page (desktop width), open the header menu named `menu` and follow its link named `link`."""
    page.click(f"header.top details.menu > summary:has-text('{menu}')")
    page.click(f"header.top details.menu[open] a:has-text('{link}')")

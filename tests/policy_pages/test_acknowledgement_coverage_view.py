"""Who has not acknowledged: the coverage page and e-mail reminders, for admins, comms leads and compliance only;
only this organisation's members are listed and reminded."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from web_support import ROLES

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Profile
from socialguard.orgs.roles import PERMISSIONS
from socialguard.policy_pages.acknowledgement import acknowledge

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_coverage_and_reminders_only_for_roles_that_track(acme, client_as, role):
    client = client_as(acme.users[role])
    allowed = "track_acknowledgements" in PERMISSIONS[role]
    assert client.get(reverse("policy_pages:coverage")).status_code == (200 if allowed else 403)
    assert client.post(reverse("policy_pages:remind")).status_code == (302 if allowed else 403)
    assert len(mail.outbox) == (len(ROLES) if allowed else 0)


def test_coverage_lists_who_has_not_acknowledged(acme, globex, client_as):
    acknowledge(acme.users["employee"], acme.org, 1)
    page = client_as(acme.users["admin"]).get(reverse("policy_pages:coverage")).content.decode()
    assert f"1 of {len(ROLES)} members have acknowledged version 1 or newer." in page
    assert "acme-employee" in page and "globex-employee" not in page


def test_reminders_go_to_those_who_have_not_in_their_language(acme, globex, client_as):
    acknowledge(acme.users["employee"], acme.org, 1)
    Profile.objects.create(user=acme.users["approver"], language="pl")
    client_as(acme.users["compliance"]).post(reverse("policy_pages:remind"))
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(f"{r}@acme.example" for r in ROLES if r != "employee")
    polish = next(m for m in mail.outbox if m.to == ["approver@acme.example"])
    assert "Wersja 1" in polish.body and "/policy/" in polish.body
    event = AuditEvent.objects.get(org=acme.org, kind="acknowledgement_reminder")
    assert "acme-employee" not in event.data["sent_to"] and len(event.data["sent_to"]) == len(ROLES) - 1


def test_no_reminders_when_everyone_acknowledged(acme, client_as):
    for user in acme.users.values():
        acknowledge(user, acme.org, 1)
    response = client_as(acme.users["admin"]).post(reverse("policy_pages:remind"), follow=True)
    assert "Everyone has acknowledged the policy" in response.content.decode() and not mail.outbox

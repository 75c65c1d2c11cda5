"""Organisation pages: the policy editor (validated versions, audited), members and roles (audited
permission changes), teams, settings, and switching organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import ROLES, TEST_POLICY

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Membership, Team
from socialguard.orgs.services import add_member


@pytest.mark.django_db
def test_saving_the_policy_adds_a_version_and_an_audit_event(acme, client_as):
    client = client_as(acme.users["comms_lead"])
    client.post(reverse("orgs:policy"), {"yaml": TEST_POLICY.replace("test-1", "test-2")})
    assert acme.org.current_policy_version().number == 2
    event = AuditEvent.objects.get(org=acme.org, kind="policy_change")
    assert event.data == {"version": 2, "previous": 1} and event.actor == "acme-comms_lead"


@pytest.mark.django_db
def test_invalid_policy_is_refused_with_file_line_and_field(acme, client_as):
    response = client_as(acme.users["admin"]).post(reverse("orgs:policy"),
                                                   {"yaml": TEST_POLICY.replace("severity: block", "severity: fatal")})
    assert response.status_code == 400
    assert "acme policy:13: rules[0].severity: must be one of info, warn, review, block" in response.content.decode()
    assert acme.org.current_policy_version().number == 1


@pytest.mark.django_db
def test_role_change_is_audited(acme, client_as):
    target = acme.membership("employee")
    client_as(acme.users["admin"]).post(reverse("orgs:change_role", args=[target.pk]), {"role": "approver"})
    target.refresh_from_db()
    assert target.role == "approver"
    event = AuditEvent.objects.get(org=acme.org, kind="permission_change")
    assert event.data == {"user": "acme-employee", "from": "employee", "to": "approver"}


@pytest.mark.django_db
def test_admin_cannot_demote_themselves_or_invent_roles(acme, client_as):
    client = client_as(acme.users["admin"])
    me = acme.membership("admin")
    client.post(reverse("orgs:change_role", args=[me.pk]), {"role": "employee"})
    client.post(reverse("orgs:change_role", args=[acme.membership("employee").pk]), {"role": "superuser"})
    assert set(Membership.objects.filter(org=acme.org).values_list("role", flat=True)) == set(ROLES)


@pytest.mark.django_db
def test_another_organisations_member_is_not_found(acme, globex, client_as):
    response = client_as(acme.users["admin"]).post(
        reverse("orgs:change_role", args=[globex.membership("employee").pk]), {"role": "admin"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_team_membership_changes_are_audited(acme, client_as):
    team = Team.objects.get(org=acme.org, kind="crisis_response")
    client_as(acme.users["admin"]).post(reverse("orgs:team_membership", args=[team.pk]),
                                        {"membership": acme.membership("employee").pk, "member": "1"})
    assert list(team.members.values_list("username", flat=True)) == ["acme-employee"]
    assert AuditEvent.objects.filter(org=acme.org, kind="permission_change").count() == 1


@pytest.mark.django_db
def test_settings_save_the_webhook(acme, client_as):
    client_as(acme.users["admin"]).post(reverse("orgs:settings"), {"name": "Acme", "webhook_url": "https://hooks.example/T1"})
    acme.org.refresh_from_db()
    assert acme.org.webhook_url == "https://hooks.example/T1"


@pytest.mark.django_db
def test_switching_to_an_organisation_one_belongs_to(acme, globex, client_as):
    user = acme.users["employee"]
    add_member(globex.org, user, "employee")
    client = client_as(user)
    client.post(reverse("orgs:switch"), {"org": "globex"})
    assert "Globex Ltd" in client.get(reverse("home")).content.decode()
    membership_elsewhere = client.post(reverse("orgs:switch"), {"org": "nowhere"})
    assert membership_elsewhere.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), [
    ("a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdef", "bcdefg")),
     "acme policy:5: aliases repeat more than 10,000 values; write the values out instead"),
    ("a: &a [*a]\n", "acme policy:1: alias *a is inside the value it names"),
    ("k: " + "[" * 500 + "]" * 500 + "\n", "acme policy:1: nested more than 50 levels deep"),
])
def test_a_hostile_policy_is_refused_with_its_line(acme, client_as, text, message):
    response = client_as(acme.users["admin"]).post(reverse("orgs:policy"), {"yaml": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert acme.org.current_policy_version().number == 1

"""Removing a member and changing roles (the members page): the last administrator stays; a removed member
loses the organisation (teams, API tokens) at once; their brand-account access in the security registry is
marked `left`, so the security audit reports it until it is removed."""

from __future__ import annotations

import pytest
from web_support import sign_in
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialguard.api.models import ApiToken
from socialguard.api.tokens import make_token
from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Membership, Team
from socialguard.security.audit import audit
from socialguard.security.models import BrandAccountEntry, registry_of
from socialguard.security.services import policy_of


@pytest.mark.django_db
def test_removing_a_member_ends_their_access_and_offboards_their_brand_account_access(acme, client_as):
    leaver = acme.users["customer_service"]
    leaver.first_name, leaver.last_name = "Jan", "Kowalski"
    leaver.save()
    entry = BrandAccountEntry.objects.create(
        org=acme.org, platform="x", handle="@acme", owner="Anna", two_factor="app",
        access=[{"holder": "Jan Kowalski", "kind": "person", "method": "shared_credential", "status": "active"},
                {"holder": "Anna", "kind": "person", "method": "own_login", "status": "active"}])
    make_token(acme.membership("customer_service"), "bot", ["check"])
    leaver_client = Client()
    sign_in(leaver_client, leaver)
    admin = client_as(acme.users["admin"])
    response = admin.post(reverse("orgs:remove_member", args=[acme.membership("customer_service").pk]), follow=True)
    assert "still has access to 1 brand account (x @acme)" in response.content.decode()
    assert not Membership.objects.filter(org=acme.org, user=leaver).exists()
    assert not Team.objects.filter(org=acme.org, members=leaver).exists()
    assert not ApiToken.objects.filter(membership__user=leaver).exists()
    entry.refresh_from_db()
    assert [g["status"] for g in entry.access] == ["left", "active"]
    findings = audit(registry_of(acme.org), policy_of(acme.org)[1], timezone.localdate())
    assert [(f.kind, f.subject) for f in findings if f.kind == "access_left"] == [("access_left", "Jan Kowalski")]
    assert AuditEvent.objects.get(org=acme.org, kind="member_remove").data == {"user": "acme-customer_service",
                                                                               "role": "customer_service"}
    assert AuditEvent.objects.get(org=acme.org, kind="security_offboarding").data["accounts"] == ["x @acme"]
    assert leaver_client.get(reverse("home")).status_code == 403  # the open session has lost the organisation


@pytest.mark.django_db
def test_the_last_administrator_can_be_neither_removed_nor_demoted(acme, globex, client_as):
    from socialguard.orgs.services import add_member

    second = globex.users["admin"]
    add_member(acme.org, second, "admin")
    client = client_as(second)
    client.post(reverse("orgs:switch"), {"org": "acme"})
    client.post(reverse("orgs:remove_member", args=[acme.membership("admin").pk]))
    assert not Membership.objects.filter(org=acme.org, user=acme.users["admin"]).exists()
    response = client.post(reverse("orgs:change_role", args=[Membership.objects.get(org=acme.org, user=second).pk]),
                           {"role": "employee"}, follow=True)
    assert "You cannot take away your own administrator role." in response.content.decode()
    assert Membership.objects.get(org=acme.org, user=second).role == "admin"


@pytest.mark.django_db
def test_the_last_administrator_is_kept_by_the_service_too(acme):
    from socialguard.web.organisation import people

    with pytest.raises(people.PeopleError, match="at least one administrator"):
        people.remove(acme.membership("admin"), acme.users["comms_lead"])
    with pytest.raises(people.PeopleError, match="at least one administrator"):
        people.change_role(acme.membership("admin"), acme.users["comms_lead"], "employee")


@pytest.mark.django_db
def test_an_administrator_cannot_remove_themselves(acme, client_as):
    response = client_as(acme.users["admin"]).post(reverse("orgs:remove_member", args=[acme.membership("admin").pk]),
                                                   follow=True)
    assert "You cannot remove yourself" in response.content.decode()
    assert Membership.objects.filter(org=acme.org, user=acme.users["admin"]).exists()


@pytest.mark.django_db
def test_another_organisations_member_cannot_be_removed(acme, globex, client_as):
    response = client_as(acme.users["admin"]).post(reverse("orgs:remove_member",
                                                           args=[globex.membership("employee").pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(org=globex.org, user=globex.users["employee"]).exists()


@pytest.mark.django_db
def test_role_drop_downs_show_labels_and_team_headings_are_not_doubled(acme, client_as):
    page = client_as(acme.users["admin"]).get(reverse("orgs:members")).content.decode()
    assert '<option value="comms_lead" selected>Communications lead</option>' in page
    assert ">comms_lead<" not in page
    assert "<h3>Compliance</h3>" in page and "Compliance <small>Compliance</small>" not in page

"""One crisis, one incident: a spike opens a crisis incident with the policy's checklist and no second (runbook)
incident; someone who runs crises can open one by hand with the same checklist; the security incidents page
lists crisis incidents and no longer offers a separate "PR crisis" runbook incident."""

from __future__ import annotations

from django.urls import reverse

from socialguard.audit.models import AuditEvent
from socialguard.inbox.models import CrisisIncident
from socialguard.orgs.policies import current_policy
from socialguard.security.models import IncidentRecord


def test_opening_a_crisis_by_hand_brings_the_policys_checklist(acme, client_as, django_capture_on_commit_callbacks,
                                                                 mailoutbox):
    from socialguard.orgs.models import Team

    Team.objects.get(org=acme.org, kind="crisis_response").members.add(acme.users["customer_service"])
    client = client_as(acme.users["security"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("inbox:crisis_start"), {"title": "Boycott call trending"})
    incident = CrisisIncident.objects.get(org=acme.org)
    assert response["Location"] == reverse("inbox:crisis", args=[incident.pk])
    checklist = current_policy(acme.org)[1].listening.crisis.checklist
    assert [i.text for i in incident.items.all()] == checklist
    assert not IncidentRecord.objects.filter(org=acme.org).exists()
    assert AuditEvent.objects.get(org=acme.org, kind="crisis_open").data == {"title": "Boycott call trending"}
    assert [m.to for m in mailoutbox] == [["customer_service@acme.example"]]
    page = client.get(reverse("inbox:crisis", args=[incident.pk])).content.decode()
    assert "Boycott call trending" in page and "Opened by acme-security" in page


def test_a_crisis_needs_a_title(acme, client_as):
    response = client_as(acme.users["admin"]).post(reverse("inbox:crisis_start"), {"title": "  "}, follow=True)
    assert "Say in a few words" in response.content.decode() and not CrisisIncident.objects.exists()


def test_starting_is_for_those_who_run_crises(acme, client_as):
    assert client_as(acme.users["approver"]).post(reverse("inbox:crisis_start"), {"title": "X"}).status_code == 403
    assert not CrisisIncident.objects.exists()


def test_the_security_incidents_page_lists_crises_and_offers_no_pr_crisis_runbook(acme, client_as):
    client = client_as(acme.users["compliance"])
    client.post(reverse("inbox:crisis_start"), {"title": "Viral complaint"})
    incident = CrisisIncident.objects.get(org=acme.org)
    page = client.get(reverse("security:incidents")).content.decode()
    assert reverse("inbox:crisis", args=[incident.pk]) in page and "Viral complaint" in page
    assert 'value="pr-crisis"' not in page and 'value="data-leak"' in page
    response = client.post(reverse("security:incident_start"), {"runbook": "pr-crisis", "title": "Second list"})
    assert response.status_code == 302 and not IncidentRecord.objects.filter(org=acme.org).exists()

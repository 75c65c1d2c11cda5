"""The workflow settings page: creating workflows and their steps (team or role, Any/All)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Team
from socialguard.workflow.models import Workflow


@pytest.mark.django_db
def test_create_workflow_and_steps(acme, client_as):
    client = client_as(acme.users["comms_lead"])
    client.post(reverse("workflow:workflows"), {"name": "X account", "account_handle": "@acme",
                                                "outcomes": ["ok", "needs_approval"], "position": 5})
    workflow = Workflow.objects.get(org=acme.org, name="X account")
    assert workflow.outcomes == ["ok", "needs_approval"]
    team = Team.objects.get(org=acme.org, kind="message_approval")
    client.post(reverse("workflow:add_step", args=[workflow.pk]), {"team": team.pk, "sign_off": "any"})
    client.post(reverse("workflow:add_step", args=[workflow.pk]), {"role": "compliance", "sign_off": "all"})
    assert [(s.order, s.assignee, s.sign_off) for s in workflow.steps.all()] == [
        (1, "Message approval", "any"), (2, "Compliance officer", "all")]
    assert AuditEvent.objects.filter(org=acme.org, kind="workflow_change").count() == 3


@pytest.mark.django_db
def test_step_needs_exactly_one_assignee(acme, client_as):
    workflow = Workflow.objects.create(org=acme.org, name="W")
    response = client_as(acme.users["admin"]).post(reverse("workflow:add_step", args=[workflow.pk]),
                                                   {"sign_off": "any"})
    assert response.status_code == 400 and not workflow.steps.exists()


@pytest.mark.django_db
def test_another_organisations_team_cannot_be_assigned(acme, globex, client_as):
    workflow = Workflow.objects.create(org=acme.org, name="W")
    foreign = Team.objects.get(org=globex.org, kind="message_approval")
    response = client_as(acme.users["admin"]).post(reverse("workflow:add_step", args=[workflow.pk]),
                                                   {"team": foreign.pk, "sign_off": "any"})
    assert response.status_code == 400 and not workflow.steps.exists()

"""Editing a workflow's steps (`workflow:edit_step`, `workflow:move_step`, `workflow:remove_step`): name, team or
role and sign-off; up and down; removing, never the last step of an active workflow, never while posts wait in
it, and a step someone signed off kept (inactive) for the history."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from web_support import REVIEW_TEXT

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Team
from socialguard.workflow import actions, routing
from socialguard.workflow.models import Decision, SignOff, Workflow, WorkflowStep


@pytest.fixture
def workflow(acme) -> Workflow:
    workflow = Workflow.objects.create(org=acme.org, name="Brand X", account_handle="@acme", position=1)
    team = Team.objects.get(org=acme.org, kind="message_approval")
    for order, (name, fields) in enumerate([("Tone", {"team": team}), ("Legal", {"role": "compliance"}),
                                            ("Final", {"role": "comms_lead"})], start=1):
        WorkflowStep.objects.create(workflow=workflow, order=order, name=name, sign_off=SignOff.ANY, **fields)
    return workflow


def names(workflow) -> list[str]:
    return [s.name for s in workflow.steps.filter(active=True).order_by("order")]


def said(response) -> list[str]:
    """The messages shown on the page the action led to."""
    return [html.unescape(m) for m in re.findall(r'<ul class="messages"><li class="[^"]*">(.*?)</li>',
                                                  response.content.decode())]


@pytest.mark.django_db
def test_edit_a_step(acme, client_as, workflow):
    step = workflow.steps.get(name="Legal")
    client = client_as(acme.users["comms_lead"])
    assert 'value="Legal"' in client.get(reverse("workflow:edit_step", args=[step.pk])).content.decode()
    response = client.post(reverse("workflow:edit_step", args=[step.pk]),
                           {"name": "Legal review", "role": "admin", "sign_off": "all"})
    step.refresh_from_db()
    assert response.status_code == 302 and (step.name, step.role, step.sign_off) == ("Legal review", "admin", "all")
    assert AuditEvent.objects.filter(org=acme.org, kind="workflow_change", data__change="edit").exists()
    bad = client.post(reverse("workflow:edit_step", args=[step.pk]), {"name": "X", "sign_off": "any"})
    assert bad.status_code == 400 and "Assign the step to a team or to a role" in bad.content.decode()


@pytest.mark.django_db
def test_move_up_and_down(acme, client_as, workflow):
    client = client_as(acme.users["admin"])
    final = workflow.steps.get(name="Final")
    client.post(reverse("workflow:move_step", args=[final.pk, "up"]))
    assert names(workflow) == ["Tone", "Final", "Legal"]
    client.post(reverse("workflow:move_step", args=[workflow.steps.get(name="Tone").pk, "down"]))
    assert names(workflow) == ["Final", "Tone", "Legal"]
    client.post(reverse("workflow:move_step", args=[final.pk, "up"]))  # already first: nothing moves
    assert names(workflow) == ["Final", "Tone", "Legal"]
    assert client.post(reverse("workflow:move_step", args=[final.pk, "sideways"])).status_code == 404


@pytest.mark.django_db
def test_nothing_moves_or_goes_while_posts_wait(acme, client_as, workflow):
    post = actions.create_draft(acme.membership("employee"), text=REVIEW_TEXT, account_kind="brand",
                                account_handle="@acme", platform="x")
    actions.submit(post, acme.users["employee"])
    client = client_as(acme.users["admin"])
    legal = workflow.steps.get(name="Legal")
    for url in (reverse("workflow:move_step", args=[legal.pk, "up"]), reverse("workflow:remove_step", args=[legal.pk])):
        assert said(client.post(url, follow=True)) == [
            "1 post is waiting in Brand X: approve, reject or send it back before reordering or removing its steps."]
    assert names(workflow) == ["Tone", "Legal", "Final"]


@pytest.mark.django_db
def test_remove_deletes_an_unused_step_and_keeps_a_signed_one_for_history(acme, client_as, workflow):
    post = actions.create_draft(acme.membership("employee"), text=REVIEW_TEXT, account_kind="brand",
                                account_handle="@acme", platform="x")
    actions.submit(post, acme.users["employee"])
    tone = workflow.steps.get(name="Tone")
    actions.decide(post, "reject", "No.", user=acme.users["approver"])
    client = client_as(acme.users["comms_lead"])
    assert said(client.post(reverse("workflow:remove_step", args=[tone.pk]), follow=True)) == [
        "Step Tone was removed from Brand X. Posts it signed off still show it in their history."]
    tone.refresh_from_db()
    assert tone.active is False and Decision.objects.filter(step=tone).exists()
    final = workflow.steps.get(name="Final")
    assert said(client.post(reverse("workflow:remove_step", args=[final.pk]), follow=True)) == [
        "Step Final was removed from Brand X."]
    assert not WorkflowStep.objects.filter(pk=final.pk).exists()
    assert names(workflow) == ["Legal"]
    legal = workflow.steps.get(name="Legal")
    assert said(client.post(reverse("workflow:remove_step", args=[legal.pk]), follow=True)) == [
        "Legal is the only step of Brand X, an active workflow: add another step first."]
    page = client.get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert "Rejected at step Tone" in page  # the history still names the removed step
    assert client.get(reverse("workflow:edit_step", args=[tone.pk])).status_code == 404  # gone from the settings


@pytest.mark.django_db
def test_a_new_post_skips_a_removed_step(acme, client_as, workflow):
    client = client_as(acme.users["admin"])
    client.post(reverse("workflow:remove_step", args=[workflow.steps.get(name="Tone").pk]))
    post = actions.create_draft(acme.membership("employee"), text=REVIEW_TEXT, account_kind="brand",
                                account_handle="@acme", platform="x")
    actions.submit(post, acme.users["employee"])
    post.refresh_from_db()
    assert routing.current_step(post).name == "Legal"


@pytest.mark.django_db
def test_another_organisations_step_is_not_found(acme, globex, client_as, workflow):
    step = workflow.steps.first()
    client = client_as(globex.users["admin"])
    assert client.get(reverse("workflow:edit_step", args=[step.pk])).status_code == 404
    assert client.post(reverse("workflow:move_step", args=[step.pk, "down"])).status_code == 404
    assert client.post(reverse("workflow:remove_step", args=[step.pk])).status_code == 404


@pytest.mark.django_db
def test_the_settings_page_shows_outcome_labels_and_step_tools(acme, client_as, workflow):
    Workflow.objects.filter(pk=workflow.pk).update(outcomes=["needs_approval", "ok_with_warnings"])
    page = client_as(acme.users["admin"]).get(reverse("workflow:workflows")).content.decode()
    assert "Needs approval, OK with warnings" in page and "needs_approval" not in page.split("<main>")[1].split(
        "New workflow")[0]
    assert reverse("workflow:move_step", args=[workflow.steps.get(name="Final").pk, "up"]) in page

"""A person who belongs to two organisations with different roles: the role of one never counts in the other.

Who may sign off a step, who must sign an "all" step, and who is offered as an assignee in the inbox are all
decided by the membership *of the post's organisation*; these attacks pair a role in org A with another in B.
"""

from __future__ import annotations

import pytest
from api_support import call
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from web_support import REVIEW_TEXT, TEAMS_OF_ROLE, sign_in

from socialguard.api.tokens import make_token
from socialguard.orgs.services import add_member
from socialguard.workflow import actions, routing
from socialguard.workflow.models import Decision, SignOff, State, Workflow, WorkflowStep

pytestmark = pytest.mark.django_db


def two_org_user(name, first, first_role, second, second_role):
    """A user who is `first_role` in the first organisation and `second_role` in the second."""
    user = get_user_model().objects.create_user(name, f"{name}@example.com")
    add_member(first.org, user, first_role, TEAMS_OF_ROLE[first_role])
    add_member(second.org, user, second_role, TEAMS_OF_ROLE[second_role])
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)  # so that 2FA is never why they are refused
    return user


def pending(fixture, text=REVIEW_TEXT, role="employee", handle=""):
    post = actions.create_draft(fixture.membership(role), text=text, account_kind="brand" if handle else "personal",
                                account_handle=handle, platform="x" if handle else "linkedin")
    actions.submit(post, fixture.users[role])
    post.refresh_from_db()
    return post


def all_compliance_workflow(fixture):
    workflow = Workflow.objects.create(org=fixture.org, name="Compliance, all", account_handle="@acme", position=1)
    WorkflowStep.objects.create(workflow=workflow, order=1, role="compliance", sign_off=SignOff.ALL)
    return workflow


def test_compliance_in_a_and_approver_in_b_cannot_approve_a_approver_step_through_the_api(acme, globex, client):
    mixed = two_org_user("mixed", acme, "compliance", globex, "approver")
    post = pending(acme)  # the default workflow: one step for approvers
    token = make_token(mixed.memberships.get(org=acme.org), "script", ["approvals"])[1]
    assert call(client, "get", "/api/approvals", token).json() == []
    response = call(client, "post", f"/api/approvals/{post.pk}", token, {"decision": "approve"})
    assert response.status_code == 409 and "assigned to Approver" in response.json()["error"]
    post.refresh_from_db()
    assert post.state == State.PENDING and not Decision.objects.filter(post=post).exists()


def test_compliance_in_a_and_approver_in_b_cannot_approve_a_approver_step_on_the_page(acme, globex, client):
    mixed = two_org_user("mixed", acme, "compliance", globex, "approver")
    post = pending(acme)
    sign_in(client, mixed)
    client.post(reverse("orgs:switch"), {"org": acme.org.slug})
    response = client.post(reverse("workflow:decide", args=[post.pk, "approve"]), follow=True)
    assert "This step is assigned to Approver" in response.content.decode()
    post.refresh_from_db()
    assert post.state == State.PENDING and not Decision.objects.filter(post=post).exists()


def test_an_approver_of_a_still_approves_while_compliance_in_b(acme, globex, client):
    mixed = two_org_user("mixed", acme, "approver", globex, "compliance")
    post = pending(acme)
    assert routing.can_sign(mixed, post, routing.current_step(post))
    actions.decide(post, "approve", user=mixed)
    post.refresh_from_db()
    assert post.state == State.APPROVED


def test_an_employee_of_a_who_is_compliance_in_b_is_not_a_required_signer_in_a(acme, globex):
    mixed = two_org_user("mixed", acme, "employee", globex, "compliance")
    all_compliance_workflow(acme)
    mail.outbox.clear()
    post = pending(acme, text="Spring release is live.", handle="@acme")
    step = routing.current_step(post)
    assert set(routing.eligible_users(step, post)) == {acme.users["compliance"]}
    assert all(mixed.email not in message.to for message in mail.outbox)
    actions.decide(post, "approve", user=acme.users["compliance"])
    post.refresh_from_db()
    assert post.state == State.APPROVED


def test_team_steps_count_only_the_team_of_the_posts_organisation(acme, globex):
    """Team members are people of the team's organisation; being in another organisation's team does nothing."""
    mixed = two_org_user("mixed", acme, "employee", globex, "approver")  # in globex's message approval team
    workflow = Workflow.objects.create(org=acme.org, name="Team", account_handle="@acme", position=1)
    team = acme.org.teams.get(kind="message_approval")
    WorkflowStep.objects.create(workflow=workflow, order=1, team=team, sign_off=SignOff.ALL)
    post = pending(acme, text="Spring release is live.", handle="@acme")
    assert mixed not in set(routing.eligible_users(routing.current_step(post), post))


def test_inbox_assignees_are_the_non_employees_of_the_current_organisation(acme, globex, client):
    """A's customer service person can be assigned a mention even when an employee in B; A's employee who is
    an admin in B cannot."""
    from socialguard.inbox import mention as pure
    from socialguard.inbox.django_store import ingest
    from socialguard.inbox.models import Mention
    from socialguard.inbox.sla import wall_clock

    mixed = two_org_user("mixed", acme, "customer_service", globex, "employee")
    other = two_org_user("other", acme, "employee", globex, "admin")
    ingest(acme.org, [pure.Mention(source="x", external_id="1", text="Where is my order?", author="@a")], wall_clock)
    mention = Mention.objects.get(org=acme.org)
    sign_in(client, acme.users["admin"])
    client.post(reverse("inbox:assign", args=[mention.pk]), {"assignee": str(other.pk)})
    mention.refresh_from_db()
    assert not hasattr(mention, "assignment") or mention.assignment.assignee != other
    client.post(reverse("inbox:assign", args=[mention.pk]), {"assignee": str(mixed.pk)})
    mention.refresh_from_db()
    assert mention.assignment.assignee == mixed

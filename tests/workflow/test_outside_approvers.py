"""Outside approvers: a signed, expiring link lets someone without an account approve or reject one step;
expired, tampered and out-of-date links are refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from web_support import OK_TEXT, REVIEW_TEXT

from socialguard.audit.models import AuditEvent
from socialguard.workflow import actions
from socialguard.workflow.models import Decision, State
from socialguard.workflow.outside import token_for


@pytest.fixture
def pending(acme):
    post = actions.create_draft(acme.membership("employee"), text=REVIEW_TEXT, account_kind="personal",
                                account_handle="", platform="linkedin")
    actions.submit(post, acme.users["employee"])
    post.refresh_from_db()
    return post


def link(invite) -> str:
    return reverse("workflow:outside", args=[token_for(invite)])


@pytest.mark.django_db
def test_outside_approver_approves_without_an_account(acme, pending, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite = actions.invite_outside(pending, acme.users["approver"], "Lawyer@Firm.example")
    assert mailoutbox[-1].to == ["lawyer@firm.example"]
    assert link(invite) in mailoutbox[-1].body
    client = Client()
    page = client.get(link(invite))
    assert page.status_code == 200 and "jan.kowalski@gmail.com" in page.content.decode()
    response = client.post(link(invite), {"kind": "approve"})
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.state == State.APPROVED
    decision = Decision.objects.get(post=pending)
    assert (decision.user, decision.outside_email) == (None, "lawyer@firm.example")
    assert AuditEvent.objects.filter(kind="approval", actor="outside:lawyer@firm.example").exists()


@pytest.mark.django_db
def test_outside_rejection_needs_a_note(acme, pending):
    invite = actions.invite_outside(pending, acme.users["approver"], "lawyer@firm.example")
    response = Client().post(link(invite), {"kind": "reject", "note": ""})
    assert response.status_code == 409
    response = Client().post(link(invite), {"kind": "reject", "note": "Legal risk."})
    pending.refresh_from_db()
    assert pending.state == State.REJECTED


@pytest.mark.django_db
def test_expired_link_is_refused(acme, pending, settings):
    invite = actions.invite_outside(pending, acme.users["approver"], "lawyer@firm.example")
    settings.SOCIALGUARD_OUTSIDE_LINK_SECONDS = -1
    response = Client().post(link(invite), {"kind": "approve"})
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    pending.refresh_from_db()
    assert pending.state == State.PENDING


@pytest.mark.django_db
def test_tampered_link_is_refused(acme, pending):
    invite = actions.invite_outside(pending, acme.users["approver"], "lawyer@firm.example")
    token = token_for(invite)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = Client().post(reverse("workflow:outside", args=[forged]), {"kind": "approve"})
    assert response.status_code == 404
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_link_for_an_older_version_is_refused(acme, pending):
    invite = actions.invite_outside(pending, acme.users["approver"], "lawyer@firm.example")
    actions.edit(pending, acme.users["employee"], text=REVIEW_TEXT + " Updated.", account_kind="personal",
                 account_handle="", platform="linkedin", scheduled_at=None)
    response = Client().post(link(invite), {"kind": "approve"})
    assert response.status_code == 409
    pending.refresh_from_db()
    assert pending.state == State.PENDING


@pytest.mark.django_db
def test_author_cannot_invite_their_own_approver(acme):
    post = actions.create_draft(acme.membership("approver"), text=REVIEW_TEXT, account_kind="personal",
                                account_handle="", platform="x")
    actions.submit(post, acme.users["approver"])
    with pytest.raises(actions.WorkflowError):
        actions.invite_outside(post, acme.users["approver"], "friend@example.com")


@pytest.mark.django_db
def test_only_pending_posts_take_invitations(acme):
    post = actions.create_draft(acme.membership("employee"), text=OK_TEXT, account_kind="personal",
                                account_handle="", platform="x")
    actions.submit(post, acme.users["employee"])
    with pytest.raises(actions.WorkflowError):
        actions.invite_outside(post, acme.users["approver"], "x@example.com")

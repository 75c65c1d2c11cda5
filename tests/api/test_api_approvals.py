"""Approvals through the API: the list of posts one may sign off now, and deciding them with the workflow's
rules (no self-approval, assigned step only, notes for reject and changes); scope, role and organisation."""

from __future__ import annotations

import pytest
from api_support import call, token_for
from web_support import OK_TEXT, REVIEW_TEXT, ROLES

from socialguard.audit.models import AuditEvent
from socialguard.orgs.roles import PERMISSIONS
from socialguard.workflow import actions

pytestmark = pytest.mark.django_db


def _pending(fixture, role="employee", text=REVIEW_TEXT):
    post = actions.create_draft(fixture.membership(role), text=text, account_kind="personal", account_handle="",
                                platform="linkedin")
    actions.submit(post, fixture.users[role])
    post.refresh_from_db()
    return post


def test_approver_sees_the_pending_post_and_approves_it(acme, client):
    post = _pending(acme)
    token = token_for(acme, "approver", ["approvals"])
    listed = call(client, "get", "/api/approvals", token).json()
    assert [(p["id"], p["author"], p["step"], p["outcome"]) for p in listed] == \
        [(post.pk, "acme-employee", "Approver", "needs_approval")]
    decided = call(client, "post", f"/api/approvals/{post.pk}", token, {"decision": "approve"})
    assert decided.status_code == 200 and decided.json()["state"] == "approved"
    assert call(client, "get", "/api/approvals", token).json() == []
    assert AuditEvent.objects.filter(org=acme.org, kind="approval", actor="acme-approver").exists()
    assert AuditEvent.objects.get(org=acme.org, kind="api_call").data["decision"] == "approve"


@pytest.mark.parametrize("decision, state", [("reject", "rejected"), ("changes", "changes_requested")])
def test_reject_and_request_changes_need_a_note(acme, client, decision, state):
    post = _pending(acme)
    token = token_for(acme, "approver")
    without = call(client, "post", f"/api/approvals/{post.pk}", token, {"decision": decision})
    assert without.status_code == 409 and without.json() == {"error": "Please say why in a note."}
    with_note = call(client, "post", f"/api/approvals/{post.pk}", token, {"decision": decision, "note": "Not now."})
    assert with_note.json()["state"] == state


def test_nobody_approves_their_own_post(acme, client):
    post = _pending(acme, role="approver")
    token = token_for(acme, "approver")
    assert call(client, "get", "/api/approvals", token).json() == []
    response = call(client, "post", f"/api/approvals/{post.pk}", token, {"decision": "approve"})
    assert response.status_code == 409 and response.json() == {"error": "You cannot approve your own post."}


def test_a_step_assigned_elsewhere_cannot_be_signed(acme, client):
    post = _pending(acme)
    response = call(client, "post", f"/api/approvals/{post.pk}", token_for(acme, "compliance"), {"decision": "approve"})
    assert response.status_code == 409 and "assigned to Approver" in response.json()["error"]


def test_invalid_state_and_unknown_decision(acme, client):
    approved = actions.create_draft(acme.membership("employee"), text=OK_TEXT, account_kind="personal",
                                    account_handle="", platform="x")
    actions.submit(approved, acme.users["employee"])
    token = token_for(acme, "approver")
    response = call(client, "post", f"/api/approvals/{approved.pk}", token, {"decision": "approve"})
    assert response.status_code == 409 and response.json() == {"error": "Only a pending post can be decided on."}
    bad = call(client, "post", f"/api/approvals/{approved.pk}", token, {"decision": "maybe"})
    assert bad.status_code == 422 and "body.decision" in bad.json()["error"]


@pytest.mark.parametrize("role", ROLES)
def test_approvals_are_allowed_exactly_for_roles_that_approve(acme, client, role):
    response = call(client, "get", "/api/approvals", token_for(acme, role, ["approvals"]))
    assert response.status_code == (200 if "approve" in PERMISSIONS[role] else 403)
    if response.status_code == 403:
        assert response.json()["error"] == f"your role ({role}) does not have the 'approve' permission"


def test_approvals_need_the_approvals_scope(acme, client):
    post = _pending(acme)
    token = token_for(acme, "approver", ["check", "drafts"])
    assert call(client, "get", "/api/approvals", token).status_code == 403
    assert call(client, "post", f"/api/approvals/{post.pk}", token, {"decision": "approve"}).status_code == 403
    post.refresh_from_db()
    assert post.state == "pending"


def test_another_organisations_post_is_not_listed_nor_decidable(acme, globex, client):
    theirs = _pending(globex)
    token = token_for(acme, "approver")
    assert call(client, "get", "/api/approvals", token).json() == []
    assert call(client, "post", f"/api/approvals/{theirs.pk}", token, {"decision": "approve"}).status_code == 404


def test_list_pagination(acme, client):
    posts = [_pending(acme, text=f"{REVIEW_TEXT} ({n})") for n in range(3)]
    token = token_for(acme, "approver")
    page = call(client, "get", "/api/approvals?limit=2&offset=1", token).json()
    assert [p["id"] for p in page] == [posts[1].pk, posts[2].pk]
    assert call(client, "get", "/api/approvals?limit=500", token).status_code == 422

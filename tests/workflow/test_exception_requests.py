"""Asking for an exception (`workflow:ask_exception`) and answering it (`workflow:answer_exception`,
`workflow:exception_requests`): the author of a blocked draft asks with a reason; someone who may grant
exceptions grants it (the one `grant_exception` path: the post is checked again) or refuses it with a note;
every step is an audit event and appears in the post's history."""

from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import BLOCK_TEXT, TEST_POLICY

from socialguard.audit.models import AuditEvent
from socialguard.orgs.policies import save_policy
from socialguard.workflow import actions, exception_requests
from socialguard.workflow.models import ExceptionRequest, PostDraft

REASON = "The number is a published test PESEL from the ministry documentation."


def blocked(org_fixture) -> PostDraft:
    post = actions.create_draft(org_fixture.membership("employee"), text=BLOCK_TEXT, account_kind="personal",
                                account_handle="", platform="x")
    actions.submit(post, org_fixture.users["employee"])
    post.refresh_from_db()
    assert post.state == "draft" and post.outcome == "blocked"
    return post


@pytest.mark.django_db
def test_the_author_asks_and_compliance_grants(acme, client_as):
    post = blocked(acme)
    author = client_as(acme.users["employee"])
    page = author.get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert 'id="ask-exception"' in page and '<option value="pii-ids">' in page
    response = author.post(reverse("workflow:ask_exception", args=[post.pk]), {"rule": "pii-ids", "reason": REASON},
                           follow=True)
    assert "Your request for an exception to rule pii-ids was sent." in response.content.decode()
    asked = ExceptionRequest.objects.get(post=post)
    assert (asked.rule, asked.reason, asked.answer) == ("pii-ids", REASON, "open")
    event = AuditEvent.objects.get(org=acme.org, kind="exception_request")
    assert event.actor == "acme-employee" and event.data == {"rule": "pii-ids", "reason": REASON}

    compliance = client_as(acme.users["compliance"])
    listing = compliance.get(reverse("workflow:exception_requests")).content.decode()
    assert f'data-request="{asked.pk}"' in listing and REASON in listing
    response = compliance.post(reverse("workflow:answer_exception", args=[asked.pk]), {"answer": "grant"}, follow=True)
    assert f"Exception to rule pii-ids granted; post {post.pk} was checked again." in response.content.decode()
    post.refresh_from_db()
    asked.refresh_from_db()
    assert asked.answer == "granted" and asked.answered_by == acme.users["compliance"]
    assert post.exceptions == [{"rule": "pii-ids", "reason": REASON, "approved_by": "acme-compliance"}]
    assert post.outcome != "blocked"
    assert AuditEvent.objects.filter(org=acme.org, kind="exception", data__rule="pii-ids").exists()
    actions.submit(post, acme.users["employee"])
    post.refresh_from_db()
    assert post.state == "pending"  # an exception always needs a second person
    history = author.get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert "asked for an exception to rule pii-ids" in history and "Granted, acme-compliance" in history


@pytest.mark.django_db
def test_a_refusal_needs_a_note_and_reaches_the_history(acme, client_as):
    post = blocked(acme)
    asked = exception_requests.ask(post, acme.users["employee"], "pii-ids", REASON)
    client = client_as(acme.users["comms_lead"])
    response = client.post(reverse("workflow:answer_exception", args=[asked.pk]), {"answer": "refuse"}, follow=True)
    assert "Please say why in a note." in response.content.decode()
    client.post(reverse("workflow:answer_exception", args=[asked.pk]),
                {"answer": "refuse", "note": "Use [PESEL] instead."})
    asked.refresh_from_db()
    post.refresh_from_db()
    assert asked.answer == "refused" and asked.answer_note == "Use [PESEL] instead." and post.exceptions == []
    assert AuditEvent.objects.get(org=acme.org, kind="exception_refused").data == {
        "rule": "pii-ids", "note": "Use [PESEL] instead."}
    response = client.post(reverse("workflow:answer_exception", args=[asked.pk]), {"answer": "grant"}, follow=True)
    assert "This request has already been answered." in response.content.decode()


@pytest.mark.django_db
def test_what_cannot_be_asked(acme):
    post = blocked(acme)
    employee, approver = acme.users["employee"], acme.users["approver"]
    with pytest.raises(actions.WorkflowError, match="Only the author"):
        exception_requests.ask(post, approver, "pii-ids", REASON)
    with pytest.raises(actions.WorkflowError, match="needs a reason"):
        exception_requests.ask(post, employee, "pii-ids", " ")
    with pytest.raises(actions.WorkflowError, match="rule pii-contact"):
        exception_requests.ask(post, employee, "pii-contact", REASON)  # no such finding on this post
    exception_requests.ask(post, employee, "pii-ids", REASON)
    with pytest.raises(actions.WorkflowError, match="already asked"):
        exception_requests.ask(post, employee, "pii-ids", REASON)


@pytest.mark.django_db
def test_a_rule_without_exceptions_offers_no_request(acme, client_as):
    save_policy(acme.org, TEST_POLICY.replace("severity: block, clause: personal-data}",
                                              "severity: block, clause: personal-data, allow_exceptions: false}"))
    post = blocked(acme)
    page = client_as(acme.users["employee"]).get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert 'id="ask-exception"' not in page
    with pytest.raises(actions.WorkflowError, match="allows no exceptions"):
        exception_requests.ask(post, acme.users["employee"], "pii-ids", REASON)


@pytest.mark.django_db
def test_the_queue_tab_counts_open_requests_for_those_who_grant(acme, client_as):
    exception_requests.ask(blocked(acme), acme.users["employee"], "pii-ids", REASON)
    page = client_as(acme.users["compliance"]).get(reverse("workflow:queue", args=["waiting"])).content.decode()
    assert 'Exception requests <span class="count-badge">1</span>' in page
    approver = client_as(acme.users["approver"]).get(reverse("workflow:queue", args=["waiting"])).content.decode()
    assert "Exception requests" not in approver

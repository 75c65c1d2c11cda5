"""Workflow pages: queues, post detail, decisions, publishing, exceptions, invitations; every role, and
nothing of another organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT

from socialguard.workflow import actions
from socialguard.workflow.models import OutsideInvite, State


def post_by(org_fixture, text, role="employee"):
    post = actions.create_draft(org_fixture.membership(role), text=text, account_kind="personal",
                                account_handle="", platform="linkedin")
    actions.submit(post, org_fixture.users[role])
    post.refresh_from_db()
    return post


@pytest.mark.django_db
def test_pending_queue_lists_the_organisations_pending_posts(acme, globex, client_as):
    mine, theirs = post_by(acme, REVIEW_TEXT), post_by(globex, REVIEW_TEXT)
    page = client_as(acme.users["approver"]).get(reverse("workflow:queue", args=["pending"])).content.decode()
    assert reverse("workflow:detail", args=[mine.pk]) in page
    assert reverse("workflow:detail", args=[theirs.pk]) not in page


@pytest.mark.django_db
def test_unknown_queue_is_not_found(acme, client_as):
    assert client_as(acme.users["admin"]).get(reverse("workflow:queue", args=["secret"])).status_code == 404


@pytest.mark.django_db
def test_my_posts_lists_only_mine(acme, client_as):
    mine, other = post_by(acme, OK_TEXT), post_by(acme, OK_TEXT, role="customer_service")
    page = client_as(acme.users["employee"]).get(reverse("workflow:mine")).content.decode()
    assert reverse("workflow:detail", args=[mine.pk]) in page
    assert reverse("workflow:detail", args=[other.pk]) not in page


@pytest.mark.django_db
@pytest.mark.parametrize("role, status", [("employee", 200), ("customer_service", 403), ("approver", 200),
                                          ("compliance", 200), ("comms_lead", 200), ("admin", 200)])
def test_post_detail_for_each_role(acme, client_as, role, status):
    post = post_by(acme, REVIEW_TEXT)
    response = client_as(acme.users[role]).get(reverse("workflow:detail", args=[post.pk]))
    assert response.status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("name, args", [("workflow:detail", ()), ("workflow:decide", ("approve",)),
                                        ("workflow:publish", ()), ("workflow:exception", ()),
                                        ("workflow:invite", ()), ("compose:edit", ())])
def test_another_organisations_post_is_not_found(acme, globex, client_as, name, args):
    post = post_by(acme, REVIEW_TEXT)
    client = client_as(globex.users["admin"])
    url = reverse(name, args=[post.pk, *args])
    response = client.get(url) if name in ("workflow:detail", "compose:edit") else client.post(url, {"note": "x"})
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.state == State.PENDING


@pytest.mark.django_db
def test_detail_highlights_findings_and_shows_history(acme, client_as):
    post = post_by(acme, REVIEW_TEXT)
    page = client_as(acme.users["approver"]).get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert '<mark class="sev-review"' in page and "§ 8.2 Privacy" in page
    assert 'id="decide-form"' in page and "Draft → Pending approval" in page


@pytest.mark.django_db
def test_approve_through_the_page(acme, client_as):
    post = post_by(acme, REVIEW_TEXT)
    client_as(acme.users["approver"]).post(reverse("workflow:decide", args=[post.pk, "approve"]))
    post.refresh_from_db()
    assert post.state == State.APPROVED


@pytest.mark.django_db
def test_self_approval_through_the_page_is_refused(acme, client_as):
    post = post_by(acme, REVIEW_TEXT, role="approver")
    page = client_as(acme.users["approver"]).get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert 'id="decide-form"' not in page
    response = client_as(acme.users["approver"]).post(reverse("workflow:decide", args=[post.pk, "approve"]),
                                                      follow=True)
    assert "You cannot approve your own post." in response.content.decode()
    post.refresh_from_db()
    assert post.state == State.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["employee", "customer_service"])
def test_roles_without_approve_cannot_decide(acme, client_as, role):
    post = post_by(acme, REVIEW_TEXT, role="comms_lead")
    response = client_as(acme.users[role]).post(reverse("workflow:decide", args=[post.pk, "approve"]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_reject_without_note_is_refused_with_a_message(acme, client_as):
    post = post_by(acme, REVIEW_TEXT)
    response = client_as(acme.users["approver"]).post(reverse("workflow:decide", args=[post.pk, "reject"]),
                                                      {"note": ""}, follow=True)
    assert "Please say why in a note." in response.content.decode()


@pytest.mark.django_db
def test_unknown_decision_is_a_bad_request(acme, client_as):
    post = post_by(acme, REVIEW_TEXT)
    response = client_as(acme.users["approver"]).post(reverse("workflow:decide", args=[post.pk, "maybe"]))
    assert response.status_code == 400


@pytest.mark.django_db
def test_decide_needs_post(acme, client_as):
    post = post_by(acme, REVIEW_TEXT)
    response = client_as(acme.users["approver"]).get(reverse("workflow:decide", args=[post.pk, "approve"]))
    assert response.status_code == 405


@pytest.mark.django_db
def test_author_publishes_their_approved_post(acme, client_as):
    post = post_by(acme, OK_TEXT)
    client_as(acme.users["employee"]).post(reverse("workflow:publish", args=[post.pk]))
    post.refresh_from_db()
    assert post.state == State.PUBLISHED


@pytest.mark.django_db
def test_employee_cannot_see_or_publish_someone_elses_post(acme, client_as):
    post = post_by(acme, OK_TEXT, role="comms_lead")
    assert client_as(acme.users["employee"]).post(reverse("workflow:publish", args=[post.pk])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role, status", [("compliance", 302), ("admin", 302), ("comms_lead", 302),
                                          ("approver", 403), ("customer_service", 403), ("employee", 403)])
def test_exception_page_permission(acme, client_as, role, status):
    post = post_by(acme, BLOCK_TEXT, role="customer_service" if role == "employee" else "employee")
    response = client_as(acme.users[role]).post(reverse("workflow:exception", args=[post.pk]),
                                                {"rule": "pii-ids", "reason": "Confirmed with the customer."})
    assert response.status_code == status


@pytest.mark.django_db
def test_invite_outside_approver_from_the_page(acme, client_as):
    post = post_by(acme, REVIEW_TEXT)
    client = client_as(acme.users["approver"])
    response = client.post(reverse("workflow:invite", args=[post.pk]), {"email": "not-an-address"}, follow=True)
    assert "Enter a valid e-mail address." in response.content.decode()
    client.post(reverse("workflow:invite", args=[post.pk]), {"email": "lawyer@firm.example"})
    assert OutsideInvite.objects.get().email == "lawyer@firm.example"


@pytest.mark.django_db
def test_edit_approved_post_from_the_page_sends_it_back(acme, client_as):
    post = post_by(acme, OK_TEXT)
    client_as(acme.users["employee"]).post(reverse("compose:edit", args=[post.pk]), {
        "text": OK_TEXT + " Edited.", "account": "personal", "platform": "linkedin", "action": "save"})
    post.refresh_from_db()
    assert (post.state, post.text) == (State.PENDING, OK_TEXT + " Edited.")

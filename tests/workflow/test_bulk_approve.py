"""Bulk approval (`workflow:bulk_approve`): a confirmation step first, then each post approved on its own under
the rules of approving it alone, with a result per post; a post the reviewer may not approve is reported."""

from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import REVIEW_TEXT

from socialguard.audit.models import AuditEvent
from socialguard.workflow import actions
from socialguard.workflow.models import Decision, PostDraft


def submitted(org_fixture, role="employee") -> PostDraft:
    post = actions.create_draft(org_fixture.membership(role), text=REVIEW_TEXT, account_kind="personal",
                                account_handle="", platform="x")
    actions.submit(post, org_fixture.users[role])
    return post


@pytest.mark.django_db
def test_the_first_post_only_asks_to_confirm(acme, client_as):
    posts = [submitted(acme), submitted(acme)]
    response = client_as(acme.users["approver"]).post(reverse("workflow:bulk_approve"),
                                                      {"post": [p.pk for p in posts]})
    page = response.content.decode()
    assert response.status_code == 200 and "You are about to approve 2 posts." in page
    assert 'name="confirm" value="yes"' in page
    assert not Decision.objects.exists()
    assert all(PostDraft.objects.get(pk=p.pk).state == "pending" for p in posts)


@pytest.mark.django_db
def test_confirmed_each_post_is_approved_alone_and_the_others_are_reported(acme, globex, client_as):
    theirs, own, other_org = submitted(acme), submitted(acme, role="approver"), submitted(globex)
    done = submitted(acme)
    actions.decide(done, "reject", "Off brand.", user=acme.users["approver"])
    response = client_as(acme.users["approver"]).post(reverse("workflow:bulk_approve"), {
        "post": [theirs.pk, own.pk, other_org.pk, done.pk], "confirm": "yes", "note": "Fine by me."})
    page = response.content.decode()
    assert "1 post approved." in page and "3 posts could not be approved." in page
    assert f"Post {theirs.pk} approved: all steps are signed off." in page
    assert "You cannot approve your own post." in page
    assert f"There is no post {other_org.pk} in this organisation." in page
    assert "Only a pending post can be decided on." in page
    assert [p.state for p in PostDraft.objects.filter(pk__in=[theirs.pk, own.pk, other_org.pk]).order_by("pk")] == [
        "approved", "pending", "pending"]
    decision = Decision.objects.get(post=theirs)
    assert decision.note == "Fine by me." and decision.user == acme.users["approver"]
    assert AuditEvent.objects.filter(org=acme.org, kind="approval").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("data, message", [({}, "Tick at least one post to approve."),
                                           ({"post": ["1", "x'; drop"]}, "Not a post number: x&#x27;; drop.")])
def test_nothing_or_nonsense_ticked_is_one_clear_message(acme, client_as, data, message):
    response = client_as(acme.users["approver"]).post(reverse("workflow:bulk_approve"), {**data, "confirm": "yes"})
    assert response.status_code == 400 and message in response.content.decode()


@pytest.mark.django_db
def test_only_the_waiting_tabs_offer_it(acme, client_as):
    submitted(acme)
    client = client_as(acme.users["approver"])
    assert 'id="bulk-form"' in client.get(reverse("workflow:queue", args=["waiting"])).content.decode()
    assert 'id="bulk-form"' not in client.get(reverse("workflow:queue", args=["rejected"])).content.decode()

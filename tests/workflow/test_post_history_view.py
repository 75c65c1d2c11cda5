"""A post's page after decisions: the confirmation naming the post and what happens next, step sign-offs in the
history with the state changes in order, the reviewer's notes (on the post and on the edit page), and a rejected
post copied into a new draft by its author."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from web_support import REVIEW_TEXT

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Profile, Team
from socialguard.workflow import actions
from socialguard.workflow.models import PostDraft, SignOff, Workflow, WorkflowStep


def brand_workflow(org_fixture) -> Workflow:
    workflow = Workflow.objects.create(org=org_fixture.org, name="Brand X", account_handle="@acme", position=1)
    WorkflowStep.objects.create(workflow=workflow, order=1, name="Message check", sign_off=SignOff.ANY,
                                team=Team.objects.get(org=org_fixture.org, kind="message_approval"))
    WorkflowStep.objects.create(workflow=workflow, order=2, name="Legal", role="compliance", sign_off=SignOff.ANY)
    return workflow


def submitted(org_fixture, handle="@acme", scheduled_at=None) -> PostDraft:
    post = actions.create_draft(org_fixture.membership("employee"), text=REVIEW_TEXT, account_kind="brand",
                                account_handle=handle, platform="x", scheduled_at=scheduled_at)
    actions.submit(post, org_fixture.users["employee"])
    return post


def decide(client, post, kind, note=""):
    response = client.post(reverse("workflow:decide", args=[post.pk, kind]), {"note": note})
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_each_decision_confirms_the_post_and_what_comes_next(acme, client_as):
    brand_workflow(acme)
    when = timezone.now() + dt.timedelta(days=2)
    post = submitted(acme, scheduled_at=when)
    assert decide(client_as(acme.users["approver"]), post, "approve") == [
        f"Post {post.pk} approved. It now waits for Legal."]
    shown = timezone.localtime(when).strftime("%H:%M")
    message = decide(client_as(acme.users["compliance"]), post, "approve")[0]
    assert message.startswith(f"Post {post.pk} approved: all steps are signed off. It is scheduled for ")
    assert shown in message
    other = submitted(acme, handle="")
    assert decide(client_as(acme.users["approver"]), other, "reject", "Off brand.") == [
        f"Post {other.pk} rejected. Its author was told why and can copy it into a new draft."]


@pytest.mark.django_db
def test_step_sign_offs_are_in_the_history_with_the_state_changes_in_order(acme, client_as):
    brand_workflow(acme)
    post = submitted(acme)
    actions.decide(post, "approve", "Tone is fine.", user=acme.users["approver"])
    actions.decide(post, "changes", "Drop the e-mail address.", user=acme.users["compliance"])
    page = client_as(acme.users["employee"]).get(reverse("workflow:detail", args=[post.pk])).content.decode()
    history = page.split('<ol class="history">', 1)[1].split("</ol>", 1)[0]
    lines = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip() for li in history.split("<li")[1:]]
    assert [line.split(" · ", 1)[1] for line in lines] == [
        "acme-employee: Draft → Pending approval — Waiting for: Message approval.",
        "acme-approver: Approved at step Message check — Tone is fine.",
        "acme-compliance: Changes requested at step Legal — Drop the e-mail address.",
        "acme-compliance: Pending approval → Changes requested — Drop the e-mail address.",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language, heading", [("en", "Changes requested by the reviewer"),
                                               ("pl", "Zmiany, o które prosi recenzent")])
def test_the_edit_page_shows_the_reviewers_note_above_the_form(acme, client_as, language, heading):
    post = submitted(acme, handle="")
    actions.decide(post, "changes", "Please drop the <b>e-mail</b> address.", user=acme.users["approver"])
    Profile.objects.update_or_create(user=acme.users["employee"], defaults={"language": language})
    page = client_as(acme.users["employee"]).get(reverse("compose:edit", args=[post.pk])).content.decode()
    notes = page.index('id="review-notes"')
    assert heading in page and notes < page.index('id="compose-form"')
    assert "Please drop the &lt;b&gt;e-mail&lt;/b&gt; address." in page


@pytest.mark.django_db
def test_a_rejected_post_shows_why_and_its_author_copies_it_into_a_new_draft(acme, client_as):
    post = submitted(acme, handle="")
    actions.decide(post, "reject", "We never post customer e-mail addresses.", user=acme.users["approver"])
    client = client_as(acme.users["employee"])
    page = client.get(reverse("workflow:detail", args=[post.pk])).content.decode()
    assert "Why it was rejected" in page and "We never post customer e-mail addresses." in page
    assert 'id="copy-post"' in page
    response = client.post(reverse("workflow:copy", args=[post.pk]))
    copy = PostDraft.objects.get(copied_from=post)
    assert response.status_code == 302 and response["Location"] == reverse("compose:edit", args=[copy.pk])
    assert (copy.state, copy.text, copy.author, copy.platform) == ("draft", post.text, post.author, post.platform)
    edit = client.get(response["Location"]).content.decode()
    assert "We never post customer e-mail addresses." in edit  # the original's note, above the form
    detail = client.get(reverse("workflow:detail", args=[copy.pk])).content.decode()
    assert f"A copy of post {post.pk}." in detail
    assert AuditEvent.objects.filter(org=acme.org, kind="copy", data__from=post.pk).exists()


@pytest.mark.django_db
def test_only_the_author_copies_and_only_a_finished_post(acme, client_as):
    post = submitted(acme, handle="")
    assert not client_as(acme.users["employee"]).get(
        reverse("workflow:detail", args=[post.pk])).content.decode().count('id="copy-post"')
    response = client_as(acme.users["employee"]).post(reverse("workflow:copy", args=[post.pk]), follow=True)
    assert "A post that is Pending approval cannot be copied." in response.content.decode()
    actions.decide(post, "reject", "No.", user=acme.users["approver"])
    assert client_as(acme.users["approver"]).post(reverse("workflow:copy", args=[post.pk])).status_code == 404
    assert not PostDraft.objects.filter(copied_from=post).exists()

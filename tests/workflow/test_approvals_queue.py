"""The approvals queue page (`workflow:queue`): "Waiting for me" by default, the same people the workflow rules
let sign off; the other tabs; search, filters, sort and pages; labels instead of raw values, in EN and PL."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from web_support import REVIEW_TEXT, ROLES

from socialguard.orgs.models import Profile, Team
from socialguard.workflow import actions, queue, routing
from socialguard.workflow.models import PostDraft, SignOff, Workflow, WorkflowStep

ROW = re.compile(r'<tr data-post="(\d+)">')


def two_step_workflow(org_fixture) -> Workflow:
    """@acme posts: the message-approval team (any), then compliance (all)."""
    workflow = Workflow.objects.create(org=org_fixture.org, name="Brand X", account_handle="@acme", position=1)
    team = Team.objects.get(org=org_fixture.org, kind="message_approval")
    WorkflowStep.objects.create(workflow=workflow, order=1, name="Message check", team=team, sign_off=SignOff.ANY)
    WorkflowStep.objects.create(workflow=workflow, order=2, role="compliance", sign_off=SignOff.ALL)
    return workflow


def submitted(org_fixture, text=REVIEW_TEXT, role="employee", handle="", scheduled_at=None) -> PostDraft:
    post = actions.create_draft(org_fixture.membership(role), text=text, account_kind="brand" if handle else "personal",
                                account_handle=handle, platform="x", scheduled_at=scheduled_at)
    actions.submit(post, org_fixture.users[role])
    post.refresh_from_db()
    return post


def rows(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in ROW.findall(response.content.decode())]


@pytest.mark.django_db
def test_waiting_for_me_is_exactly_who_the_workflow_lets_sign_off(acme, globex):
    two_step_workflow(acme)
    brand = [submitted(acme, handle="@acme") for _ in range(3)]
    plain = [submitted(acme), submitted(acme, role="approver"), submitted(acme, role="compliance")]
    actions.decide(brand[1], "approve", user=acme.users["approver"])  # brand[1] moves on to compliance
    submitted(globex)
    for role in ROLES:
        user, membership = acme.users[role], acme.membership(role)
        expected = set()
        for post in PostDraft.objects.filter(org=acme.org, state="pending"):
            step = routing.current_step(post)
            if routing.can_sign(user, post, step) and not post.decisions.filter(round=post.round, user=user).exists():
                expected.add(post.pk)
        assert set(queue.waiting_for(membership).values_list("pk", flat=True)) == expected, role
    assert set(queue.waiting_for(acme.membership("approver")).values_list("pk", flat=True)) == {
        brand[0].pk, brand[2].pk, plain[0].pk, plain[2].pk}
    assert set(queue.waiting_for(acme.membership("compliance")).values_list("pk", flat=True)) == {brand[1].pk}
    assert not queue.waiting_for(acme.membership("admin")).exists()  # in no team, and no step names the role


@pytest.mark.django_db
def test_admin_decision_refused_so_the_post_still_waits(acme):
    two_step_workflow(acme)
    post = submitted(acme, handle="@acme")
    with pytest.raises(actions.WorkflowError, match="assigned to"):
        actions.decide(post, "approve", user=acme.users["admin"])
    assert post.pk in set(queue.waiting_for(acme.membership("approver")).values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_queue_opens_on_waiting_for_me_and_other_tabs_list_every_post(acme, client_as):
    mine, own = submitted(acme), submitted(acme, role="approver")
    client = client_as(acme.users["approver"])
    assert rows(client.get(reverse("workflow:queue", args=["waiting"]))) == [mine.pk]
    assert set(rows(client.get(reverse("workflow:queue", args=["pending"])))) == {mine.pk, own.pk}
    actions.decide(mine, "reject", "Not on brand.", user=acme.users["approver"])
    assert rows(client.get(reverse("workflow:queue", args=["waiting"]))) == []
    assert rows(client.get(reverse("workflow:queue", args=["rejected"]))) == [mine.pk]
    assert "Nothing is waiting for you." in client.get(reverse("workflow:queue", args=["waiting"])).content.decode()
    nav = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("workflow:queue", args=["waiting"])}"' in nav


@pytest.mark.django_db
def test_search_filters_and_sort(acme, client_as):
    two_step_workflow(acme)
    soon = timezone.now() + dt.timedelta(days=1)
    later = timezone.now() + dt.timedelta(days=5)
    a = submitted(acme, text="Launch on Friday, write to jan.kowalski@gmail.com", handle="@acme", scheduled_at=later)
    b = submitted(acme, text="Webinar questions to jan.kowalski@gmail.com", role="customer_service",
                  scheduled_at=soon)
    c = submitted(acme, text="Hiring! Mail jan.kowalski@gmail.com")
    PostDraft.objects.filter(pk=a.pk).update(updated_at=timezone.now() - dt.timedelta(hours=3))
    PostDraft.objects.filter(pk=c.pk).update(updated_at=timezone.now() + dt.timedelta(hours=3))
    client = client_as(acme.users["approver"])
    url = reverse("workflow:queue", args=["waiting"])
    assert rows(client.get(url)) == [a.pk, b.pk, c.pk]  # oldest first
    assert rows(client.get(url, {"sort": "newest"})) == [c.pk, b.pk, a.pk]
    assert rows(client.get(url, {"sort": "scheduled"})) == [b.pk, a.pk, c.pk]  # unscheduled last
    assert rows(client.get(url, {"q": "WEBINAR"})) == [b.pk]
    assert rows(client.get(url, {"account": "@acme"})) == [a.pk]
    assert rows(client.get(url, {"account": "personal"})) == [b.pk, c.pk]
    assert rows(client.get(url, {"author": "acme-customer_service"})) == [b.pk]
    assert rows(client.get(url, {"outcome": "needs_approval"})) == [a.pk, b.pk, c.pk]
    assert rows(client.get(url, {"outcome": "ok"})) == []
    first_step = a.workflow.steps.get(order=1)
    assert rows(client.get(url, {"step": first_step.pk})) == [a.pk]


@pytest.mark.django_db
def test_a_bad_filter_is_named_and_the_rest_still_applies(acme, client_as):
    post = submitted(acme, text="Webinar questions to jan.kowalski@gmail.com")
    response = client_as(acme.users["approver"]).get(reverse("workflow:queue", args=["waiting"]),
                                                     {"author": "<script>x</script>", "q": "webinar", "step": "abc"})
    page = response.content.decode()
    assert rows(response) == [post.pk]
    assert "Author: Select a valid choice." in page and "Step: Select a valid choice." in page
    assert "<script>x</script>" not in page


@pytest.mark.django_db
def test_pages_keep_the_filters(acme, client_as):
    posts = [submitted(acme) for _ in range(32)]
    client = client_as(acme.users["approver"])
    url = reverse("workflow:queue", args=["waiting"])
    first = client.get(url, {"q": "gmail"})
    assert len(rows(first)) == 30 and "page 1 of 2" in first.content.decode()
    assert "?q=gmail&amp;page=2" in first.content.decode()
    assert rows(client.get(url, {"q": "gmail", "page": 2})) == [p.pk for p in posts[30:]]


@pytest.mark.django_db
@pytest.mark.parametrize("language, outcome, waiting, count", [
    ("en", "Needs approval", "Waiting for me", "1 post"), ("pl", "Wymaga zatwierdzenia", "Czeka na mnie", "1 post"),
])
def test_labels_not_raw_values_in_both_languages(acme, client_as, language, outcome, waiting, count):
    submitted(acme)
    Profile.objects.update_or_create(user=acme.users["approver"], defaults={"language": language})
    page = client_as(acme.users["approver"]).get(reverse("workflow:queue", args=["waiting"])).content.decode()
    main = page.split("<main>", 1)[1]
    assert outcome in main and waiting in main and f">{count}</p>" in main
    assert "needs_approval<" not in main and ">needs_approval" not in main


@pytest.mark.django_db
@pytest.mark.parametrize("n, expected", [(1, "1 post"), (3, "3 posty"), (5, "5 postów")])
def test_the_count_takes_the_polish_plural(acme, client_as, n, expected):
    for _ in range(n):
        submitted(acme)
    Profile.objects.update_or_create(user=acme.users["approver"], defaults={"language": "pl"})
    page = client_as(acme.users["approver"]).get(reverse("workflow:queue", args=["pending"])).content.decode()
    assert f'<p class="muted" id="queue-count">{expected}</p>' in page

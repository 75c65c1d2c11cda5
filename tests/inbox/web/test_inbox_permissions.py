"""Who may use the inbox: every page for every role, the team grants, signed-out visitors, and isolation
between organisations (another organisation's mention is a 404 and never listed)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from inbox_web_support import COMPLAINT_EN, store
from web_support import ROLES

from socialguard.inbox.access import inbox_permissions
from socialguard.inbox.crisis import open_incident
from socialguard.inbox.spikes import SpikeAlert
from socialguard.orgs.models import Team
from socialguard.orgs.policies import current_policy

ANSWERING = {"admin", "comms_lead", "customer_service", "security"}  # security: the security team gets reports
MANAGING = {"admin", "comms_lead"}
SEEING_CRISES = ANSWERING | {"compliance"}  # compliance sees (and runs) incidents: view_security, run_incidents
RUNNING_CRISES = MANAGING | {"compliance", "security"}  # manage_inbox or run_incidents


def _incident(org):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    alert = SpikeAlert(now - dt.timedelta(hours=24), now, 30, 3.0, 2.0, 13.0, 3.0)
    return open_incident(org, alert, now, current_policy(org)[1].listening.crisis)


def _pages(org):
    mention = store(org, COMPLAINT_EN)
    incident = _incident(org)
    return [("inbox:list", (), ANSWERING), ("inbox:detail", (mention.pk,), ANSWERING),
            ("inbox:crises", (), SEEING_CRISES), ("inbox:crisis", (incident.pk,), SEEING_CRISES),
            ("inbox:tokens", (), MANAGING), ("inbox:rejected", (), MANAGING)]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_inbox_page_is_allowed_exactly_for_the_roles_that_answer_mentions_or_see_crises(acme, client_as, role):
    client = client_as(acme.users[role])
    for name, args, allowed in _pages(acme.org):
        response = client.get(reverse(name, args=args))
        assert response.status_code == (200 if role in allowed else 403), (name, role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_inbox_action_is_refused_to_roles_without_the_inbox(acme, client_as, role):
    mention = store(acme.org, COMPLAINT_EN)
    incident = _incident(acme.org)
    client = client_as(acme.users[role])
    posts = [("inbox:assign", (mention.pk,), {"assignee": "me"}), ("inbox:status", (mention.pk,), {"status": "closed"}),
             ("inbox:note", (mention.pk,), {"text": "seen"}), ("inbox:reply", (mention.pk,), {"text": "Sorry!"}),
             ("inbox:crisis_tick", (incident.pk, 1), {"done": "1"})]
    for name, args, data in posts:
        expected_denied = role not in (RUNNING_CRISES if name == "inbox:crisis_tick" else ANSWERING)
        status = client.post(reverse(name, args=args), data).status_code
        assert (status == 403) == expected_denied, (name, role, status)


@pytest.mark.django_db
def test_team_membership_grants_the_inbox_but_never_to_employees(acme):
    approver, employee = acme.membership("approver"), acme.membership("employee")
    assert inbox_permissions(approver) == frozenset()
    pr = Team.objects.get(org=acme.org, kind="pr")
    pr.members.add(approver.user, employee.user)
    assert inbox_permissions(approver) == {"answer_mentions", "see_crises"}
    assert inbox_permissions(employee) == frozenset()
    Team.objects.get(org=acme.org, kind="crisis_response").members.add(approver.user)
    assert inbox_permissions(approver) == {"answer_mentions", "see_crises", "run_crisis"}


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(acme, client):
    response = client.get(reverse("inbox:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("signin:login"))


@pytest.mark.django_db
def test_nobody_sees_another_organisations_mentions(acme, globex, client_as):
    theirs = store(globex.org, "Globex secret complaint: my order never arrived", key="g-1")
    ours = store(acme.org, COMPLAINT_EN, key="a-1")
    client = client_as(acme.users["comms_lead"])
    listing = client.get(reverse("inbox:list")).content.decode()
    assert ours.text[:40] in listing and "Globex secret" not in listing
    for name in ("inbox:detail",):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    for name, data in (("inbox:assign", {"assignee": "me"}), ("inbox:status", {"status": "closed"}),
                       ("inbox:note", {"text": "x"}), ("inbox:reply", {"text": "Hello"})):
        assert client.post(reverse(name, args=[theirs.pk]), data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "new" and not theirs.notes.exists() and not theirs.replies.exists()
    incident = _incident(globex.org)
    assert client.get(reverse("inbox:crisis", args=[incident.pk])).status_code == 404


@pytest.mark.django_db
def test_the_navigation_shows_the_inbox_only_to_those_who_may_use_it(acme, client_as):
    assert 'href="/inbox/"' in client_as(acme.users["customer_service"]).get(reverse("home")).content.decode()
    assert 'href="/inbox/"' not in client_as(acme.users["employee"]).get(reverse("home")).content.decode()

"""The crisis page's "pause all scheduled posts" action: sets the organisation's publishing pause (which the
outbox honours: tests/outbox/test_outbox_paused.py), says how many approved posts it holds, resumes; audited;
only for those who run crises."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from web_support import OK_TEXT

from socialguard.audit.models import AuditEvent
from socialguard.inbox.crisis import open_incident
from socialguard.inbox.spikes import SpikeAlert
from socialguard.orgs.models import Organisation
from socialguard.orgs.policies import current_policy
from socialguard.workflow import actions


@pytest.fixture
def incident(acme):
    now = timezone.now()
    alert = SpikeAlert(now - dt.timedelta(hours=24), now, 31, 4.0, 2.5, 14.0, 3.0)
    return open_incident(acme.org, alert, now, current_policy(acme.org)[1].listening.crisis)


def _scheduled_post(acme):
    membership = acme.membership("comms_lead")
    post = actions.create_draft(membership, text=OK_TEXT, account_kind="personal", account_handle="", platform="x",
                                scheduled_at=timezone.now() + dt.timedelta(hours=3))
    actions.submit(post, membership.user)
    return post


def test_pausing_and_resuming_scheduled_posts_is_recorded(acme, incident, client_as):
    _scheduled_post(acme)
    client = client_as(acme.users["comms_lead"])
    url = reverse("inbox:crisis_publishing", args=[incident.pk])
    page = client.get(reverse("inbox:crisis", args=[incident.pk])).content.decode()
    assert "Pause all scheduled posts" in page and "1 approved post is scheduled" in page
    page = client.post(url, {"action": "pause"}, follow=True).content.decode()
    assert Organisation.objects.get(pk=acme.org.pk).publishing_paused
    assert "Scheduled posts are paused." in page and "Resume scheduled posts" in page
    paused = AuditEvent.objects.get(org=acme.org, kind="publishing_paused")
    assert paused.data == {"scheduled": 1} and paused.actor == "acme-comms_lead"
    client.post(url, {"action": "resume"})
    assert not Organisation.objects.get(pk=acme.org.pk).publishing_paused
    assert AuditEvent.objects.filter(org=acme.org, kind="publishing_resumed").count() == 1


def test_pausing_is_for_those_who_run_crises(acme, incident, client_as):
    response = client_as(acme.users["customer_service"]).post(
        reverse("inbox:crisis_publishing", args=[incident.pk]), {"action": "pause"})
    assert response.status_code == 403 and not Organisation.objects.get(pk=acme.org.pk).publishing_paused


def test_an_unknown_action_changes_nothing(acme, incident, client_as):
    response = client_as(acme.users["admin"]).post(reverse("inbox:crisis_publishing", args=[incident.pk]),
                                                   {"action": "explode"}, follow=True)
    assert "Choose pause or resume." in response.content.decode()
    assert not Organisation.objects.get(pk=acme.org.pk).publishing_paused


def test_another_organisations_crisis_is_not_found(acme, globex, incident, client_as):
    response = client_as(globex.users["admin"]).post(reverse("inbox:crisis_publishing", args=[incident.pk]),
                                                     {"action": "pause"})
    assert response.status_code == 404 and not Organisation.objects.get(pk=acme.org.pk).publishing_paused

"""Acknowledging the policy: a banner on every page until the current version is acknowledged (never blocking
reading or signing out); a version whose changes matter asks again, one that only relaxes rules does not."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from web_support import TEST_POLICY, sign_in

from socialguard.audit.models import AuditEvent
from socialguard.orgs.policies import save_policy
from socialguard.policy_pages.models import Acknowledgement

pytestmark = pytest.mark.django_db
BANNER = 'id="acknowledge-banner"'
STRICTER = TEST_POLICY.replace("severity: warn, clause: personal-data", "severity: block, clause: personal-data")
RELAXED = TEST_POLICY.replace("severity: block, clause: personal-data", "severity: review, clause: personal-data")


def _acknowledge(client, number: int):
    return client.post(reverse("policy_pages:acknowledge"), {"version": number})


def test_banner_until_acknowledged_then_gone_and_audited(acme, client_as):
    client = client_as(acme.users["employee"])
    assert BANNER in client.get(reverse("home")).content.decode()
    page = client.get(reverse("policy_pages:document")).content.decode()
    assert "I have read version 1 of this policy" in page
    response = _acknowledge(client, 1)
    assert response.status_code == 302
    assert BANNER not in client.get(reverse("home")).content.decode()
    assert "You have acknowledged this policy." in client.get(reverse("policy_pages:document")).content.decode()
    event = AuditEvent.objects.get(org=acme.org, kind="acknowledgement")
    assert event.actor == "acme-employee" and event.data == {"version": 1}


def test_a_new_version_that_tightens_rules_asks_again(acme, client_as):
    client = client_as(acme.users["employee"])
    _acknowledge(client, 1)
    save_policy(acme.org, STRICTER)
    assert "Version 2 of the social media policy is waiting" in client.get(reverse("home")).content.decode()
    _acknowledge(client, 2)
    assert BANNER not in client.get(reverse("home")).content.decode()
    assert list(Acknowledgement.objects.filter(user=acme.users["employee"]).values_list(
        "policy_version__number", flat=True).order_by("at")) == [1, 2]


def test_a_version_that_only_relaxes_a_rule_keeps_the_acknowledgement(acme, client_as):
    client = client_as(acme.users["employee"])
    _acknowledge(client, 1)
    save_policy(acme.org, RELAXED)
    assert BANNER not in client.get(reverse("home")).content.decode()
    save_policy(acme.org, STRICTER)
    assert "Version 3 of the social media policy" in client.get(reverse("home")).content.decode()


def test_acknowledging_an_old_version_or_nonsense_is_refused(acme, client_as):
    client = client_as(acme.users["employee"])
    save_policy(acme.org, STRICTER)
    messages = client.get(_acknowledge(client, 1)["Location"]).content.decode()
    assert "Version 1 is not the current version of the policy." in messages
    _acknowledge(client, "two")
    assert not Acknowledgement.objects.exists()


def test_acknowledging_twice_keeps_one_row(acme, client_as):
    client = client_as(acme.users["employee"])
    _acknowledge(client, 1), _acknowledge(client, 1)
    assert Acknowledgement.objects.count() == 1
    assert AuditEvent.objects.filter(kind="acknowledgement").count() == 1


def test_the_banner_never_blocks_reading_the_policy_or_signing_out(acme, client_as):
    client = client_as(acme.users["employee"])
    assert client.get(reverse("policy_pages:document")).status_code == 200
    assert client.get(reverse("compose:new")).status_code == 200
    assert client.post(reverse("signin:logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # signed out now


def test_acknowledging_needs_csrf(acme):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, acme.users["employee"])
    assert _acknowledge(client, 1).status_code == 403
    assert not Acknowledgement.objects.exists()


def test_acknowledgement_is_per_organisation(acme, globex, client_as):
    from socialguard.orgs.services import add_member

    user = acme.users["employee"]
    add_member(globex.org, user, "employee")
    client = client_as(user)
    _acknowledge(client, 1)
    client.post(reverse("orgs:switch"), {"org": "globex"})
    assert BANNER in client.get(reverse("home")).content.decode()

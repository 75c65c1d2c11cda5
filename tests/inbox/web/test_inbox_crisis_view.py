"""The crisis page: numbers, holding statement in the reader's language, ticking checklist items (crisis team
and inbox managers only), owners, closing (managers only); every change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from socialguard.audit.models import AuditEvent
from socialguard.inbox.crisis import open_incident
from socialguard.inbox.spikes import SpikeAlert
from socialguard.orgs.models import Profile, Team
from socialguard.orgs.policies import current_policy


@pytest.fixture
def incident(acme):
    now = timezone.now()
    alert = SpikeAlert(now - dt.timedelta(hours=24), now, 31, 4.0, 2.5, 14.0, 3.0)
    return open_incident(acme.org, alert, now, current_policy(acme.org)[1].listening.crisis)


def test_the_page_shows_the_numbers_and_the_statement_in_my_language(acme, incident, client_as):
    user = acme.users["customer_service"]
    Profile.objects.update_or_create(user=user, defaults={"language": "pl"})
    page = client_as(user).get(reverse("inbox:crisis", args=[incident.pk])).content.decode()
    assert "31" in page and incident.holding_statement["pl"][:30] in page
    assert "Ustal fakty" in page
    assert 'class="secondary tick"' not in page  # customer service reads, the crisis team ticks


def test_the_crisis_team_ticks_items_and_the_tick_is_recorded(acme, incident, client_as):
    agent = acme.users["customer_service"]
    Team.objects.get(org=acme.org, kind="crisis_response").members.add(agent)
    client = client_as(agent)
    client.post(reverse("inbox:crisis_tick", args=[incident.pk, 1]), {"done": "1"})
    item = incident.items.get(position=1)
    assert item.done and item.done_by == agent and item.owner == agent and item.done_at is not None
    client.post(reverse("inbox:crisis_tick", args=[incident.pk, 1]), {"done": "0"})
    item.refresh_from_db()
    assert not item.done and item.done_by is None
    assert AuditEvent.objects.filter(org=acme.org, kind="crisis_item").count() == 2


def test_owners_are_members_of_the_organisation(acme, globex, incident, client_as):
    client = client_as(acme.users["comms_lead"])
    client.post(reverse("inbox:crisis_owner", args=[incident.pk, 2]), {"owner": acme.users["admin"].pk})
    assert incident.items.get(position=2).owner == acme.users["admin"]
    client.post(reverse("inbox:crisis_owner", args=[incident.pk, 2]), {"owner": globex.users["admin"].pk})
    assert incident.items.get(position=2).owner == acme.users["admin"]


def test_closing_is_for_inbox_managers_and_stops_ticking(acme, incident, client_as):
    assert client_as(acme.users["customer_service"]).post(reverse("inbox:crisis_close", args=[incident.pk])).status_code == 403
    client = client_as(acme.users["comms_lead"])
    client.post(reverse("inbox:crisis_close", args=[incident.pk]))
    incident.refresh_from_db()
    assert incident.closed_at is not None and incident.closed_by == acme.users["comms_lead"]
    client.post(reverse("inbox:crisis_tick", args=[incident.pk, 1]), {"done": "1"})
    assert not incident.items.get(position=1).done


def test_the_list_links_the_open_incident(acme, incident, client_as):
    client = client_as(acme.users["customer_service"])
    assert reverse("inbox:crisis", args=[incident.pk]) in client.get(reverse("inbox:list")).content.decode()
    assert reverse("inbox:crisis", args=[incident.pk]) in client.get(reverse("inbox:crises")).content.decode()


@pytest.mark.parametrize("language, words", [
    ("en", ["31 negative mentions between", "expect about 4",
            "That is 10.8 times the usual ups and downs above normal, too many to be chance"]),
    ("pl", ["31 negatywnych wzmianek między", "spodziewaliśmy się około 4",
            "To 10,8 raza więcej niż zwykłe wahania ponad normę"]),
])
def test_the_numbers_are_explained_in_plain_words(acme, incident, client_as, language, words):
    user = acme.users["comms_lead"]
    Profile.objects.update_or_create(user=user, defaults={"language": language})
    page = client_as(user).get(reverse("inbox:crisis", args=[incident.pk])).content.decode()
    numbers = page.split('id="alert-numbers"', 1)[1].split("</p>", 1)[0]
    for text in words:
        assert text in numbers
    assert "z =" not in page


def test_the_page_lists_the_negative_mentions_behind_the_alert(acme, incident, client_as):
    from inbox_web_support import COMPLAINT_EN, store

    mention = store(acme.org, COMPLAINT_EN, at=incident.window_end - dt.timedelta(hours=2))
    store(acme.org, "Thank you Acme, great support!", key="praise", at=incident.window_end - dt.timedelta(hours=1))
    store(acme.org, COMPLAINT_EN + " Again.", key="old", at=incident.window_start - dt.timedelta(hours=1))
    page = client_as(acme.users["comms_lead"]).get(reverse("inbox:crisis", args=[incident.pk])).content.decode()
    listed = page.split('id="crisis-mentions"', 1)[1].split("</ul>", 1)[0]
    assert reverse("inbox:detail", args=[mention.pk]) in listed and listed.count("<li>") == 1
    assert "The 1 negative mentions behind it" not in page and "The negative mention behind it" in page

"""The inbox list: every filter (status, team, topic, sentiment, priority, platform, mine), the HTMX partial,
and the volume chart."""

from __future__ import annotations

import pytest
from django.urls import reverse
from inbox_web_support import COMPLAINT_EN, COMPLAINT_PL, CRISIS_EN, PRAISE_PL, QUESTION_EN, store

from socialguard.inbox import actions


@pytest.fixture
def mentions(acme):
    made = {
        "complaint_en": store(acme.org, COMPLAINT_EN, key="c-en", source="x"),
        "complaint_pl": store(acme.org, COMPLAINT_PL, key="c-pl", source="facebook"),
        "question": store(acme.org, QUESTION_EN, key="q", source="mastodon"),
        "praise": store(acme.org, PRAISE_PL, key="p", source="bluesky"),
        "crisis": store(acme.org, CRISIS_EN, key="cr", source="x"),
    }
    actions.assign(made["question"], acme.users["customer_service"], assignee=acme.users["customer_service"])
    actions.change_status(made["praise"], acme.users["customer_service"], "closed")
    return made


def _listed(client, **filters) -> set[str]:
    response = client.get(reverse("inbox:list"), filters)
    assert response.status_code == 200
    return {m.external_id for m in response.context["page"].object_list}


@pytest.mark.parametrize("filters, expected", [
    ({}, {"c-en", "c-pl", "q", "p", "cr"}),
    ({"status": "closed"}, {"p"}),
    ({"status": "assigned"}, {"q"}),
    ({"team": "customer_service"}, {"c-en", "c-pl", "q"}),
    ({"team": "crisis_response"}, {"cr"}),
    ({"topic": "complaint"}, {"c-en", "c-pl"}),
    ({"topic": "praise"}, {"p"}),
    ({"sentiment": "positive"}, {"p"}),
    ({"sentiment": "negative"}, {"c-en", "c-pl", "cr"}),
    ({"priority": "urgent"}, {"cr"}),
    ({"source": "facebook"}, {"c-pl"}),
    ({"mine": "1"}, {"q"}),
    ({"topic": "complaint", "source": "x"}, {"c-en"}),
    ({"status": "no-such-status"}, {"c-en", "c-pl", "q", "p", "cr"}),  # unknown values are ignored
])
def test_filters(acme, mentions, client_as, filters, expected):
    assert _listed(client_as(acme.users["customer_service"]), **filters) == expected


def test_an_htmx_request_gets_only_the_table(acme, mentions, client_as):
    response = client_as(acme.users["comms_lead"]).get(reverse("inbox:list"), {"topic": "praise"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<table" in html and "<html" not in html and PRAISE_PL[:20] in html and COMPLAINT_EN[:20] not in html


def test_the_chart_counts_todays_mentions_by_sentiment(acme, mentions, client_as):
    chart = client_as(acme.users["comms_lead"]).get(reverse("inbox:list")).context["chart"]
    today = chart["bars"][-1]
    assert (today["negative"], today["positive"], today["total"]) == (3, 1, 5)
    assert not any(bar["alert"] for bar in chart["bars"])

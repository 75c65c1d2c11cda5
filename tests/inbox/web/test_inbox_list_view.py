"""The inbox list: every filter (status, team, topic, sentiment, priority, platform, mine), search by text and
author, sort, 50 rows a page with the filters kept in the page links, human labels instead of internal ids
(EN and PL), the HTMX partial, and the volume chart."""

from __future__ import annotations

import pytest
from django.urls import reverse
from inbox_web_support import COMPLAINT_EN, COMPLAINT_PL, CRISIS_EN, PRAISE_PL, QUESTION_EN, store

from socialguard.inbox import actions
from socialguard.inbox.views import PAGE_SIZE


@pytest.fixture
def mentions(acme):
    made = {
        "complaint_en": store(acme.org, COMPLAINT_EN, key="c-en", source="x"),
        "complaint_pl": store(acme.org, COMPLAINT_PL, key="c-pl", source="facebook", author="@kasia_k"),
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
    ({"q": "never arrived"}, {"c-en"}),
    ({"q": "NEVER   arrived "}, {"c-en"}),  # any case, spaces tidied
    ({"q": "zamówienie"}, {"c-pl"}),
    ({"q": "@kasia"}, {"c-pl"}),  # the author
    ({"q": "acme", "sentiment": "negative"}, {"c-en", "cr"}),
    ({"q": "100%"}, set()),  # LIKE wildcards are plain characters
    ({"q": "no such words"}, set()),
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


def test_sorting_oldest_first_and_by_sla_due(acme, client_as):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    for i in range(3):
        store(acme.org, f"{QUESTION_EN} #{i}", key=f"q{i}", at=now - dt.timedelta(hours=3 - i))
    store(acme.org, CRISIS_EN, key="urgent", at=now - dt.timedelta(hours=10))  # urgent: the shortest SLA
    client = client_as(acme.users["customer_service"])

    def order(**query):
        return [m.external_id for m in client.get(reverse("inbox:list"), query).context["page"].object_list]

    assert order() == ["q2", "q1", "q0", "urgent"]
    assert order(sort="oldest") == ["urgent", "q0", "q1", "q2"]
    assert order(sort="due")[0] == "urgent"
    assert order(sort="sideways") == order()


def test_fifty_rows_a_page_and_the_page_links_keep_the_filters(acme, client_as):
    from socialguard.inbox import mention as pure
    from socialguard.inbox.django_store import ingest

    ingest(acme.org, [pure.Mention(source="x", external_id=f"n{i}", text=f"{COMPLAINT_EN} ({i})", author=f"@a{i}")
                      for i in range(PAGE_SIZE + 7)])
    client = client_as(acme.users["customer_service"])
    first = client.get(reverse("inbox:list"), {"topic": "complaint", "q": "arrived"})
    assert len(first.context["page"].object_list) == PAGE_SIZE == 50
    html = first.content.decode()
    assert html.count('class="mention"') == PAGE_SIZE
    assert "1–50 of 57 mentions" in html
    assert 'href="?topic=complaint&amp;q=arrived&amp;page=2"' in html
    second = client.get(reverse("inbox:list"), {"topic": "complaint", "q": "arrived", "page": 2})
    assert len(second.context["page"].object_list) == 7 and "51–57 of 57 mentions" in second.content.decode()


@pytest.mark.parametrize("language, shown, hidden", [
    ("en", ["Legal threat", "Customer service", "Crisis response", "Complaint", "Facebook", "Mastodon",
            "Newest first", "Select all on this page"],
     []),
    ("pl", ["Groźba prawna", "Obsługa klienta", "Skarga", "Facebook", "Od najnowszych", "Zaznacz wszystkie na tej stronie",
            "1–5 z 5 wzmianek"],
     ["Newest first", "Select all"]),
])
def test_filters_and_rows_show_human_labels_never_internal_ids(acme, mentions, client_as, language, shown, hidden):
    from socialguard.orgs.models import Profile

    user = acme.users["customer_service"]
    Profile.objects.update_or_create(user=user, defaults={"language": language})
    html = client_as(user).get(reverse("inbox:list")).content.decode()
    for text in shown:
        assert text in html, text
    for text in hidden:
        assert text not in html, text
    visible = _visible_text(html)
    for internal in ("customer_service", "legal_threat", "crisis_response", "security_report", ">facebook<"):
        assert internal not in visible, internal


def _visible_text(html: str) -> str:
    """The page without its tags' attributes (option values, classes) and the test users' names
    (`acme-customer_service`): what a reader sees that could be an internal id."""
    import re

    return re.sub(r"acme-\w+", "", re.sub(r"<([a-z0-9]+)[^>]*>", r"<\1>", html))

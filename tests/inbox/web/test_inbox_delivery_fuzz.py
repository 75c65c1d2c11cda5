"""Fuzzing the webhook and `POST /api/mentions` end to end (real app, real database, real triage) with
hypothesis: for any body the answer is JSON with 200, 400, 413 or 422, never a 500; in a mixed batch every
good item is stored, every item has a result, and each rejected one is kept for inspection. Bounded
examples (`SOCIALGUARD_FUZZ_EXAMPLES`, default 60 for the pure tests; a quarter of it here)."""

from __future__ import annotations

import pytest
from api_support import call, token_for
from django.urls import reverse
from fuzz_inputs import EXAMPLES, encode, hostile_text, mixed_batches, not_json_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialguard.inbox import hooks
from socialguard.inbox.models import Mention, RejectedItem

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=max(10, EXAMPLES // 4), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def senders(acme, client):
    """Post a body through the webhook or the API, as a callable per channel."""
    _, secret = hooks.make_token(acme.org, "fuzz", acme.users["admin"])
    api_token = token_for(acme, "customer_service", ["mentions"])
    return {
        "webhook": lambda body: client.post(reverse("inbox:webhook", args=["acme"]), body,
                                            content_type="application/json",
                                            headers={"Authorization": f"Bearer {secret}"}),
        "api": lambda body: call(client, "post", "/api/mentions", api_token, body),
    }


@FUZZ
@given(batch=mixed_batches(max_good=4, max_hostile=4), channel=st.sampled_from(["webhook", "api"]))
def test_every_good_item_of_a_mixed_delivery_is_stored(acme, senders, batch, channel):
    items, good = batch
    kept_before = RejectedItem.objects.filter(org=acme.org).count()
    response = senders[channel](encode({"mentions": items}))
    assert response.status_code == 200, response.content[:300]
    answer = response.json()
    assert answer["received"] == len(items) == answer["stored"] + answer["duplicates"] + answer["rejected"]
    assert [r["position"] for r in answer["items"]] == [f"mentions[{i}]" for i in range(len(items))]
    assert all(answer["items"][i]["status"] == "stored" for i in good), answer["items"]
    ids = {items[i]["id"] for i in good}
    assert set(Mention.objects.filter(org=acme.org, external_id__in=ids).values_list("external_id", flat=True)) == ids
    assert RejectedItem.objects.filter(org=acme.org).count() - kept_before <= answer["rejected"]


@FUZZ
@given(body=st.one_of(not_json_lines(), st.binary(max_size=300), hostile_text.map(lambda t: encode({"text": t})),
                      hostile_text.map(lambda t: encode([{"id": "x", "text": "ok", "author": t}]))),
       channel=st.sampled_from(["webhook", "api"]))
def test_any_body_gets_a_json_answer_and_never_a_500(acme, senders, body, channel):
    response = senders[channel](body)
    assert response.status_code in (200, 400, 413, 422), response.content[:300]
    assert response["Content-Type"].startswith("application/json") and response.json()

"""POST /api/mentions: mentions go into the organisation's inbox through the inbox's own triage and store;
duplicates are skipped, bad items reported by index; the mentions scope and an inbox role are required."""

from __future__ import annotations

import pytest
from api_support import call, token_for
from web_support import ROLES

from socialguard.audit.models import AuditEvent
from socialguard.inbox.access import inbox_permissions
from socialguard.inbox.models import Mention

pytestmark = pytest.mark.django_db
MENTIONS = {"mentions": [
    {"id": "m1", "text": "Your app lost my invoices again, this is unacceptable!", "author": "@angry", "platform": "x"},
    {"id": "m2", "text": "Świetna obsługa, dziękuję za szybką pomoc!", "author": "@happy", "platform": "x"},
]}


def test_mentions_are_stored_once_in_the_tokens_organisation(acme, globex, client):
    token = token_for(acme, "customer_service", ["mentions"])
    first = call(client, "post", "/api/mentions", token, MENTIONS)
    assert first.status_code == 200
    assert first.json() == {"received": 2, "stored": 2, "duplicates": 0, "rejected": 0, "errors": [], "items": [
        {"position": "mentions[0]", "status": "stored", "error": None},
        {"position": "mentions[1]", "status": "stored", "error": None}]}
    again = call(client, "post", "/api/mentions", token, MENTIONS).json()
    assert (again["stored"], again["duplicates"]) == (0, 2)
    assert Mention.objects.filter(org=acme.org).count() == 2 and not Mention.objects.filter(org=globex.org).exists()
    assert AuditEvent.objects.filter(org=acme.org, kind="api_call").first().data["endpoint"] == "mentions.receive"


def test_bad_items_are_reported_by_index_and_good_ones_kept(acme, client):
    body = {"mentions": [{"id": "ok", "text": "Hello @acme"}, {"id": "bad"}, 5]}
    response = call(client, "post", "/api/mentions", token_for(acme, "admin"), body).json()
    assert response["stored"] == 1
    assert [e.split(":")[0] for e in response["errors"]] == ["mentions[1]", "mentions[2]"]


def test_items_that_are_all_bad_are_rejected_one_by_one_and_a_body_of_another_shape_is_400(acme, client):
    token = token_for(acme, "admin")
    response = call(client, "post", "/api/mentions", token, {"mentions": [{"id": "x"}]})
    assert response.status_code == 200 and (response.json()["stored"], response.json()["rejected"]) == (0, 1)
    assert response.json()["errors"][0].startswith("mentions[0]: a text field is required")
    assert call(client, "post", "/api/mentions", token, "[{").status_code == 400
    for shape in ("[]", '{"mentions": []}', '{"mentions": "x"}', "5", "null"):
        response = call(client, "post", "/api/mentions", token, shape)
        assert response.status_code == 400, shape
        assert response.json()["error"] in ("the list of mentions is empty",
                                            'expected a mention object, a list of them, or {"mentions": [...]}')


@pytest.mark.parametrize("role", ROLES)
def test_only_inbox_roles_may_send_mentions(acme, client, role):
    response = call(client, "post", "/api/mentions", token_for(acme, role, ["mentions"]), MENTIONS)
    allowed = "answer_mentions" in inbox_permissions(acme.membership(role))
    assert response.status_code == (200 if allowed else 403)


def test_mentions_need_the_mentions_scope(acme, client):
    response = call(client, "post", "/api/mentions", token_for(acme, "admin", ["check", "drafts", "approvals"]),
                    MENTIONS)
    assert response.status_code == 403 and not Mention.objects.exists()


def test_rejected_items_are_listed_newest_first_to_those_who_manage_the_inbox(acme, globex, client):
    sender = token_for(acme, "customer_service", ["mentions"])
    call(client, "post", "/api/mentions", sender, '[{"id": "a", "text": "ok"}, {"id": "b", "text": "bad \\ud800"}]')
    call(client, "post", "/api/mentions", sender, '{"mentions": [{"id": "c"}]}')
    listed = call(client, "get", "/api/mentions/rejected?limit=10", token_for(acme, "comms_lead", ["mentions"]))
    assert listed.status_code == 200
    assert [(r["channel"], r["position"]) for r in listed.json()] == [
        ("api:customer_service script", "mentions[0]"), ("api:customer_service script", "[1]")]
    assert listed.json()[1]["payload"] == '{"id": "b", "text": "bad \\ud800"}'
    assert listed.json()[1]["reason"].startswith("text: a lone surrogate")
    assert call(client, "get", "/api/mentions/rejected", sender).status_code == 403
    assert call(client, "get", "/api/mentions/rejected", token_for(globex, "admin", ["mentions"])).json() == []


@pytest.mark.parametrize("path", ["/api/mentions/rejected", "/api/approvals"])
def test_an_offset_past_any_list_is_a_422_not_a_database_overflow(acme, client, path):
    token = token_for(acme, "admin", ["mentions", "approvals"])
    assert call(client, "get", f"{path}?offset=1000000000", token).status_code == 200
    assert call(client, "get", f"{path}?offset={2**63}", token).status_code == 422

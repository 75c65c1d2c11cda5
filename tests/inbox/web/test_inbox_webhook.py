"""The webhook endpoint: bearer and HMAC authentication, missing/wrong/revoked tokens, malformed and
oversized bodies, and ingest through the same pipeline as polled mentions (idempotent, triaged)."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.urls import reverse

from socialguard.audit.models import AuditEvent
from socialguard.inbox import hooks
from socialguard.inbox.connectors.webhook import MAX_BODY_BYTES
from socialguard.inbox.models import Mention, WebhookToken

BODY = {"mentions": [
    {"id": "w-1", "text": "Reklamacja bez odpowiedzi, beznadziejna i fatalna obsługa!", "platform": "tiktok", "followers": 50},
    {"id": "w-2", "text": "Boycott Acme! Awful scandal, shame on you.", "platform": "x", "author": "@angry"},
]}


@pytest.fixture
def token(acme):
    return hooks.make_token(acme.org, "monitoring tool", acme.users["admin"])


def _post(client, org_slug, body, **headers):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(reverse("inbox:webhook", args=[org_slug]), data, content_type="application/json",
                       headers=headers)


def test_a_bearer_token_stores_the_mentions_triaged(acme, client, token):
    row, secret = token
    response = _post(client, "acme", BODY, Authorization=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json() == {"received": 2, "stored": 2, "duplicates": 0, "rejected": 0, "errors": [], "items": [
        {"position": "mentions[0]", "status": "stored"}, {"position": "mentions[1]", "status": "stored"}]}
    complaint = Mention.objects.get(org=acme.org, external_id="w-1")
    assert (complaint.source, complaint.lang, complaint.topics) == ("tiktok", "pl", ["complaint"])
    assert complaint.sentiment_label == "negative" and complaint.channel == "webhook:monitoring tool"
    assert (complaint.assignment.team, complaint.assignment.priority) == ("customer_service", "high")
    crisis = Mention.objects.get(org=acme.org, external_id="w-2")
    assert crisis.assignment.team == "crisis_response" and crisis.assignment.priority == "urgent"
    assert AuditEvent.objects.filter(org=acme.org, kind="mentions_ingest").count() == 1
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_the_same_mentions_sent_twice_are_stored_once(acme, client, token):
    _, secret = token
    _post(client, "acme", BODY, Authorization=f"Bearer {secret}")
    again = _post(client, "acme", BODY, Authorization=f"Bearer {secret}")
    assert again.json()["stored"] == 0 and again.json()["duplicates"] == 2
    assert Mention.objects.filter(org=acme.org).count() == 2


def test_an_hmac_signature_of_the_body_authenticates(acme, client, token):
    _, secret = token
    body = json.dumps(BODY).encode()
    signature = hooks.signature(hashlib.sha256(secret.encode()).hexdigest(), body)
    response = _post(client, "acme", body, **{hooks.SIGNATURE_HEADER: signature})
    assert response.status_code == 200 and response.json()["stored"] == 2


def test_a_signature_of_another_body_is_refused(acme, client, token):
    _, secret = token
    signature = hooks.signature(hashlib.sha256(secret.encode()).hexdigest(), b'{"text": "something else"}')
    response = _post(client, "acme", BODY, **{hooks.SIGNATURE_HEADER: signature})
    assert response.status_code == 403 and not Mention.objects.exists()


def test_missing_credentials_are_401_with_a_challenge(acme, client, token):
    response = _post(client, "acme", BODY)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "credentials required" in response.json()["error"]


@pytest.mark.parametrize("header", ["Bearer sgw_wrong", "Basic dXNlcjpwYXNz"])
def test_a_wrong_token_is_403(acme, client, token, header):
    response = _post(client, "acme", BODY, Authorization=header)
    expected = 401 if header.startswith("Basic") else 403  # a scheme we do not take counts as no credentials
    assert response.status_code == expected and not Mention.objects.exists()


def test_a_token_only_works_for_its_own_organisation(acme, globex, client, token):
    _, secret = token
    assert _post(client, "globex", BODY, Authorization=f"Bearer {secret}").status_code == 403
    assert _post(client, "nobody", BODY, Authorization=f"Bearer {secret}").status_code == 403
    assert not Mention.objects.exists()


def test_a_revoked_token_is_refused(acme, client, token):
    row, secret = token
    hooks.revoke(row, acme.users["admin"])
    assert _post(client, "acme", BODY, Authorization=f"Bearer {secret}").status_code == 403


def test_the_token_itself_is_never_stored(acme, token):
    row, secret = token
    stored = WebhookToken.objects.filter(pk=row.pk).values().get()
    assert secret not in json.dumps(stored, default=str)
    assert stored["digest"] == hashlib.sha256(secret.encode()).hexdigest()


@pytest.mark.parametrize("body, message", [
    (b'{"mentions": [', "body is invalid JSON"),
    (b"\xff\xfe", "body is not UTF-8 text"),
    (b'"just a string"', "expected a mention object"),
    (b'{"mentions": [{"id": "x"}]}', "mentions[0]: a text field is required"),
])
def test_a_malformed_body_is_400_with_a_clear_json_error(acme, client, token, body, message):
    _, secret = token
    response = _post(client, "acme", body, Authorization=f"Bearer {secret}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"].startswith(message)


def test_bad_items_are_reported_and_good_ones_kept(acme, client, token):
    _, secret = token
    body = {"mentions": [{"id": "ok", "text": "Great app, thanks!"}, {"id": "bad"}, "nope"]}
    response = _post(client, "acme", body, Authorization=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["stored"] == 1
    assert response.json()["errors"] == ["mentions[1]: a text field is required (text, full_text, content, body or "
                                         "message)", "mentions[2]: expected an object"]


def test_an_oversized_body_is_413(acme, client, token):
    _, secret = token
    body = json.dumps({"text": "x" * (MAX_BODY_BYTES + 10)}).encode()
    response = _post(client, "acme", body, Authorization=f"Bearer {secret}")
    assert response.status_code == 413 and "too large" in response.json()["error"]
    assert not Mention.objects.exists()


def test_only_post_is_accepted(acme, client, token):
    assert client.get(reverse("inbox:webhook", args=["acme"])).status_code == 405

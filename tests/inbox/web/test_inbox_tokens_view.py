"""The webhook tokens page: a new token is shown once and stored only as its digest; revoking is audited."""

from __future__ import annotations

import hashlib

from django.urls import reverse

from socialguard.audit.models import AuditEvent
from socialguard.inbox.models import WebhookToken


def test_a_new_token_is_shown_once_and_stored_hashed(acme, client_as):
    client = client_as(acme.users["comms_lead"])
    response = client.post(reverse("inbox:tokens"), {"name": "Brand24 alerts"})
    token = response.context["made"]
    assert token.startswith("sgw_") and token in response.content.decode()
    row = WebhookToken.objects.get(org=acme.org)
    assert row.digest == hashlib.sha256(token.encode()).hexdigest() and row.hint == token[:10]
    assert token not in client.get(reverse("inbox:tokens")).content.decode()
    assert AuditEvent.objects.filter(org=acme.org, kind="inbox_token_create").exists()


def test_a_token_needs_a_name(acme, client_as):
    client_as(acme.users["admin"]).post(reverse("inbox:tokens"), {"name": " "})
    assert not WebhookToken.objects.exists()


def test_revoking(acme, globex, client_as):
    client = client_as(acme.users["admin"])
    client.post(reverse("inbox:tokens"), {"name": "tool"})
    row = WebhookToken.objects.get(org=acme.org)
    client.post(reverse("inbox:token_revoke", args=[row.pk]))
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert AuditEvent.objects.filter(org=acme.org, kind="inbox_token_revoke").exists()
    client_as(globex.users["admin"]).post(reverse("inbox:tokens"), {"name": "theirs"})
    theirs = WebhookToken.objects.get(org=globex.org)
    assert client_as(acme.users["admin"]).post(reverse("inbox:token_revoke", args=[theirs.pk])).status_code == 404

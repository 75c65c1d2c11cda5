"""The API tokens page: a token is shown once and stored only as its SHA-256, with the chosen scopes;
revoking works only on one's own tokens; every role may hold tokens; forms need CSRF."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from web_support import ROLES, sign_in

from socialguard.api.models import ApiToken
from socialguard.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_making_a_token_shows_it_once_and_stores_its_digest(acme, client_as):
    client = client_as(acme.users["employee"])
    response = client.post(reverse("api_tokens:list"), {"name": "CI bot", "scopes": ["check", "drafts"]})
    token = re.search(r"<code>(sga_[\w-]+)</code>", response.content.decode()).group(1)
    row = ApiToken.objects.get()
    assert row.digest == hashlib.sha256(token.encode()).hexdigest() and row.scopes == ["check", "drafts"]
    assert token not in str(ApiToken.objects.values().get())
    assert token not in client.get(reverse("api_tokens:list")).content.decode()
    event = AuditEvent.objects.get(org=acme.org, kind="api_token_create")
    assert event.data == {"name": "CI bot", "hint": token[:10], "scopes": ["check", "drafts"]}


@pytest.mark.parametrize("data", [{"name": "x", "scopes": []}, {"name": "x", "scopes": ["admin"]},
                                  {"name": "", "scopes": ["check"]}])
def test_a_token_needs_a_name_and_known_scopes(acme, client_as, data):
    response = client_as(acme.users["employee"]).post(reverse("api_tokens:list"), data)
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_revoking_ones_own_token_but_not_someone_elses(acme, client_as):
    from socialguard.api.tokens import make_token

    mine, _ = make_token(acme.membership("employee"), "mine", ["check"])
    theirs, _ = make_token(acme.membership("admin"), "theirs", ["check"])
    client = client_as(acme.users["employee"])
    assert client.post(reverse("api_tokens:revoke", args=[theirs.pk])).status_code == 404
    client.post(reverse("api_tokens:revoke", args=[mine.pk]))
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert AuditEvent.objects.filter(org=acme.org, kind="api_token_revoke").count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_hold_tokens(acme, client_as, role):
    assert client_as(acme.users[role]).get(reverse("api_tokens:list")).status_code == 200


def test_making_a_token_without_csrf_is_refused(acme):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, acme.users["employee"])
    response = client.post(reverse("api_tokens:list"), {"name": "x", "scopes": ["check"]})
    assert response.status_code == 403 and not ApiToken.objects.exists()

"""Drafts through the API: create (and submit), read, submit; the state follows the verdict as on the pages;
only with the drafts scope; own posts only (or the queue permission); other organisations' posts are 404."""

from __future__ import annotations

import pytest
from api_support import call, token_for
from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT, ROLES

from socialguard.audit.models import AuditEvent
from socialguard.workflow.models import PostDraft

pytestmark = pytest.mark.django_db


def test_create_draft_without_submitting_keeps_a_checked_draft(acme, client):
    response = call(client, "post", "/api/drafts", token_for(acme, "employee", ["drafts"]),
                    {"text": REVIEW_TEXT, "platform": "linkedin"})
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["outcome"], body["platform"], body["author"]) == \
        ("draft", "needs_approval", "linkedin", "acme-employee")
    assert body["findings"][0]["rule"] == "pii-contact" and body["policy_version"] == 1
    assert body["url"] == f"/posts/{body['id']}/"


@pytest.mark.parametrize("text, state", [(OK_TEXT, "approved"), (REVIEW_TEXT, "pending"), (BLOCK_TEXT, "draft")])
def test_create_and_submit_follows_the_verdict(acme, client, text, state):
    body = call(client, "post", "/api/drafts", token_for(acme, "employee"), {"text": text, "submit": True}).json()
    assert body["state"] == state
    kinds = set(AuditEvent.objects.filter(org=acme.org).values_list("kind", flat=True))
    assert {"submit", "api_call"} <= kinds
    event = AuditEvent.objects.get(org=acme.org, kind="api_call")
    assert event.data["endpoint"] == "drafts.create" and event.data["token"] == "employee script"
    assert event.actor == "acme-employee" and event.object_id == str(body["id"])


def test_brand_post_takes_the_platform_of_the_policy_account(acme, client):
    body = call(client, "post", "/api/drafts", token_for(acme, "comms_lead"),
                {"text": OK_TEXT, "account": "brand", "account_handle": "@ACME", "platform": "tiktok"}).json()
    assert (body["account"], body["account_handle"], body["platform"]) == ("brand", "@acme", "x")


def test_an_unknown_brand_account_is_404_and_an_unknown_platform_422(acme, client):
    token = token_for(acme, "comms_lead")
    response = call(client, "post", "/api/drafts", token, {"text": OK_TEXT, "account": "brand",
                                                           "account_handle": "@someone"})
    assert response.status_code == 404  # like an id: the organisation has no such account
    assert response.json()["error"] == "account_handle: not a brand account of the policy (known: @acme, acme)"
    assert call(client, "post", "/api/drafts", token, {"text": OK_TEXT, "platform": "myspace"}).status_code == 422
    assert PostDraft.objects.count() == 0


def test_empty_or_oversized_text_is_422(acme, client):
    token = token_for(acme, "employee")
    assert call(client, "post", "/api/drafts", token, {"text": ""}).status_code == 422
    response = call(client, "post", "/api/drafts", token, {"text": "x" * 10_001})
    assert response.status_code == 422 and "at most 10000 characters" in response.json()["error"]


def test_submit_an_existing_draft_and_again_is_409(acme, client):
    token = token_for(acme, "employee")
    draft = call(client, "post", "/api/drafts", token, {"text": REVIEW_TEXT}).json()
    submitted = call(client, "post", f"/api/drafts/{draft['id']}/submit", token)
    assert submitted.status_code == 200 and submitted.json()["state"] == "pending"
    again = call(client, "post", f"/api/drafts/{draft['id']}/submit", token)
    assert again.status_code == 409
    assert again.json() == {"error": "A post that is Pending approval cannot be submitted."}


def test_only_the_author_submits_and_others_get_404(acme, client):
    draft = call(client, "post", "/api/drafts", token_for(acme, "employee"), {"text": OK_TEXT}).json()
    response = call(client, "post", f"/api/drafts/{draft['id']}/submit", token_for(acme, "admin"))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_reading_someone_elses_post_needs_the_queue_permission(acme, client, role):
    from socialguard.orgs.roles import PERMISSIONS

    draft = call(client, "post", "/api/drafts", token_for(acme, "customer_service"), {"text": OK_TEXT}).json()
    response = call(client, "get", f"/api/drafts/{draft['id']}", token_for(acme, role, ["drafts"]))
    if role == "customer_service":
        assert response.status_code == 200
    else:
        assert response.status_code == (200 if "view_queue" in PERMISSIONS[role] else 404)


def test_another_organisations_post_is_404(acme, globex, client):
    draft = call(client, "post", "/api/drafts", token_for(globex, "employee"), {"text": OK_TEXT}).json()
    token = token_for(acme, "admin")
    assert call(client, "get", f"/api/drafts/{draft['id']}", token).status_code == 404
    assert call(client, "post", f"/api/drafts/{draft['id']}/submit", token).status_code == 404


@pytest.mark.parametrize("scopes", [["check"], ["approvals", "mentions"]])
def test_drafts_need_the_drafts_scope(acme, client, scopes):
    token = token_for(acme, "employee", scopes)
    response = call(client, "post", "/api/drafts", token, {"text": OK_TEXT})
    assert response.status_code == 403 and "'drafts' scope" in response.json()["error"]
    assert PostDraft.objects.count() == 0


@pytest.mark.parametrize("field, value", [("submit", 0), ("submit", "yes"), ("scheduled_at", 0), ("platform", "myspace"),
                                          ("scheduled_at", "2026-05-01T10:00:00"),
                                          ("scheduled_at", "0001-01-01T00:00:00+14:00"),
                                          ("scheduled_at", "9999-12-31T23:59:59-23:59")])
def test_values_of_the_wrong_type_are_422_as_the_schema_says(acme, client, field, value):
    response = call(client, "post", "/api/drafts", token_for(acme, "employee"), {"text": OK_TEXT, field: value})
    assert response.status_code == 422
    assert response.json()["error"].startswith(f"body.{field}: ")
    assert PostDraft.objects.count() == 0


@pytest.mark.parametrize("path", ["/api/drafts/abc", "/api/drafts/-1", "/api/drafts/0", "/api/drafts/1.5/submit",
                                  "/api/drafts/99999999999999999999"])
def test_ids_that_are_not_positive_integers_get_a_json_422(acme, client, path):
    method = "post" if path.endswith("submit") else "get"
    response = call(client, method, path, token_for(acme, "employee"))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["error"].startswith("path.post_id: ")


def test_a_nul_character_is_a_422_naming_the_field_not_a_database_error(acme, client):
    """PostgreSQL cannot store NUL; the schema says so (a pattern) and the API refuses it before the database."""
    response = call(client, "post", "/api/drafts", token_for(acme, "employee"), {"text": "a\u0000b"})
    assert response.status_code == 422
    assert response.json()["error"] == "body.text: must not contain the NUL character (\\u0000)"
    assert PostDraft.objects.count() == 0

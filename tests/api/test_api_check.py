"""POST /api/check: the verdict as `socialguard check --format json` gives it, under the org's current policy,
with the token owner's role; scopes, roles, bad tokens and bad input give clear JSON errors."""

from __future__ import annotations

import json

import pytest
from api_support import call, token_for
from typer.testing import CliRunner
from web_support import BLOCK_TEXT, OK_TEXT, REVIEW_TEXT, ROLES, TEST_POLICY, WARN_TEXT

from socialguard.audit.models import AuditEvent
from socialguard.cli import app

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text, outcome", [(OK_TEXT, "ok"), (WARN_TEXT, "ok_with_warnings"),
                                           (REVIEW_TEXT, "needs_approval"), (BLOCK_TEXT, "blocked")])
def test_check_gives_the_verdict_of_the_org_policy(acme, client, text, outcome):
    response = call(client, "post", "/api/check", token_for(acme, "employee", ["check"]), {"text": text})
    assert response.status_code == 200
    assert response.json()["verdict"] == outcome


def test_check_result_has_the_shape_and_content_of_the_cli_json_record(acme, client, tmp_path):
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(TEST_POLICY, encoding="utf-8")
    text = "Klient zgłosił się dziś rano: jego PESEL to 44051401359, a mail jan.kowalski@gmail.com. Proszę o kontakt."
    cli = CliRunner().invoke(app, ["check", text, "--policy", str(policy_file), "--format", "json",
                                   "--role", "employee"])
    cli_record = json.loads(cli.stdout)[0]
    api_record = call(client, "post", "/api/check", token_for(acme, "employee"), {"id": 7, "text": text}).json()
    assert list(api_record) == list(cli_record)
    assert {**api_record, "id": None} == {**cli_record, "id": None}
    assert api_record["id"] == 7 and api_record["lang"] == "pl"
    assert [f["rule"] for f in api_record["findings"]] == ["pii-ids", "pii-contact"]
    assert api_record["findings"][0]["clause"] == {"id": "personal-data", "number": "4.1", "title": "Dane osobowe"}


def test_check_is_allowed_for_every_role_with_the_check_scope(acme, client):
    for role in ROLES:
        response = call(client, "post", "/api/check", token_for(acme, role, ["check"]), {"text": OK_TEXT})
        assert response.status_code == 200


@pytest.mark.parametrize("scopes", [["drafts"], ["approvals"], ["mentions"], ["drafts", "approvals", "mentions"]])
def test_check_needs_the_check_scope(acme, client, scopes):
    response = call(client, "post", "/api/check", token_for(acme, "admin", scopes), {"text": OK_TEXT})
    assert response.status_code == 403
    assert response.json() == {"error": "this token lacks the 'check' scope"}


@pytest.mark.parametrize("header", [None, "Bearer sga_wrong", "Bearer ", "Token abc", "Bearer sgw_webhooktoken"])
def test_missing_or_bad_token_is_401_json(acme, client, header):
    headers = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.post("/api/check", data=json.dumps({"text": OK_TEXT}), content_type="application/json",
                           **headers)
    assert response.status_code == 401
    assert response.json()["error"].startswith("a valid API token is required")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_and_removed_member_no_longer_work(acme, client):
    from socialguard.api.models import ApiToken
    from socialguard.api.tokens import revoke

    token = token_for(acme, "employee", ["check"])
    revoke(ApiToken.objects.get(membership=acme.membership("employee")), acme.users["employee"])
    assert call(client, "post", "/api/check", token, {"text": OK_TEXT}).status_code == 401
    other = token_for(acme, "approver", ["check"])
    acme.membership("approver").delete()
    assert call(client, "post", "/api/check", other, {"text": OK_TEXT}).status_code == 401


def test_deactivated_user_token_is_refused(acme, client):
    token = token_for(acme, "employee", ["check"])
    acme.users["employee"].is_active = False
    acme.users["employee"].save()
    assert call(client, "post", "/api/check", token, {"text": OK_TEXT}).status_code == 401


def test_oversized_post_is_a_clear_422(acme, client):
    response = call(client, "post", "/api/check", token_for(acme, "employee"), {"text": "a" * 10_001})
    assert response.status_code == 422
    assert response.json()["error"] == "body.text: String should have at most 10000 characters"


def test_body_over_the_server_limit_is_413(acme, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = call(client, "post", "/api/check", token_for(acme, "employee"), {"text": "a" * 2000})
    assert response.status_code == 413
    assert "larger than the server accepts" in response.json()["error"]


@pytest.mark.parametrize("body, field", [
    ({}, "text"), ({"text": 5}, "text"), ({"text": "hi", "account": "company"}, "account"),
    ({"text": "hi", "role": "spokesperson"}, "role"), ({"text": "hi", "author": "CEO"}, "author"),
])
def test_bad_fields_name_the_field(acme, client, body, field):
    response = call(client, "post", "/api/check", token_for(acme, "employee"), body)
    assert response.status_code == 422
    assert f".{field}:" in response.json()["error"]


def test_body_that_is_not_json_is_a_400_json_error(acme, client):
    response = call(client, "post", "/api/check", token_for(acme, "employee"), "{not json")
    assert response.status_code == 400
    assert response.json() == {"error": "the body is invalid JSON (Expecting property name enclosed in double quotes, "
                                         "column 2)"}


def test_the_check_uses_the_token_owners_organisation(acme, globex, client):
    from socialguard.orgs.policies import save_policy

    save_policy(globex.org, TEST_POLICY.replace("severity: block", "severity: warn"))
    assert call(client, "post", "/api/check", token_for(acme, "employee"), {"text": BLOCK_TEXT}).json()["verdict"] \
        == "blocked"
    assert call(client, "post", "/api/check", token_for(globex, "employee"), {"text": BLOCK_TEXT}).json()["verdict"] \
        == "ok_with_warnings"


def test_checking_records_no_audit_event_but_making_a_token_does(acme, client):
    token = token_for(acme, "employee", ["check"])
    call(client, "post", "/api/check", token, {"text": BLOCK_TEXT})
    assert list(AuditEvent.objects.filter(org=acme.org).values_list("kind", flat=True)) == ["api_token_create"]


def test_a_newly_saved_policy_version_is_used_by_the_next_check(acme, client):
    from socialguard.orgs.policies import save_policy

    token = token_for(acme, "employee", ["check"])
    first = call(client, "post", "/api/check", token, {"text": BLOCK_TEXT}).json()  # the policy is now cached
    assert first["verdict"] == "blocked" and first["policy_version"] == "test-1"
    relaxed = TEST_POLICY.replace('version: "test-1"', 'version: "test-2"').replace(
        "params: {entities: [PESEL]}, severity: block", "params: {entities: [PESEL]}, severity: block, enabled: false")
    save_policy(acme.org, relaxed, acme.users["admin"])
    second = call(client, "post", "/api/check", token, {"text": BLOCK_TEXT}).json()
    assert second["policy_version"] == "test-2"
    assert "pii-ids" in [f["rule"] for f in first["findings"]]
    assert "pii-ids" not in [f["rule"] for f in second["findings"]]

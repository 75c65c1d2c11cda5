"""Security pages: who may read and edit the registry, organisation isolation, the audit page, the password
check (page and API, never stored or logged), and incidents from start to report, all in the audit log."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import connection
from django.urls import reverse

from socialguard.audit.models import AuditEvent
from socialguard.orgs.roles import PERMISSIONS
from socialguard.security.models import BrandAccountEntry, IncidentRecord

ROLES = ("admin", "comms_lead", "approver", "compliance", "customer_service", "employee")
SECRET = "Sloneczko-Kwietniowe-Mazury-4412"
ACCOUNT = {
    "platform": "instagram", "handle": "@acme", "url": "", "owner": "Anna Nowak",
    "access_text": "Anna Nowak (own_login)\nJan Kowalski (shared_credential, left)",
    "two_factor": "sms", "last_rotation": "2020-01-01",
    "recovery_email": "anna.nowak@gmail.com", "recovery_email_owner": "person",
    "recovery_phone": "", "recovery_phone_owner": "",
}

READ_PAGES = [
    ("security:registry", ()), ("security:registry_export", ()), ("security:audit", ()), ("security:incidents", ()),
]


def entry(org, handle="@acme", **changes):
    values = dict(platform="instagram", handle=handle, owner="Anna",
                  access=[{"holder": "Anna", "kind": "person", "method": "own_login", "status": "active"}],
                  two_factor="app")
    return BrandAccountEntry.objects.create(org=org, **{**values, **changes})


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, args", READ_PAGES)
def test_reading_needs_the_view_security_permission(acme, client_as, role, name, args):
    response = client_as(acme.users[role]).get(reverse(name, args=args))
    assert response.status_code == (200 if "view_security" in PERMISSIONS[role] else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_security_roles_edit_the_registry(acme, client_as, role):
    client = client_as(acme.users[role])
    allowed = "manage_security" in PERMISSIONS[role]
    assert client.get(reverse("security:account_new")).status_code == (200 if allowed else 403)
    response = client.post(reverse("security:account_new"), ACCOUNT)
    assert response.status_code == (302 if allowed else 403)
    assert BrandAccountEntry.objects.filter(org=acme.org).exists() == allowed
    if not allowed:
        existing = entry(acme.org, "@other")
        assert client.post(reverse("security:account_delete", args=[existing.pk])).status_code == 403
        assert client.post(reverse("security:account_edit", args=[existing.pk]), ACCOUNT).status_code == 403
        assert BrandAccountEntry.objects.get(pk=existing.pk).handle == "@other"


@pytest.mark.django_db
def test_registry_page_shows_edit_controls_only_to_editors(acme, client_as):
    entry(acme.org)
    assert "Add an account" in client_as(acme.users["admin"]).get(reverse("security:registry")).content.decode()
    read_only = client_as(acme.users["compliance"]).get(reverse("security:registry")).content.decode()
    assert "@acme" in read_only and "Add an account" not in read_only and "Import" not in read_only


@pytest.mark.django_db
def test_adding_an_account_is_validated_and_recorded(acme, client_as):
    client = client_as(acme.users["admin"])
    bad = client.post(reverse("security:account_new"), {**ACCOUNT, "access_text": "Jan (foo)"})
    assert bad.status_code == 400 and "not understood" in bad.content.decode()
    no_owner = client.post(reverse("security:account_new"), {**ACCOUNT, "recovery_email_owner": ""})
    assert no_owner.status_code == 400 and "company or person" in no_owner.content.decode()
    assert client.post(reverse("security:account_new"), ACCOUNT).status_code == 302
    saved = BrandAccountEntry.objects.get(org=acme.org)
    assert saved.to_account().access[1].status == "left"
    duplicate = client.post(reverse("security:account_new"), {**ACCOUNT, "handle": "@ACME"})
    assert duplicate.status_code == 400 and "already in the registry" in duplicate.content.decode()
    event = AuditEvent.objects.filter(org=acme.org, kind="security_account_add").get()
    assert event.actor == "acme-admin" and event.data["holders"] == ["Anna Nowak", "Jan Kowalski"]


@pytest.mark.django_db
def test_organisations_are_isolated(acme, globex, client_as):
    theirs = entry(globex.org, "@globex")
    client = client_as(acme.users["admin"])
    assert "@globex" not in client.get(reverse("security:registry")).content.decode()
    assert "@globex" not in client.get(reverse("security:registry_export")).content.decode()
    assert client.get(reverse("security:account_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("security:account_delete", args=[theirs.pk])).status_code == 404
    assert BrandAccountEntry.objects.filter(pk=theirs.pk).exists()
    other_incident = client_as(globex.users["admin"]).post(
        reverse("security:incident_start"), {"runbook": "data-leak", "title": "Globex leak"})
    pk = IncidentRecord.objects.get(org=globex.org).pk
    assert other_incident.status_code == 302
    client = client_as(acme.users["admin"])
    assert client.get(reverse("security:incident", args=[pk])).status_code == 404
    assert client.post(reverse("security:incident_close", args=[pk]), {"summary": "x"}).status_code == 404
    assert "Globex crisis" not in client.get(reverse("security:incidents")).content.decode()


@pytest.mark.django_db
def test_import_and_export_round_trip(acme, client_as, tmp_path):
    client = client_as(acme.users["admin"])
    csv_text = ("platform,handle,owner,access,two_factor\n"
                'x,@acme,Anna,"Anna (own_login); Buffer (tool, api_token)",hardware_key\n')
    upload = tmp_path / "accounts.csv"
    upload.write_text(csv_text, encoding="utf-8")
    with upload.open("rb") as handle:
        assert client.post(reverse("security:registry_import"), {"file": handle}).status_code == 302
    exported = client.get(reverse("security:registry_export")).content.decode()
    assert 'x,@acme,,Anna,"Anna (own_login); Buffer (tool, api_token)",hardware_key' in exported
    assert AuditEvent.objects.filter(org=acme.org, kind="security_registry_import").get().data["added"] == 1


@pytest.mark.django_db
def test_a_bad_import_changes_nothing_and_lists_every_problem(acme, client_as, tmp_path):
    client = client_as(acme.users["admin"])
    upload = tmp_path / "bad.csv"
    upload.write_text("platform,handle,two_factor,password\nx,@acme,fido,hunter2\n", encoding="utf-8")
    with upload.open("rb") as handle:
        response = client.post(reverse("security:registry_import"), {"file": handle})
    assert response.status_code == 400
    assert "never stores passwords" in response.content.decode()
    assert "hunter2" not in response.content.decode()
    assert not BrandAccountEntry.objects.filter(org=acme.org).exists()


@pytest.mark.django_db
def test_audit_page_lists_findings_and_socialguard_users_without_a_second_factor(acme, client_as):
    entry(acme.org, two_factor="none")
    page = client_as(acme.users["admin"]).get(reverse("security:audit")).content.decode()
    assert 'data-kind="two_factor_missing"' in page
    assert 'data-kind="user_without_2fa"' in page and "acme-comms_lead (comms_lead)" in page
    assert "acme-admin (admin)" not in page  # signed in with a second factor


@pytest.mark.django_db
def test_audit_page_follows_offboarding(acme, client_as):
    account = entry(acme.org, access=[
        {"holder": "Anna", "kind": "person", "method": "own_login", "status": "active"},
        {"holder": "Jan", "kind": "person", "method": "shared_credential", "status": "left"},
    ])
    client = client_as(acme.users["admin"])
    assert 'data-kind="access_left"' in client.get(reverse("security:audit")).content.decode()
    form = {**ACCOUNT, "handle": account.handle, "access_text": "Anna (own_login)", "two_factor": "app",
            "recovery_email_owner": "company", "last_rotation": ""}
    assert client.post(reverse("security:account_edit", args=[account.pk]), form).status_code == 302
    assert 'data-kind="access_left"' not in client.get(reverse("security:audit")).content.decode()


@pytest.mark.django_db
def test_password_check_page_and_api_never_store_or_log_the_password(acme, client_as, caplog):
    client = client_as(acme.users["employee"])
    with caplog.at_level(logging.DEBUG):
        page = client.post(reverse("security:password"), {"password": SECRET})
        api = client.post(reverse("security:password_api"), {"password": "haslo123"})
        as_json = client.post(reverse("security:password_api"), json.dumps({"password": SECRET}),
                              content_type="application/json")
    assert page.status_code == 200 and "Strong enough" in page.content.decode()
    assert SECRET not in page.content.decode()
    assert api.status_code == 200 and api.json()["acceptable"] is False and api.json()["score"] <= 1
    assert as_json.json()["acceptable"] is True
    assert "no-store" in api["Cache-Control"]
    assert SECRET not in caplog.text and "haslo123" not in caplog.text
    assert not AuditEvent.objects.filter(data__icontains="haslo123").exists()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            assert not any(SECRET in str(row) or "haslo123" in str(row) for row in cursor.fetchall()), table


@pytest.mark.django_db
def test_password_api_is_post_only_and_csrf_protected(acme, client_as):
    from django.test import Client

    client = client_as(acme.users["employee"])
    assert client.get(reverse("security:password_api")).status_code == 405
    assert client.post(reverse("security:password_api"), {}).status_code == 400
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(acme.users["employee"])
    assert strict.post(reverse("security:password_api"), {"password": "x"}).status_code == 403


@pytest.mark.django_db
def test_incident_from_start_to_report(acme, client_as):
    client = client_as(acme.users["comms_lead"])
    response = client.post(reverse("security:incident_start"),
                           {"runbook": "account-compromise", "title": "Instagram przejęty"})
    row = IncidentRecord.objects.get(org=acme.org)
    assert response["Location"] == reverse("security:incident", args=[row.pk])
    step_url = reverse("security:incident_step", args=[row.pk])
    client.post(step_url, {"step": "evidence", "outcome": "complete", "note": "screenshots saved"})
    client.post(step_url, {"step": "holding-statement", "outcome": "skip", "note": ""})  # a skip needs a reason
    assert row.__class__.objects.get(pk=row.pk).incident.step("holding-statement").status == "pending"
    client.post(step_url, {"step": "holding-statement", "outcome": "skip", "note": "followers not affected"})
    client.post(reverse("security:incident_personal_data", args=[row.pk]), {"note": "DMs read"})
    early = client.post(reverse("security:incident_close", args=[row.pk]), {"summary": "too early"})
    assert early.status_code == 302 and IncidentRecord.objects.get(pk=row.pk).closed_at is None
    assert client.get(reverse("security:incident_report", args=[row.pk, "html"]))["Location"].endswith(f"/{row.pk}/")
    for step in IncidentRecord.objects.get(pk=row.pk).incident.pending:
        client.post(step_url, {"step": step.id, "outcome": "complete", "note": ""})
    client.post(reverse("security:incident_close", args=[row.pk]), {"summary": "Phishing DM; keys for everyone."})
    row.refresh_from_db()
    assert row.closed_at is not None and row.incident.closed_by == "acme-comms_lead"
    html = client.get(reverse("security:incident_report", args=[row.pk, "html"]))
    assert "Incident report: Instagram przejęty" in html.content.decode()
    pdf = client.get(reverse("security:incident_report", args=[row.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    kinds = list(AuditEvent.objects.filter(org=acme.org, kind__startswith="incident_").values_list("kind", flat=True))
    assert kinds[:4] == ["incident_start", "incident_done", "incident_skipped", "incident_personal_data"]
    assert kinds[-1] == "incident_closed"
    assert client.get(reverse("security:incident_report", args=[row.pk, "exe"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_incident_roles_start_and_change_incidents(acme, client_as, role):
    client = client_as(acme.users[role])
    response = client.post(reverse("security:incident_start"), {"runbook": "data-leak", "title": "Leak"})
    allowed = "run_incidents" in PERMISSIONS[role]
    assert response.status_code == (302 if allowed else 403)
    assert IncidentRecord.objects.filter(org=acme.org).exists() == allowed


@pytest.mark.django_db
def test_an_alert_can_start_an_incident_without_a_user(acme):
    from socialguard.security.services import start_incident

    row = start_incident(acme.org, "pr-crisis", "Spike of negative mentions", source="crisis_alert")
    assert row.incident.started_by == "system" and row.source == "crisis_alert"
    assert AuditEvent.objects.filter(org=acme.org, kind="incident_start", actor="system").exists()


@pytest.mark.django_db
def test_password_api_refuses_deeply_nested_json_with_400(acme, client_as):
    client = client_as(acme.users["employee"])
    deep = '{"password": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post(reverse("security:password_api"), deep, content_type="application/json")
    assert response.status_code == 400 and "password" in response.json()["error"]


@pytest.mark.django_db
def test_the_policy_brand_accounts_are_offered_and_imported_once_without_touching_listed_ones(acme, client_as):
    listed = entry(acme.org, "@acme", platform="x")  # the policy's x @acme, already described in the registry
    client = client_as(acme.users["admin"])
    page = client.get(reverse("security:registry")).content.decode()
    offer = page.split('id="policy-accounts"')[1].split("</div>")[0]
    assert "1 brand account that is not in the registry" in offer and "linkedin acme" in offer and "@acme" not in offer
    assert client.post(reverse("security:registry_import_policy")).status_code == 302
    assert sorted(BrandAccountEntry.objects.filter(org=acme.org).values_list("platform", "handle")) == [
        ("linkedin", "acme"), ("x", "@acme")]
    assert BrandAccountEntry.objects.get(pk=listed.pk).to_account() == listed.to_account()
    assert 'id="policy-accounts"' not in client.get(reverse("security:registry")).content.decode()
    assert client.post(reverse("security:registry_import_policy")).status_code == 302  # nothing left: adds none
    assert BrandAccountEntry.objects.filter(org=acme.org).count() == 2
    events = AuditEvent.objects.filter(org=acme.org, kind="security_registry_import").order_by("seq")
    assert [(e.data["file"], e.data["added"]) for e in events] == [("policy", 1), ("policy", 0)]


@pytest.mark.django_db
def test_readers_see_the_offer_without_the_button(acme, client_as):
    page = client_as(acme.users["compliance"]).get(reverse("security:registry")).content.decode()
    assert "2 brand accounts that are not in the registry" in page
    assert reverse("security:registry_import_policy") not in page

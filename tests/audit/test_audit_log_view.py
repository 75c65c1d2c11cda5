"""The audit log page (compliance, admin), its chain check and its CSV/JSON download."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from socialguard.audit.chain import record


@pytest.mark.django_db
def test_log_shows_only_this_organisations_events(acme, globex, client_as):
    record(acme.org, "submit", actor="acme-employee")
    record(globex.org, "submit", actor="globex-employee")
    page = client_as(acme.users["compliance"]).get(reverse("audit:log")).content.decode()
    assert "acme-employee" in page and "globex-employee" not in page


@pytest.mark.django_db
def test_log_filters_by_kind_and_verifies_the_chain(acme, client_as):
    record(acme.org, "submit", actor="a")
    record(acme.org, "approval", actor="b")
    client = client_as(acme.users["admin"])
    page = client.get(reverse("audit:log"), {"kind": "approval", "verify": "1"}).content.decode()
    assert 'kind-approval' in page and 'kind-submit' not in page
    assert "The chain is intact" in page


@pytest.mark.django_db
def test_download_json_for_a_date_range(acme, globex, client_as):
    record(acme.org, "submit", actor="a", data={"n": 1})
    record(globex.org, "submit", actor="g")
    response = client_as(acme.users["compliance"]).get(reverse("audit:export"), {"format": "json"})
    assert response["Content-Disposition"].startswith('attachment; filename="audit-acme-')
    rows = json.loads(b"".join(response.streaming_content))
    assert {r["org"] for r in rows} == {"acme"}  # the sign-in of the test client is there too
    assert [r["data"] for r in rows if r["kind"] == "submit"] == [{"n": 1}]


@pytest.mark.django_db
def test_download_csv(acme, client_as):
    record(acme.org, "submit", actor="a")
    response = client_as(acme.users["admin"]).get(reverse("audit:export"), {"format": "csv", "from": "2000-01-01"})
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0] == "org,seq,at,actor,kind,object_type,object_id,data,prev_hash,hash"


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"format": "xml"}, {"from": "last week"}])
def test_download_bad_input(acme, client_as, params):
    response = client_as(acme.users["admin"]).get(reverse("audit:export"), params)
    assert response.status_code == 400

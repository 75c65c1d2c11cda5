"""The policy document pages: the current version in the reader's language (or ?lang=), any version, the PDF,
the versions list and what changed between versions; every member may read, another org's version is 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import ROLES, TEST_POLICY

from socialguard.orgs.models import Profile
from socialguard.orgs.policies import save_policy

pytestmark = pytest.mark.django_db
STRICTER = TEST_POLICY.replace('version: "test-1"', 'version: "test-2"').replace(
    "severity: warn, clause: personal-data", "severity: review, clause: personal-data")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_policy(acme, client_as, role):
    client = client_as(acme.users[role])
    for name, args in [("policy_pages:document", ()), ("policy_pages:versions", ()),
                       ("policy_pages:version", (1,)), ("policy_pages:changes", (1,))]:
        assert client.get(reverse(name, args=args)).status_code == 200


def test_document_is_rendered_in_the_readers_language(acme, client_as):
    client = client_as(acme.users["employee"])
    english = client.get(reverse("policy_pages:document")).content.decode()
    assert "Test organisation" in english and "4.1 Personal data" in english
    Profile.objects.update_or_create(user=acme.users["employee"], defaults={"language": "pl"})
    polish = client.get(reverse("policy_pages:document")).content.decode()
    assert "4.1 Dane osobowe" in polish
    assert "4.1 Personal data" in client.get(reverse("policy_pages:document") + "?lang=en").content.decode()


def test_pdf_download(acme, client_as):
    response = client_as(acme.users["employee"]).get(reverse("policy_pages:pdf", args=[1]) + "?lang=pl")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and 'policy-acme-v1-pl.pdf' in response["Content-Disposition"]


def test_changes_between_versions(acme, client_as):
    save_policy(acme.org, STRICTER)
    page = client_as(acme.users["employee"]).get(reverse("policy_pages:changes", args=[2])).content.decode()
    assert "Changes from version 1 to version 2" in page
    assert "pii-business" in page and "severity raised: warn -&gt; review" in page
    assert "Everyone is asked to acknowledge this version again." in page


def test_another_organisations_version_is_404(acme, globex, client_as):
    save_policy(globex.org, STRICTER)
    client = client_as(acme.users["admin"])
    assert client.get(reverse("policy_pages:version", args=[2])).status_code == 404
    assert client.get(reverse("policy_pages:pdf", args=[2])).status_code == 404
    assert client.get(reverse("policy_pages:changes", args=[2])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("policy_pages:document"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("signin:login"))

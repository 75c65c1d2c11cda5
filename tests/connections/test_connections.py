"""Connecting brand accounts for publishing, through the web app against the real peers (mastodon-mock, the
AT Protocol reference servers): the credential is verified and the handle recorded, the database holds no
plaintext, the page never shows it back, keys rotate without downtime, revoking forgets it, and only an admin
or the account's owner role manages a connection."""

from __future__ import annotations

import itertools
import logging
import os
import stat

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.db import connection as db
from django.urls import reverse
from typer.testing import CliRunner
from web_support import TEST_POLICY, make_org

from socialguard.audit.models import AuditEvent
from socialguard.cli import app
from socialguard.connections import vault
from socialguard.connections.models import Connection
from socialguard.publishing import CredentialRejected, Post

pytestmark = pytest.mark.django_db
MASTODON_TOKEN = "alice_token"  # mastodon-mock's seeded brand account
POLICY = TEST_POLICY.replace("brand_accounts:\n", "brand_accounts:\n"
                             "  - {platform: mastodon, handle: \"@alice\", owner: customer_service}\n"
                             "  - {platform: bluesky, handle: brand.test, owner: comms_lead}\n", 1)
_orgs = itertools.count()


@pytest.fixture
def org():
    return make_org(f"brandco{next(_orgs)}", POLICY)


def connect(client, **form):
    return client.post(reverse("connections:connect"), form)


def raw_secrets() -> list[str]:
    """The credential column as the database stores it."""
    with db.cursor() as cursor:
        cursor.execute("SELECT secret FROM connections_connection")
        return [row[0] for row in cursor.fetchall()]


def mastodon_form(instance: str, token: str = MASTODON_TOKEN) -> dict:
    return {"account": "mastodon|@alice", "network": "mastodon", "service": instance, "secret": token}


def test_connecting_verifies_the_token_and_records_who_it_really_is(org, client_as, mastodon_mock):
    client = client_as(org.users["admin"])
    response = connect(client, **mastodon_form(mastodon_mock))
    assert response.status_code == 302
    row = Connection.objects.get(org=org.org)
    host = mastodon_mock.split("//")[1]
    assert (row.network, row.handle, row.connected_by) == ("mastodon", f"@alice@{host}", org.users["admin"])

    assert all(MASTODON_TOKEN not in value and value.startswith("gAAAA") for value in raw_secrets())
    page = client.get(reverse("connections:list")).content.decode()
    assert f"connected as @alice@{host}, since" in page and MASTODON_TOKEN not in page
    events = AuditEvent.objects.filter(org=org.org, kind="connection_add")
    assert events.count() == 1 and MASTODON_TOKEN not in str(events.get().data)

    publisher = row.publisher()  # what the scheduler will use
    published = publisher.publish(Post("Connected"), "first")
    assert publisher.fetch(published.remote_id).text == "Connected"


def test_a_refused_token_is_one_line_on_the_form_and_nothing_is_stored(org, client_as, mastodon_mock):
    response = connect(client_as(org.users["admin"]), **mastodon_form(mastodon_mock, "not-a-real-token-1234"))
    page = response.content.decode()
    assert response.status_code == 400 and "the credential was refused" in page
    assert "not-a-real-token-1234" not in page and not Connection.objects.exists()


def test_a_bluesky_app_password_is_verified_on_the_pds(org, client_as, atproto):
    account = atproto.account(f"connbrand{next(_orgs)}.test")
    password = account.app_password()
    client = client_as(org.users["comms_lead"])  # the owner role of the bluesky account in the policy
    response = connect(client, account="bluesky|brand.test", network="bluesky", service=atproto.pds,
                       login=account.did, secret=password)
    assert response.status_code == 302
    row = Connection.objects.get(org=org.org)
    assert row.handle == account.handle  # logged in by DID, recorded as the handle the PDS says it is
    assert password not in raw_secrets()[0]
    assert row.publisher().find("nothing yet") is None


def test_the_key_file_is_outside_the_database_and_readable_by_its_owner_only(org, client_as, mastodon_mock, key_file):
    connect(client_as(org.users["admin"]), **mastodon_form(mastodon_mock))
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    (key,) = key_file.read_text().split()
    assert Fernet(key).decrypt(raw_secrets()[0].encode()).decode() == MASTODON_TOKEN


def test_rotating_the_key_reencrypts_every_credential_and_retires_the_old_key(org, client_as, mastodon_mock, key_file):
    connect(client_as(org.users["admin"]), **mastodon_form(mastodon_mock))
    before, (old_key,) = raw_secrets(), key_file.read_text().split()

    vault.add_key(key_file)  # the first step of a rotation: running servers still read the old ciphertext
    assert Connection.objects.get().publisher().verify().startswith("@alice@")

    result = CliRunner().invoke(app, ["connections", "rotate-key"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted 1 credential(s)" in result.output
    after, (new_key,) = raw_secrets(), key_file.read_text().split()
    assert after != before and new_key != old_key
    assert Fernet(new_key).decrypt(after[0].encode()).decode() == MASTODON_TOKEN
    with pytest.raises(InvalidToken):
        Fernet(old_key).decrypt(after[0].encode())
    assert Connection.objects.get().publisher().verify().startswith("@alice@")


def test_keys_from_the_environment_leave_no_file(org, client_as, mastodon_mock, key_file, monkeypatch):
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("SOCIALGUARD_CREDENTIAL_KEYS", key)
    connect(client_as(org.users["admin"]), **mastodon_form(mastodon_mock))
    assert not key_file.exists()
    assert Fernet(key).decrypt(raw_secrets()[0].encode()).decode() == MASTODON_TOKEN


def test_a_missing_key_is_one_line_naming_where_it_was_looked_for(org, client_as, mastodon_mock, key_file):
    connect(client_as(org.users["admin"]), **mastodon_form(mastodon_mock))
    key_file.write_text(Fernet.generate_key().decode() + "\n")  # the key was lost
    with pytest.raises(vault.VaultError, match=f"cannot be opened with the keys in {key_file}"):
        Connection.objects.get().publisher()
    result = CliRunner().invoke(app, ["connections", "rotate-key"])
    assert result.exit_code == 2 and "cannot be opened" in result.output


def test_revoking_forgets_the_credential_and_keeps_the_record(org, client_as, mastodon_mock):
    client = client_as(org.users["admin"])
    connect(client, **mastodon_form(mastodon_mock))
    row = Connection.objects.get()
    assert client.post(reverse("connections:revoke", args=[row.pk])).status_code == 302
    row.refresh_from_db()
    assert row.secret == "" and row.revoked_at is not None and raw_secrets() == [""]
    with pytest.raises(CredentialRejected, match="revoked"):
        row.publisher()
    assert AuditEvent.objects.filter(org=org.org, kind="connection_revoke").count() == 1
    assert "revoked" in client.get(reverse("connections:list")).content.decode()


def test_only_an_admin_or_the_account_owner_role_manages_it(org, client_as, mastodon_mock):
    owner = client_as(org.users["customer_service"])  # owner of mastodon @alice in the policy
    page = owner.get(reverse("connections:list")).content.decode()
    assert "mastodon @alice" in page and "bluesky brand.test" not in page  # only its own account is offered
    assert connect(owner, **mastodon_form(mastodon_mock)).status_code == 302
    row = Connection.objects.get()

    other_owner = client_as(org.users["comms_lead"])  # owns the bluesky account, not this one
    response = connect(other_owner, **mastodon_form(mastodon_mock))
    assert response.status_code == 400 and Connection.objects.count() == 1
    other_owner.post(reverse("connections:revoke", args=[row.pk]))
    row.refresh_from_db()
    assert row.active

    for role in ("approver", "compliance", "security", "employee"):
        client = client_as(org.users[role])
        assert client.get(reverse("connections:list")).status_code == 403
        assert client.post(reverse("connections:revoke", args=[row.pk])).status_code == 403
    row.refresh_from_db()
    assert row.active


def test_another_organisations_connection_is_not_found(org, globex, client_as, mastodon_mock):
    connect(client_as(org.users["admin"]), **mastodon_form(mastodon_mock))
    row = Connection.objects.get()
    assert client_as(globex.users["admin"]).post(reverse("connections:revoke", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.active


def test_no_log_line_holds_the_credential(org, client_as, mastodon_mock, atproto, caplog):
    """Everything logged while connecting, publishing and failing, down to httpx's and httpcore's debug lines."""
    account = atproto.account(f"connbrand{next(_orgs)}.test")
    password = account.app_password()
    client = client_as(org.users["admin"])
    with caplog.at_level(logging.DEBUG):
        connect(client, **mastodon_form(mastodon_mock))
        connect(client, **mastodon_form(mastodon_mock, "wrong-token-5678"))
        connect(client, account="bluesky|brand.test", network="bluesky", service=atproto.pds,
                login=account.handle, secret=password)
        for row in Connection.objects.all():
            row.publisher().publish(Post("Logged?"), "log-check")
    assert caplog.records and Connection.objects.count() == 2
    for secret in (MASTODON_TOKEN, "wrong-token-5678", password):
        assert secret not in caplog.text

"""Inbox replies going out, against the real peers: a customer mentions the brand, the inbox reads the mention
through the real connector (the AT Protocol reference servers; mastodon-mock), an agent replies, the outbox
sends the reply through the brand account the mention came to, threaded under the customer's post, and only
then is the mention replied. A reply that needs approval goes out only after another member approves it.
Faults shown by the peers themselves (mastodon-mock's fault injection answering 503, an app password revoked
on the PDS) leave the mention not replied with the cause on its page, and a retry sends the reply once."""

from __future__ import annotations

import itertools
import time

import httpx
import pytest
from django.urls import reverse
from inbox_web_support import INBOX_POLICY
from web_support import OK_TEXT, REVIEW_TEXT, make_org

from socialguard.connections import services
from socialguard.inbox.models import Mention, Reply, ReplyState
from socialguard.inbox.sending import progress
from socialguard.inbox.tick import tick_org
from socialguard.outbox.models import DeliveryState
from socialguard.outbox.sending import MAX_ATTEMPTS, Publishers, publish_due
from socialguard.publishing.bluesky import COLLECTION
from socialguard.workflow import actions as workflow

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)
SORRY = "We are sorry about your order; it leaves our warehouse today."


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path, monkeypatch):
    """Credentials of this test are encrypted with keys in its own data folder, not the environment's."""
    monkeypatch.delenv("SOCIALGUARD_CREDENTIAL_KEYS", raising=False)
    settings.CREDENTIAL_KEYS_FILE = tmp_path / "credential-keys"


@pytest.fixture
def publishers():
    opened = Publishers()
    yield opened
    opened.close()


def org_with(account_line: str, listening: str):
    policy = INBOX_POLICY.replace("brand_accounts:\n", f"brand_accounts:\n{account_line}", 1) + listening
    return make_org(f"replies{next(_numbers)}", policy)


def connect(org, platform: str, service: str, login: str, secret: str):
    account = next(a for a in services.brand_accounts(org.org) if a.platform == platform)
    return services.connect(org.membership("admin"), account, platform, service, login, secret)


def heard(org, timeout: float = 30.0) -> Mention:
    """Poll the organisation's sources (the real connectors) until the customer's mention is in the inbox."""
    deadline = time.monotonic() + timeout
    while not Mention.objects.filter(org=org.org).exists():
        assert time.monotonic() < deadline, "the mention never reached the inbox"
        tick_org(org.org)
        time.sleep(0.2)
    return Mention.objects.get(org=org.org)


def reply(client, mention: Mention, text: str) -> Reply:
    client.post(reverse("inbox:reply", args=[mention.pk]), {"text": text})
    return Reply.objects.filter(mention=mention).latest("pk")


def state_of(row: Reply):
    row.refresh_from_db()
    return progress(Reply.objects.select_related("post").get(pk=row.pk))


# --- Bluesky: the AT Protocol reference servers -------------------------------------------------------------

@pytest.fixture
def bluesky(atproto, monkeypatch):
    """An organisation whose brand account on the local PDS is listened to and connected, and a customer."""
    n = next(_numbers)
    brand, customer = atproto.account(f"replybrand{n}.test"), atproto.account(f"replycust{n}.test")
    listening = brand._call("com.atproto.server.createAppPassword", {"name": "listening"})["password"]
    monkeypatch.setenv("SG_TEST_BLUESKY_LISTENING", listening)
    org = org_with(f"  - {{platform: bluesky, handle: {brand.handle}}}\n",
                   f"listening:\n  sources:\n    bluesky:\n      - {{identifier: {brand.handle}, "
                   f"app_password_env: SG_TEST_BLUESKY_LISTENING, service: \"{atproto.pds}\", notifications: true}}\n")
    connection = connect(org, "bluesky", atproto.pds, brand.handle, brand.app_password())
    return org, brand, customer, connection


def thread_replies(brand, uri: str) -> list[dict]:
    """The replies under `uri` as the AppView serves its thread (it indexes asynchronously)."""
    deadline = time.monotonic() + 30
    while True:
        response = httpx.get(f"{brand.network.pds}/xrpc/app.bsky.feed.getPostThread", params={"uri": uri},
                             headers={"Authorization": f"Bearer {brand.token}"})
        response.raise_for_status()
        replies = response.json()["thread"].get("replies") or []
        if replies or time.monotonic() > deadline:
            return replies
        time.sleep(0.1)


def brand_records(atproto, brand) -> list[dict]:
    response = httpx.get(f"{atproto.pds}/xrpc/com.atproto.repo.listRecords",
                         params={"repo": brand.did, "collection": COLLECTION, "limit": 100})
    response.raise_for_status()
    return response.json()["records"]


def test_a_reply_goes_out_under_the_customers_post_and_only_then_is_the_mention_replied(
        bluesky, atproto, client_as, publishers):
    org, brand, customer, connection = bluesky
    asked = customer.post(f"My order never arrived @{brand.handle}", mention=brand)
    customer.wait_indexed(customer.posted)
    mention = heard(org)
    assert (mention.external_id, mention.channel) == (asked["uri"], f"bluesky:@{brand.handle}/mentions")

    client = client_as(org.users["customer_service"])
    row = reply(client, mention, SORRY)
    (delivery,) = row.post.deliveries.all()
    assert (delivery.connection, delivery.reply_to) == (connection, asked["uri"])
    assert state_of(row).state == ReplyState.SENDING
    mention.refresh_from_db()
    assert mention.status == "new"  # approved and scheduled, not yet accepted by the network
    assert 'data-state="sending"' in client.get(reverse("inbox:detail", args=[mention.pk])).content.decode()

    assert publish_due(publishers=publishers, threads=1) == 1
    delivery.refresh_from_db()
    mention.refresh_from_db()
    assert delivery.state == DeliveryState.SENT and mention.status == "replied"
    assert state_of(row).state == ReplyState.REPLIED
    assert mention.events.filter(kind="status", after="replied", actor="system").exists()

    (answer,) = thread_replies(brand, asked["uri"])
    assert answer["post"]["uri"] == delivery.remote_id and answer["post"]["author"]["did"] == brand.did
    assert answer["post"]["record"]["text"] == SORRY
    assert answer["post"]["record"]["reply"]["parent"]["uri"] == asked["uri"]
    assert publish_due(publishers=publishers, threads=1) == 0 and len(brand_records(atproto, brand)) == 1
    page = client.get(reverse("inbox:detail", args=[mention.pk])).content.decode()
    assert 'data-state="replied"' in page and delivery.url in page


def test_a_revoked_app_password_leaves_the_mention_unreplied_until_the_account_is_reconnected(
        bluesky, atproto, client_as, publishers):
    org, brand, customer, connection = bluesky
    httpx.post(f"{atproto.pds}/xrpc/com.atproto.server.revokeAppPassword", json={"name": "socialguard"},
               headers={"Authorization": f"Bearer {brand.token}"}).raise_for_status()
    customer.post(f"Still waiting for my refund @{brand.handle}", mention=brand)
    customer.wait_indexed(customer.posted)
    mention = heard(org)
    client = client_as(org.users["customer_service"])
    row = reply(client, mention, SORRY)

    assert publish_due(publishers=publishers, threads=1) == 0
    failed = state_of(row)
    assert failed.state == ReplyState.FAILED and "reconnect the account" in failed.cause
    mention.refresh_from_db()
    assert mention.status == "new" and brand_records(atproto, brand) == []
    page = client.get(reverse("inbox:detail", args=[mention.pk])).content.decode()
    assert "Failed: " in page and reverse("inbox:reply_retry", args=[mention.pk, row.pk]) in page

    services.revoke(org.membership("admin"), connection)
    password = brand._call("com.atproto.server.createAppPassword", {"name": "socialguard-again"})["password"]
    connect(org, "bluesky", atproto.pds, brand.handle, password)
    client.post(reverse("inbox:reply_retry", args=[mention.pk, row.pk]))
    assert publish_due(publishers=publishers, threads=1) == 1
    mention.refresh_from_db()
    assert mention.status == "replied" and state_of(row).state == ReplyState.REPLIED
    assert len(brand_records(atproto, brand)) == 1


# --- Mastodon: mastodon-mock ----------------------------------------------------------------------------------

@pytest.fixture
def mastodon(mastodon_mock, monkeypatch):
    """An organisation whose brand account @alice on mastodon-mock is listened to and connected."""
    monkeypatch.setenv("SG_TEST_MASTODON_TOKEN", "alice_token")
    org = org_with('  - {platform: mastodon, handle: "@alice"}\n',
                   f"listening:\n  sources:\n    mastodon:\n      - {{instance: \"{mastodon_mock}\", "
                   "notifications: true, token_env: SG_TEST_MASTODON_TOKEN}\n")
    connect(org, "mastodon", mastodon_mock, "", "alice_token")
    return org


def toot(instance: str, text: str, token: str = "bob_token") -> dict:
    response = httpx.post(f"{instance}/api/v1/statuses", data={"status": text},
                          headers={"Authorization": f"Bearer {token}"})
    response.raise_for_status()
    return response.json()


def descendants(instance: str, status_id: str) -> list[dict]:
    response = httpx.get(f"{instance}/api/v1/statuses/{status_id}/context",
                         headers={"Authorization": "Bearer bob_token"})
    response.raise_for_status()
    return response.json()["descendants"]


def test_a_reply_that_needs_approval_goes_out_in_the_statuss_context_only_after_approval(
        mastodon, mastodon_mock, client_as, publishers):
    org = mastodon
    asked = toot(mastodon_mock, "@alice where is my order?")
    mention = heard(org)
    assert (mention.external_id, mention.raw["id"]) == (asked["uri"], asked["id"])

    row = reply(client_as(org.users["customer_service"]), mention, REVIEW_TEXT)
    assert state_of(row).state == ReplyState.PENDING
    assert publish_due(publishers=publishers, threads=1) == 0 and descendants(mastodon_mock, asked["id"]) == []

    workflow.decide(row.post, "approve", user=org.users["approver"])
    (delivery,) = row.post.deliveries.all()
    assert delivery.reply_to == asked["id"]  # the id the connector read on this very instance
    mention.refresh_from_db()
    assert mention.status == "new" and state_of(row).state == ReplyState.SENDING
    assert publish_due(publishers=publishers, threads=1) == 1

    (answer,) = descendants(mastodon_mock, asked["id"])
    delivery.refresh_from_db()
    assert (answer["id"], answer["in_reply_to_id"], answer["account"]["username"]) == (
        delivery.remote_id, asked["id"], "alice")
    assert REVIEW_TEXT.split("@")[0].strip() in answer["content"]
    mention.refresh_from_db()
    assert mention.status == "replied" and state_of(row).state == ReplyState.REPLIED


def test_an_instance_that_is_down_fails_the_reply_with_its_cause_and_a_retry_sends_it_once(
        mastodon, mastodon_mock, client_as, publishers):
    org = mastodon
    asked = toot(mastodon_mock, "@alice my parcel is damaged")
    mention = heard(org)
    client = client_as(org.users["customer_service"])
    fault = httpx.post(f"{mastodon_mock}/api/v1/_mock/faults", json={
        "match": {"methods": ["POST"], "path": "/api/v1/statuses"}, "effect": {"type": "status", "status": 503}})
    fault.raise_for_status()
    try:
        row = reply(client, mention, OK_TEXT)
        (delivery,) = row.post.deliveries.all()
        assert publish_due(publishers=publishers, threads=1) == 0
        retrying = state_of(row)
        assert retrying.state == ReplyState.SENDING and "the server answered 503" in retrying.cause
        for _ in range(MAX_ATTEMPTS - 1):  # the scheduler's later attempts, each at its backoff time
            delivery.refresh_from_db()
            publish_due(delivery.next_attempt_at, publishers=publishers, threads=1)
        failed = state_of(row)
        assert failed.state == ReplyState.FAILED and "the server answered 503" in failed.cause
        mention.refresh_from_db()
        assert mention.status == "new" and descendants(mastodon_mock, asked["id"]) == []
        assert "Failed: " in client.get(reverse("inbox:detail", args=[mention.pk])).content.decode()
    finally:
        httpx.delete(f"{mastodon_mock}/api/v1/_mock/faults/{fault.json()['id']}")

    client.post(reverse("inbox:reply_retry", args=[mention.pk, row.pk]))
    assert publish_due(publishers=publishers, threads=1) == 1
    assert publish_due(publishers=publishers, threads=1) == 0
    (answer,) = descendants(mastodon_mock, asked["id"])
    assert answer["in_reply_to_id"] == asked["id"]
    mention.refresh_from_db()
    assert mention.status == "replied" and state_of(row).state == ReplyState.REPLIED


def test_only_the_author_or_an_approver_retries_a_failed_reply(mastodon, mastodon_mock, client_as):
    org = mastodon
    toot(mastodon_mock, "@alice hello?")
    mention = heard(org)
    services.revoke(org.membership("admin"), org.org.connections.get())
    row = reply(client_as(org.users["customer_service"]), mention, OK_TEXT)
    assert state_of(row).state == ReplyState.FAILED and "no account of @alice is connected" in state_of(row).cause
    page = client_as(org.users["security"]).post(reverse("inbox:reply_retry", args=[mention.pk, row.pk]),
                                                follow=True).content.decode()
    assert "Only the author or an approver" in page
    page = client_as(org.users["customer_service"]).post(reverse("inbox:reply_retry", args=[mention.pk, row.pk]),
                                                        follow=True).content.decode()
    assert "Still no account can send it" in page

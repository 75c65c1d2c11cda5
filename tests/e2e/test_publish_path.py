"""The whole path of a post in a real browser (Playwright driving Debian's chromium, desktop viewport) against a
live server and the AT Protocol reference servers (`atproto`: PLC, PDS and AppView from `@atproto/dev-env` on
127.0.0.1): the comms lead composes a post for the connected Bluesky brand account, scheduled a few minutes
ahead; an approver (another person) approves it and sees it on the publishing calendar; the outbox's tick
sends nothing before its time and publishes it at its time; the post is read back through the PDS
(`getRecord`) and the AppView (`getPostThread`) with the approved text, and the calendar lists it as sent with
its link on the network. Then a second account on the PDS replies to it mentioning the brand; the inbox hears
it through the real Bluesky connector; customer service answers from the inbox, an approver approves the
reply (the account's workflow holds every post), the tick sends it, the mention is replied, and the AppView's
thread shows the answer under the customer's post. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import itertools
import time
import zoneinfo

import httpx
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from web_support import ARTIFACTS, TEST_POLICY, make_org, sign_in_browser

from socialguard.connections import services
from socialguard.outbox.models import DeliveryState
from socialguard.outbox.sending import Publishers, publish_due
from socialguard.publishing.bluesky import COLLECTION
from socialguard.workflow.models import PostDraft, Workflow, WorkflowStep

TEXT = "Our autumn collection is in the shops from Monday: https://acme.example/autumn #autumn"
QUESTION = "Is it in the Kraków shop too?"
ANSWER = "Yes, the Kraków shop has the whole autumn collection from Monday."
ZONE = "Europe/Warsaw"
_numbers = itertools.count(1)


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


def brand_org(atproto, monkeypatch):
    """An organisation whose Bluesky brand account on the local PDS is connected for publishing and listened
    to (its notifications, with an app password of its own); every post on it, replies too, needs an approver's
    sign-off (a workflow on the account)."""
    brand = atproto.account(f"pathbrand{next(_numbers)}.test")
    monkeypatch.setenv("SG_TEST_PATH_LISTENING", brand._call("com.atproto.server.createAppPassword",
                                                             {"name": "listening"})["password"])
    policy = TEST_POLICY.replace("brand_accounts:\n", f"brand_accounts:\n  - {{platform: bluesky, handle: "
                                                      f"{brand.handle}}}\n", 1) + (
        f"listening:\n  sources:\n    bluesky:\n      - {{identifier: {brand.handle}, app_password_env: "
        f"SG_TEST_PATH_LISTENING, service: \"{atproto.pds}\", notifications: true}}\n")
    org = make_org(f"path{next(_numbers)}", policy)
    workflow = Workflow.objects.create(org=org.org, name="Bluesky", account_handle=brand.handle, position=1)
    WorkflowStep.objects.create(workflow=workflow, order=1, role="approver")
    account = next(a for a in services.brand_accounts(org.org) if a.platform == "bluesky")
    services.connect(org.membership("admin"), account, "bluesky", atproto.pds, brand.handle, brand.app_password())
    return org, brand


def get_record(atproto, brand, uri: str) -> dict:
    """The record as the brand's PDS holds it (`getRecord`): uri, cid and value."""
    response = httpx.get(f"{atproto.pds}/xrpc/com.atproto.repo.getRecord",
                         params={"repo": brand.did, "collection": COLLECTION, "rkey": uri.rsplit("/", 1)[1]})
    response.raise_for_status()
    return response.json()


def thread(brand, uri: str, until=lambda thread: True, timeout: float = 30.0) -> dict:
    """The thread of `uri` as the AppView serves it (`getPostThread`, through the PDS), once `until(thread)`
    holds: the AppView indexes the PDS's firehose asynchronously."""
    brand.wait_indexed([uri])
    deadline = time.monotonic() + timeout
    while True:
        response = httpx.get(f"{brand.network.pds}/xrpc/app.bsky.feed.getPostThread", params={"uri": uri},
                             headers={"Authorization": f"Bearer {brand.token}"})
        response.raise_for_status()
        found = response.json()["thread"]
        if until(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def heard(org, timeout: float = 30.0):
    """Poll the organisation's sources (the real Bluesky connector) until the mention is in the inbox."""
    from socialguard.inbox.models import Mention
    from socialguard.inbox.tick import tick_org

    deadline = time.monotonic() + timeout
    while not Mention.objects.filter(org=org.org).exists():
        assert time.monotonic() < deadline, "the mention never reached the inbox"
        tick_org(org.org)
        time.sleep(0.2)
    return Mention.objects.get(org=org.org)


def approve(page: Page, base: str, org, post) -> None:
    sign_in_browser(page, base, org.users["approver"], time_zone=ZONE)
    page.goto(f"{base}/posts/{post.pk}/")
    page.click("#decide-form button:has-text('Approve')")
    expect(page.locator("#post-state")).to_have_attribute("data-state", "approved")


@pytest.mark.django_db(transaction=True)
def test_compose_approve_publish_then_answer_a_mention_from_the_inbox(live_server, browser_page, atproto, publishers,
                                                                     monkeypatch):
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    org, brand = brand_org(atproto, monkeypatch)
    due = (timezone.now() + dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    local_due = timezone.localtime(due, zoneinfo.ZoneInfo(ZONE))  # as the comms lead types it

    # the comms lead composes, scheduled ten minutes ahead; the account's workflow holds it for an approver
    sign_in_browser(page, base, org.users["comms_lead"], time_zone=ZONE)
    page.goto(f"{base}/compose/")
    page.select_option("#id_account", f"brand|bluesky|{brand.handle}")
    page.fill("#id_text", TEXT)
    page.fill("#id_scheduled_at", local_due.strftime("%Y-%m-%dT%H:%M"))
    page.screenshot(path=str(ARTIFACTS / "path-1-compose.png"), full_page=True)
    page.click("button[value=submit]")
    expect(page.locator("#post-state")).to_have_attribute("data-state", "pending")
    post = PostDraft.objects.get(org=org.org)
    assert post.scheduled_at == due and post.author == org.users["comms_lead"]

    # another person approves; the outbox schedules it and the calendar shows it at its time
    approve(page, base, org, post)
    page.screenshot(path=str(ARTIFACTS / "path-2-approved.png"), full_page=True)
    delivery = post.deliveries.get()
    assert (delivery.state, delivery.due_at) == (DeliveryState.SCHEDULED, due)
    page.goto(f"{base}/calendar/?day={local_due:%Y-%m-%d}")
    entry = page.locator(f"li[data-day='{local_due:%Y-%m-%d}'] article[data-delivery='{delivery.pk}']")
    expect(entry).to_contain_text(f"{local_due:%H:%M}")
    expect(entry).to_contain_text("Scheduled")
    page.screenshot(path=str(ARTIFACTS / "path-3-calendar-scheduled.png"), full_page=True)

    # the outbox's tick: nothing before its time, the post at its time
    assert publish_due(due - dt.timedelta(seconds=1), publishers=publishers) == 0
    assert publish_due(due, publishers=publishers) == 1
    delivery.refresh_from_db()
    post.refresh_from_db()
    assert (delivery.state, post.state) == (DeliveryState.SENT, "published")
    record = get_record(atproto, brand, delivery.remote_id)
    assert record["value"]["text"] == TEXT
    assert {f["features"][0]["$type"] for f in record["value"]["facets"]} == {"app.bsky.richtext.facet#link",
                                                                              "app.bsky.richtext.facet#tag"}
    shown = thread(brand, delivery.remote_id)["post"]
    assert shown["record"]["text"] == TEXT and shown["author"]["handle"] == brand.handle
    page.goto(f"{base}/calendar/list/?state=sent")
    row = page.locator(f"tr[data-delivery='{delivery.pk}']")
    expect(row).to_contain_text("Sent")
    expect(row.locator("a[rel~=noopener]")).to_have_attribute("href", delivery.url)
    page.screenshot(path=str(ARTIFACTS / "path-4-calendar-sent.png"), full_page=True)

    # a second account on the PDS replies to the brand's post, mentioning it; the inbox hears it
    customer = atproto.account(f"pathcustomer{next(_numbers)}.test")
    asked = customer.post(f"{QUESTION} @{brand.handle}", mention=brand,
                          reply_to={"uri": record["uri"], "cid": record["cid"]})
    customer.wait_indexed(customer.posted)
    mention = heard(org)
    assert mention.external_id == asked["uri"]

    # customer service answers from the inbox; the account's workflow sends the reply to an approver first
    sign_in_browser(page, base, org.users["customer_service"], time_zone=ZONE)
    page.goto(f"{base}/inbox/{mention.pk}/")
    expect(page.locator("main")).to_contain_text(QUESTION)
    page.fill("#reply-text", ANSWER)
    page.screenshot(path=str(ARTIFACTS / "path-5-inbox-reply.png"), full_page=True)
    page.click("#reply-form button[type=submit]")
    answer = PostDraft.objects.get(org=org.org, reply_to=asked["uri"])
    assert (answer.state, answer.author) == ("pending", org.users["customer_service"])
    approve(page, base, org, answer)

    # the tick sends it, threaded under the customer's post; the mention is replied only then
    assert publish_due(publishers=publishers) == 1
    sent = answer.deliveries.get()
    assert sent.state == DeliveryState.SENT
    mention.refresh_from_db()
    assert mention.status == "replied"
    sign_in_browser(page, base, org.users["customer_service"], time_zone=ZONE)
    page.goto(f"{base}/inbox/{mention.pk}/")
    expect(page.locator("#mention-status")).to_have_attribute("data-status", "replied")
    page.screenshot(path=str(ARTIFACTS / "path-6-inbox-replied.png"), full_page=True)
    root = thread(brand, record["uri"], until=lambda t: any(r.get("replies") for r in t.get("replies") or []))
    (question,) = root["replies"]
    assert question["post"]["uri"] == asked["uri"]
    (reply,) = question["replies"]
    assert reply["post"]["uri"] == sent.remote_id and reply["post"]["author"]["did"] == brand.did
    assert reply["post"]["record"]["text"] == ANSWER
    assert reply["post"]["record"]["reply"]["root"]["uri"] == record["uri"]

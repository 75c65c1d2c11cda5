"""The whole path of a post in a real browser (Playwright driving Debian's chromium, desktop viewport) against a
live server and the AT Protocol reference servers (`atproto`: PLC, PDS and AppView from `@atproto/dev-env` on
127.0.0.1): the comms lead composes a post for the connected Bluesky brand account, scheduled a few minutes
ahead; an approver (another person) approves it and sees it on the publishing calendar; the outbox's tick
sends nothing before its time and publishes it at its time; the post is read back through the PDS
(`getRecord`) and the AppView (`getPostThread`) with the approved text, and the calendar lists it as sent with
its link on the network. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import httpx
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect
from web_support import ARTIFACTS, TEST_POLICY, make_org, sign_in

from socialguard.connections import services
from socialguard.outbox.models import DeliveryState
from socialguard.outbox.sending import Publishers, publish_due
from socialguard.publishing.bluesky import COLLECTION
from socialguard.workflow.models import PostDraft, Workflow, WorkflowStep

TEXT = "Our autumn collection is in the shops from Monday: https://acme.example/autumn #autumn"
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


def as_member(page: Page, base: str, user) -> None:
    """The browser signed in as `user` (second factor verified), their times in Warsaw."""
    from socialguard.orgs.models import Profile

    Profile.objects.update_or_create(user=user, defaults={"time_zone": ZONE})
    client = Client()
    sign_in(client, user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def brand_org(atproto):
    """An organisation whose Bluesky brand account on the local PDS is connected; every post on it needs an
    approver's sign-off (a workflow on the account)."""
    brand = atproto.account(f"pathbrand{next(_numbers)}.test")
    policy = TEST_POLICY.replace("brand_accounts:\n", f"brand_accounts:\n  - {{platform: bluesky, handle: "
                                                      f"{brand.handle}}}\n", 1)
    org = make_org(f"path{next(_numbers)}", policy)
    workflow = Workflow.objects.create(org=org.org, name="Bluesky", account_handle=brand.handle, position=1)
    WorkflowStep.objects.create(workflow=workflow, order=1, role="approver")
    account = next(a for a in services.brand_accounts(org.org) if a.platform == "bluesky")
    services.connect(org.membership("admin"), account, "bluesky", atproto.pds, brand.handle, brand.app_password())
    return org, brand


def read_back(atproto, brand, uri: str) -> tuple[dict, dict]:
    """The record as the PDS holds it (`getRecord`) and the post as the AppView serves its thread."""
    rkey = uri.rsplit("/", 1)[1]
    record = httpx.get(f"{atproto.pds}/xrpc/com.atproto.repo.getRecord",
                       params={"repo": brand.did, "collection": COLLECTION, "rkey": rkey})
    record.raise_for_status()
    brand.wait_indexed([uri])
    thread = httpx.get(f"{atproto.pds}/xrpc/app.bsky.feed.getPostThread", params={"uri": uri},
                       headers={"Authorization": f"Bearer {brand.token}"})
    thread.raise_for_status()
    return record.json()["value"], thread.json()["thread"]["post"]


@pytest.mark.django_db(transaction=True)
def test_compose_approve_scheduled_publish_read_back(live_server, browser_page, atproto, publishers):
    page, base = browser_page, live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    org, brand = brand_org(atproto)
    due = (timezone.now() + dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    local_due = timezone.localtime(due, zoneinfo.ZoneInfo(ZONE))  # as the comms lead types it

    as_member(page, base, org.users["comms_lead"])
    page.goto(f"{base}/compose/")
    page.select_option("#id_account", f"brand|bluesky|{brand.handle}")
    page.fill("#id_text", TEXT)
    page.fill("#id_scheduled_at", local_due.strftime("%Y-%m-%dT%H:%M"))
    page.screenshot(path=str(ARTIFACTS / "path-1-compose.png"), full_page=True)
    page.click("button[value=submit]")
    expect(page.locator("#post-state")).to_have_attribute("data-state", "pending")
    post = PostDraft.objects.get(org=org.org)
    assert post.scheduled_at == due and post.author == org.users["comms_lead"]

    as_member(page, base, org.users["approver"])
    page.goto(f"{base}/posts/{post.pk}/")
    page.click("#decide-form button:has-text('Approve')")
    expect(page.locator("#post-state")).to_have_attribute("data-state", "approved")
    page.screenshot(path=str(ARTIFACTS / "path-2-approved.png"), full_page=True)
    delivery = post.deliveries.get()
    assert (delivery.state, delivery.due_at) == (DeliveryState.SCHEDULED, due)
    page.goto(f"{base}/calendar/?day={local_due:%Y-%m-%d}")
    entry = page.locator(f"li[data-day='{local_due:%Y-%m-%d}'] article[data-delivery='{delivery.pk}']")
    expect(entry).to_contain_text(f"{local_due:%H:%M}")
    expect(entry).to_contain_text("Scheduled")
    page.screenshot(path=str(ARTIFACTS / "path-3-calendar-scheduled.png"), full_page=True)

    assert publish_due(due - dt.timedelta(seconds=1), publishers=publishers) == 0  # not before its time
    assert publish_due(due, publishers=publishers) == 1
    delivery.refresh_from_db()
    post.refresh_from_db()
    assert (delivery.state, post.state) == (DeliveryState.SENT, "published")
    record, shown = read_back(atproto, brand, delivery.remote_id)
    assert record["text"] == TEXT and shown["record"]["text"] == TEXT
    assert shown["author"]["handle"] == brand.handle
    assert {f["features"][0]["$type"] for f in record["facets"]} == {"app.bsky.richtext.facet#link",
                                                                     "app.bsky.richtext.facet#tag"}

    page.goto(f"{base}/calendar/list/?state=sent")
    row = page.locator(f"tr[data-delivery='{delivery.pk}']")
    expect(row).to_contain_text("Sent")
    expect(row.locator("a[rel~=noopener]")).to_have_attribute("href", delivery.url)
    page.screenshot(path=str(ARTIFACTS / "path-4-calendar-sent.png"), full_page=True)

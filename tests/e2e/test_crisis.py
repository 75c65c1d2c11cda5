"""The crisis checklist in a real browser (Playwright driving Debian's chromium) against a live server, on a
desktop and a 390 px phone, in English and Polish: a spike's incident explains its numbers in plain words,
lists the negative mentions behind it, its checklist is ticked in place (HTMX) and scheduled posts are paused;
the security incidents page points to the same incident. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from web_support import ARTIFACTS, make_org, sign_in_browser

from socialguard.inbox.crisis import open_incident
from socialguard.inbox.spikes import SpikeAlert
from socialguard.orgs.models import Organisation
from socialguard.orgs.policies import current_policy

from socialguard.inbox import mention as pure
from socialguard.inbox.django_store import ingest
from socialguard.inbox.models import Mention
from socialguard.inbox.sla import wall_clock

COMPLAINT = "Terrible service from Acme, my order never arrived and nobody answers."
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language, plain, paused", [
    ("en", "times the usual ups and downs", "Scheduled posts are paused."),
    ("pl", "raza więcej niż zwykłe wahania", "Zaplanowane posty są wstrzymane."),
])
def test_one_crisis_incident_with_its_checklist_mentions_and_pause(live_server, browser_page, viewport, language,
                                                                    plain, paused):
    page, base = browser_page, live_server.url
    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    acme = make_org("acme")
    now = timezone.now()
    ingest(acme.org, [pure.Mention(source="x", external_id="c-1", text=COMPLAINT, author="@angry",
                                   created_at=now - dt.timedelta(hours=2))], wall_clock)
    assert Mention.objects.get(org=acme.org).sentiment_label == "negative"
    alert = SpikeAlert(now - dt.timedelta(hours=24), now, 31, 4.0, 2.5, 14.0, 3.0)
    incident = open_incident(acme.org, alert, now, current_policy(acme.org)[1].listening.crisis)
    sign_in_browser(page, base, acme.users["admin"], language=language)

    page.goto(f"{base}/inbox/crisis/{incident.pk}/")
    expect(page.locator("#alert-numbers")).to_contain_text(plain)
    expect(page.locator("#alert-numbers")).not_to_contain_text("z =")
    expect(page.locator("#crisis-mentions li")).to_have_count(1)
    first = page.locator("#checklist li[data-position='1']")
    first.locator("button.tick").click()
    expect(page.locator("#checklist li[data-position='1']")).to_have_class("done")
    page.click("#publishing button.danger")
    expect(page.locator("#publishing")).to_contain_text(paused)
    assert Organisation.objects.get(pk=acme.org.pk).publishing_paused
    page.screenshot(path=str(ARTIFACTS / f"crisis-{viewport}-{language}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.goto(f"{base}/security/incidents/")
    page.click(f"#crisis-incidents a[href='/inbox/crisis/{incident.pk}/']")
    expect(page).to_have_url(f"{base}/inbox/crisis/{incident.pk}/")
    expect(page.locator("#checklist li.done")).to_have_count(1)  # the same incident, the same checklist

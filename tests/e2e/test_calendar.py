"""The publishing calendar in a real browser (Playwright driving Debian's chromium) against a live server: on a
desktop a post dragged onto another day of the week is moved there at the same time of day (the static
script sends the post's own Reschedule form; the CSP blocks nothing, checked by the `browser_page` fixture);
on a 390 px phone the week, the month and the list fit the screen without sideways scrolling, in English and
Polish. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt

import pytest
from calendar_support import approved_post, connect, fail
from playwright.sync_api import expect
from web_support import ARTIFACTS, OK_TEXT, make_org, sign_in_browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
UTC = dt.timezone.utc
LONG = "Our autumn collection is here: https://acme.example/collections/autumn-2030-with-a-very-long-address " * 2


@pytest.mark.django_db(transaction=True)
def test_dragging_a_post_to_another_day_moves_it_there(live_server, browser_page):
    page, base = browser_page, live_server.url
    acme = make_org("acme")
    connect(acme.org)
    post = approved_post(acme, "comms_lead", OK_TEXT, dt.datetime(2030, 3, 5, 8, 15, tzinfo=UTC))  # 09:15 CET
    sign_in_browser(page, base, acme.users["comms_lead"], language="en", time_zone="Europe/Warsaw")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/calendar/?day=2030-03-05")
    entry = page.locator(f"[data-day='2030-03-05'] article[data-delivery]")
    expect(entry).to_contain_text("09:15")
    page.screenshot(path=str(ARTIFACTS / "calendar-week-before-drag.png"), full_page=True)
    entry.drag_to(page.locator("li[data-day='2030-03-07']"))
    expect(page.locator("ul.messages")).to_contain_text(f"Post {post.pk} moved to 7 Mar 2030, 09:15 CET.")
    expect(page.locator("[data-day='2030-03-07'] article[data-delivery]")).to_contain_text("09:15")
    page.screenshot(path=str(ARTIFACTS / "calendar-week-after-drag.png"), full_page=True)
    post.refresh_from_db()
    assert post.state == "approved" and post.scheduled_at == dt.datetime(2030, 3, 7, 8, 15, tzinfo=UTC)
    assert post.deliveries.get().due_at == post.scheduled_at


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "pl"])
def test_the_calendar_fits_a_phone(live_server, browser_page, language):
    page, base = browser_page, live_server.url
    acme = make_org("acme")
    connect(acme.org)
    for day in (4, 5, 5, 9):
        approved_post(acme, "comms_lead", f"{LONG} {day}", dt.datetime(2030, 3, day, 9, tzinfo=UTC))
    failed = approved_post(acme, "comms_lead", OK_TEXT, dt.datetime(2030, 3, 6, 9, tzinfo=UTC))
    fail(failed.deliveries.get(), "Bluesky @acme.bsky.social: POST /xrpc/com.atproto.repo.createRecord: refused "
                                  "(InvalidRequest: Record/text must not be longer than 300 graphemes)")
    sign_in_browser(page, base, acme.users["comms_lead"], language=language, time_zone="Europe/Warsaw")
    page.set_viewport_size(PHONE)
    for name, path in (("week", "/calendar/?day=2030-03-05"), ("month", "/calendar/month/?day=2030-03-05"),
                       ("list", "/calendar/list/")):
        page.goto(base + path)
        expect(page.locator("h1")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"calendar-phone-{name}-{language}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    expect(page.locator("tr.state-failed .cause")).to_contain_text("300 graphemes")

"""Inviting a member and accepting, in a real browser (Playwright driving Debian's chromium) against a live
server, on a desktop and a 390 px phone, in English and Polish: the admin invites from the members page (role
names, not keys), the e-mail goes through Django's mail backend, the invitee opens its link signed out, sets a
password and lands signed in with the invited role; the link then no longer works. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from web_support import ARTIFACTS, make_org, sign_in_browser

from socialguard.orgs.models import Membership

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LINK = re.compile(r"http://\S+(/invitation/[A-Za-z0-9_-]+/)")
PASSWORD = "a long enough passphrase 42"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language, role_label, joined", [("en", "Communications lead", "Welcome to Acme Ltd."),
                                                          ("pl", "Kierownik komunikacji",
                                                           "Witaj w organizacji Acme Ltd.")])
def test_admin_invites_and_the_invitee_joins_with_the_role(live_server, browser_page, mailoutbox, viewport,
                                                           language, role_label, joined):
    page, base = browser_page, live_server.url
    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    acme = make_org("acme")
    sign_in_browser(page, base, acme.users["admin"], language=language)
    page.goto(f"{base}/org/members/")
    expect(page.locator("#id_role option", has_text=role_label)).to_have_count(1)
    page.fill("#id_email", "anna.nowak@acme.example")
    page.select_option("#id_role", label=role_label)
    page.click("#invite-form button[type=submit]")
    expect(page.locator("#invitations")).to_contain_text("anna.nowak@acme.example")
    expect(page.locator("#invitations")).to_contain_text(role_label)
    page.screenshot(path=str(ARTIFACTS / f"invite-sent-{viewport}-{language}.png"), full_page=True)

    [mail] = mailoutbox
    path = LINK.search(mail.body)[1]
    page.context.clear_cookies()  # the invitee, signed out
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(base + path)
    expect(page.locator("main")).to_contain_text(role_label)
    page.fill("#id_username", "anna")
    page.fill("#id_first_name", "Anna")
    page.fill("#id_last_name", "Nowak")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.screenshot(path=str(ARTIFACTS / f"invite-accept-{viewport}-{language}.png"), full_page=True)
    page.click("#new-account button[type=submit]")
    expect(page).to_have_url(f"{base}/")
    expect(page.locator("main")).to_contain_text(joined)
    page.screenshot(path=str(ARTIFACTS / f"invite-joined-{viewport}-{language}.png"), full_page=True)
    assert Membership.objects.get(org=acme.org, user__username="anna").role == "comms_lead"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.context.clear_cookies()
    response = page.goto(base + path)
    assert response.status == 404  # used once

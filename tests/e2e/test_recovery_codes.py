"""Two-factor set-up with recovery codes in a real browser (Playwright driving Debian's chromium) against a
live server, on a desktop and a 390 px phone, in English and Polish: from Preferences to the set-up page, the
authenticator's code, ten recovery codes shown once; then signing in again with a recovery code instead of the
app's code. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect
from web_support import ARTIFACTS, make_org

from socialguard.orgs.models import Profile

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct horse battery staple"


def _password_step(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/signin/login/")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language, setup_link, left", [("en", "Set up two-factor sign-in", "9 codes are left"),
                                                        ("pl", "Skonfiguruj logowanie dwuskładnikowe",
                                                         "zostało 9 kodów")])
def test_set_up_from_preferences_then_sign_in_with_a_recovery_code(live_server, browser_page, viewport, language,
                                                                    setup_link, left):
    page, base = browser_page, live_server.url
    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    page.set_extra_http_headers({"Accept-Language": language})
    user = make_org("acme").users["employee"]
    user.set_password(PASSWORD)
    user.save()
    Profile.objects.create(user=user, language=language)

    _password_step(page, base, user.username)
    expect(page).to_have_url(f"{base}/")  # optional for an employee: signed in with the password
    page.goto(f"{base}/preferences/")
    page.click(f"#setup-2fa:has-text('{setup_link}')")
    expect(page).to_have_url(re.compile(r"/signin/setup/$"))
    secret = page.inner_text("#totp-secret").strip()
    page.fill("#token", f"{totp(b32decode(secret)):06d}")
    page.click("main button[type=submit]")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == len(set(codes)) == 10
    page.screenshot(path=str(ARTIFACTS / f"recovery-codes-{viewport}-{language}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.click("#continue")
    expect(page).to_have_url(f"{base}/")

    page.context.clear_cookies()
    _password_step(page, base, user.username)
    expect(page).to_have_url(re.compile(r"/signin/verify/$"))
    page.fill("#token", codes[0])
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{base}/")
    expect(page.locator("main")).to_contain_text(left)
    page.screenshot(path=str(ARTIFACTS / f"recovery-code-used-{viewport}-{language}.png"), full_page=True)

"""The header in a real browser (Playwright driving Debian's chromium) against a live server, on a 390 px phone
and a desktop, in English and Polish: it stays one line high, the phone gets a "Menu" button that opens the
menus, the desktop shows the menus in a row and each opens on a click and closes on Escape; the
Content-Security-Policy blocks nothing (checked by the `browser_page` fixture). Screenshots go to
test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from web_support import ARTIFACTS, make_org, sign_in_browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language, menu, monitor, audit", [("en", "Menu", "Monitor", "Audit log"),
                                                            ("pl", "Menu", "Monitoring", "Dziennik audytu")])
def test_phone_header_is_one_line_and_its_menu_button_opens_the_menus(live_server, browser_page, language, menu,
                                                                      monitor, audit):
    page = browser_page
    page.set_viewport_size(PHONE)
    sign_in_browser(page, live_server.url, make_org("acme").users["admin"], language=language)
    page.goto(f"{live_server.url}/")
    page.screenshot(path=str(ARTIFACTS / f"nav-phone-closed-{language}.png"))
    assert page.locator("header.top").bounding_box()["height"] <= 56
    expect(page.locator("header.top nav")).to_be_hidden()
    page.click(f"summary.menu-button:has-text('{menu}')")
    expect(page.locator("header.top nav")).to_be_visible()
    page.click(f"header.top summary:has-text('{monitor}')")
    page.screenshot(path=str(ARTIFACTS / f"nav-phone-open-{language}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    page.click(f"header.top a:has-text('{audit}')")
    expect(page).to_have_url(f"{live_server.url}/audit/")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language, monitor, audit", [("en", "Monitor", "Audit log"),
                                                      ("pl", "Monitoring", "Dziennik audytu")])
def test_desktop_header_shows_the_menus_in_one_row(live_server, browser_page, language, monitor, audit):
    page = browser_page
    page.set_viewport_size(DESKTOP)
    sign_in_browser(page, live_server.url, make_org("acme").users["admin"], language=language)
    page.goto(f"{live_server.url}/")
    page.screenshot(path=str(ARTIFACTS / f"nav-desktop-closed-{language}.png"))
    assert page.locator("header.top").bounding_box()["height"] <= 56
    expect(page.locator("summary.menu-button")).to_be_hidden()
    monitor_menu = page.locator(f"header.top details.menu:has(summary:has-text('{monitor}'))")
    expect(monitor_menu.locator("summary")).to_be_visible()
    expect(page.locator(f"header.top a:has-text('{audit}')")).to_be_hidden()
    monitor_menu.locator("summary").click()
    expect(page.locator(f"header.top a:has-text('{audit}')")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"nav-desktop-open-{language}.png"))
    page.keyboard.press("Escape")
    expect(page.locator(f"header.top a:has-text('{audit}')")).to_be_hidden()
    monitor_menu.locator("summary").click()
    page.click(f"header.top a:has-text('{audit}')")
    expect(page).to_have_url(f"{live_server.url}/audit/")

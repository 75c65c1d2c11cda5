"""Compose in a real browser (Playwright driving Debian's chromium) against a live server, on a desktop and a
390 px phone, in English and Polish: the empty form opens clean; choosing the X brand account sets and locks
the network; the counter shows X's limit and counts as X does (a URL is 23); the preview shows the account,
mentions and hashtags and the picked image with its alt text; a blocked text turns Submit off and applying
the fix turns it on again; the saved post shows its image with alt text and credit. The
Content-Security-Policy blocks nothing (checked by the `browser_page` fixture). Screenshots go to
test-artifacts/."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from web_support import ARTIFACTS, make_org, sign_in_browser

from socialguard.workflow.models import PostDraft

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
URL = "https://acme.example/blog/2026/12/spring-release-notes-and-what-comes-next"
TEXT = f"Our spring release is live, @ola! {URL} #launch"
PESEL = " PESEL 44051401359"
WORDS = {
    "en": {"counter": "characters on X", "preview": "Preview on X", "no_alt": "No alt text", "save": "Save draft",
           "blocked": "Submitting is off"},
    "pl": {"counter": "znaków w serwisie X", "preview": "Podgląd w serwisie X", "no_alt": "Brak tekstu alternatywnego",
           "save": "Zapisz szkic", "blocked": "Wysłanie jest wyłączone"},
}


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (31, 95, 191)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "pl"])
def test_compose_counter_preview_media_and_blocked_submit(live_server, browser_page, language, viewport):
    page, words, name = browser_page, WORDS[language], f"compose-{viewport}-{language}"
    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    acme = make_org("acme")
    sign_in_browser(page, live_server.url, acme.users["comms_lead"], language=language)
    page.goto(f"{live_server.url}/compose/")

    counter = page.locator("#char-count")
    expect(counter).to_have_attribute("data-limit", "3000")  # the personal account's default network
    expect(page.locator("#findings [data-outcome]")).to_have_attribute("data-outcome", "")  # the load check ran
    expect(page.locator(".error")).to_have_count(0)  # nothing red before anything is submitted
    page.screenshot(path=str(ARTIFACTS / f"{name}-1-empty.png"), full_page=True)

    page.select_option("#id_account", "brand|x|@acme")
    expect(page.locator("#id_platform")).to_have_value("x")
    expect(page.locator("#id_platform")).to_be_disabled()
    page.fill("#id_text", TEXT)
    page.locator("#id_text").press("End")  # a key up: the live check runs
    expected = len(TEXT) - len(URL) + 23  # X counts every link as 23 characters
    expect(counter).to_have_attribute("data-count", str(expected))
    expect(counter).to_have_attribute("data-limit", "280")
    expect(counter).to_contain_text(words["counter"])
    preview = page.locator(".preview")
    expect(preview).to_contain_text(words["preview"])
    expect(preview.locator(".preview-handle")).to_have_text("@acme")
    expect(preview.locator(".mention")).to_have_text("@ola")
    expect(preview.locator(".hashtag")).to_have_text("#launch")

    page.set_input_files("#id_media-0-file", files=[{"name": "team.png", "mimeType": "image/png", "buffer": png()}])
    expect(preview.locator(".preview-images li")).to_contain_text("team.png")
    expect(preview.locator(".no-alt")).to_have_text(words["no_alt"])
    expect(page.locator("fieldset.media-slot[data-slot='1']")).to_be_visible()  # room for the next image
    page.fill("#id_media-0-alt", "Five people cheering in front of a blue screen")
    page.fill("#id_media-0-credit", "Photo: Anna Nowak")
    page.locator("#id_media-0-credit").dispatch_event("change")
    expect(preview.locator(".alt")).to_have_text("Five people cheering in front of a blue screen")
    page.screenshot(path=str(ARTIFACTS / f"{name}-2-preview.png"), full_page=True)

    page.locator("#id_text").press("End")
    page.keyboard.type(PESEL)
    expect(page.locator("#findings [data-outcome]")).to_have_attribute("data-outcome", "blocked")
    expect(page.locator("#submit-post")).to_be_disabled()
    expect(page.locator("#submit-blocked")).to_contain_text(words["blocked"])
    page.screenshot(path=str(ARTIFACTS / f"{name}-3-blocked.png"), full_page=True)

    page.locator("li[data-rule=pii-ids] .apply-fix").click()
    expect(page.locator("#findings [data-outcome]")).not_to_have_attribute("data-outcome", "blocked")
    expect(page.locator("#submit-post")).to_be_enabled()
    expect(page.locator("#submit-blocked")).to_be_hidden()
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling

    page.click(f"button[value=save]:has-text('{words['save']}')")
    expect(page.locator("#post-state")).to_have_attribute("data-state", "draft")
    post = PostDraft.objects.get()
    assert (post.platform, post.account_handle) == ("x", "@acme")
    image = page.locator(".media-item img")
    expect(image).to_have_attribute("alt", "Five people cheering in front of a blue screen")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 120  # served, and decoded by the browser
    expect(page.locator(".media-item .credit")).to_have_text("Photo: Anna Nowak")
    page.screenshot(path=str(ARTIFACTS / f"{name}-4-saved.png"), full_page=True)

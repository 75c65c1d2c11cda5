"""The reviewer's flow in a real browser (Playwright driving Debian's chromium) against a live server, on a
desktop and a 390 px phone, in English and Polish: the queue opens on "Waiting for me", search narrows it, two
posts are ticked and approved after a confirmation step with a result for each, a post is rejected with a note
and the confirmation names it; the author sees why, copies it into a new draft whose edit page shows the note;
an author asks for an exception and compliance grants it. The Content-Security-Policy blocks nothing (the
`browser_page` fixture). Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from web_support import ARTIFACTS, BLOCK_TEXT, make_org, sign_in_browser

from socialguard.workflow import actions
from socialguard.workflow.models import ExceptionRequest, PostDraft

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TEXTS = ["Webinar on Thursday: questions to jan.kowalski@gmail.com",
         "Webinar recording: write to jan.kowalski@gmail.com for the link",
         "Hiring in Kraków! Send your CV to jan.kowalski@gmail.com"]
NOTE = "We never publish a personal e-mail address."


def submitted(acme, text: str) -> PostDraft:
    post = actions.create_draft(acme.membership("employee"), text=text, account_kind="personal", account_handle="",
                                platform="linkedin")
    actions.submit(post, acme.users["employee"])
    return post


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport, language", [("desktop", "en"), ("phone", "pl"), ("phone", "en"),
                                                ("desktop", "pl")])
def test_reviewer_searches_bulk_approves_and_rejects(live_server, browser_page, viewport, language):
    page, base = browser_page, live_server.url
    page.set_viewport_size(VIEWPORTS[viewport])
    acme = make_org("acme")
    webinar, recording, hiring = (submitted(acme, text) for text in TEXTS)
    submitted_by_approver = actions.create_draft(acme.membership("approver"), text=TEXTS[0], account_kind="personal",
                                                 account_handle="", platform="x")
    actions.submit(submitted_by_approver, acme.users["approver"])  # pending, but never "waiting for" its author

    sign_in_browser(page, base, acme.users["approver"], language=language)
    page.goto(f"{base}/posts/queue/waiting/")
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator(".tabs a[aria-current=page]")).to_have_text("Waiting for me" if language == "en"
                                                                     else "Czeka na mnie")
    expect(page.locator("table.queue")).not_to_contain_text("needs_approval")
    no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / f"approvals-queue-{viewport}-{language}.png"), full_page=True)

    page.fill("#id_q", "webinar")
    page.locator("form.filters button[type=submit]").click()
    expect(rows).to_have_count(2)
    page.check("input[data-select-all]")
    page.click("#bulk-approve")
    expect(page.locator("#bulk-confirm li")).to_have_count(2)
    expect(page.locator(".bulk-list")).to_contain_text("Webinar recording")
    page.screenshot(path=str(ARTIFACTS / f"approvals-bulk-confirm-{viewport}-{language}.png"), full_page=True)
    page.click("#bulk-confirm button[name=confirm]")
    expect(page.locator(".bulk-results li.success")).to_have_count(2)
    expect(page.locator("#bulk-summary")).to_contain_text("2 posts approved" if language == "en"
                                                          else "Zatwierdzono 2 posty")
    page.screenshot(path=str(ARTIFACTS / f"approvals-bulk-done-{viewport}-{language}.png"), full_page=True)
    assert {p.state for p in PostDraft.objects.filter(pk__in=[webinar.pk, recording.pk])} == {"approved"}

    page.goto(f"{base}/posts/queue/waiting/")
    expect(rows).to_have_count(1)
    rows.first.locator("td.text a").click()
    page.fill("#note", NOTE)
    page.click(f"#decide-form button[formaction$='/reject/']")
    expect(page.locator("#post-state")).to_have_attribute("data-state", "rejected")
    expect(page.locator(".messages li.success")).to_contain_text(
        f"Post {hiring.pk} rejected" if language == "en" else f"Post {hiring.pk} odrzucony")
    expect(page.locator("ol.history")).to_contain_text(NOTE)
    page.screenshot(path=str(ARTIFACTS / f"approvals-rejected-{viewport}-{language}.png"), full_page=True)

    sign_in_browser(page, base, acme.users["employee"], language=language)
    page.goto(f"{base}/posts/{hiring.pk}/")
    expect(page.locator("#review-notes")).to_contain_text(NOTE)
    page.click("#copy-post")
    expect(page).to_have_url(re.compile(r"/compose/\d+/$"))
    expect(page.locator("#review-notes")).to_contain_text(NOTE)
    assert page.locator("#review-notes").bounding_box()["y"] < page.locator("#compose-form").bounding_box()["y"]
    expect(page.locator("#id_text")).to_have_value(TEXTS[2])
    no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / f"approvals-copy-edit-{viewport}-{language}.png"), full_page=True)
    assert PostDraft.objects.get(copied_from=hiring).state == "draft"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport, language", [("desktop", "en"), ("phone", "pl")])
def test_author_asks_for_an_exception_and_compliance_grants_it(live_server, browser_page, viewport, language):
    page, base = browser_page, live_server.url
    page.set_viewport_size(VIEWPORTS[viewport])
    acme = make_org("acme")
    post = submitted(acme, BLOCK_TEXT)

    sign_in_browser(page, base, acme.users["employee"], language=language)
    page.goto(f"{base}/posts/{post.pk}/")
    page.select_option("#ask-rule", "pii-ids")
    page.fill("#ask-reason", "A published test number from the documentation.")
    page.locator("#ask-exception button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_contain_text("pii-ids")
    expect(page.locator("#ask-exception")).to_have_count(0)  # asked once: no second request for the same rule
    page.screenshot(path=str(ARTIFACTS / f"exception-asked-{viewport}-{language}.png"), full_page=True)

    sign_in_browser(page, base, acme.users["compliance"], language=language)
    page.goto(f"{base}/posts/queue/waiting/")
    page.locator(".tabs a[href$='/exceptions/']").click()
    request = page.locator(".exception-request").first
    expect(request).to_contain_text("A published test number from the documentation.")
    no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / f"exception-requests-{viewport}-{language}.png"), full_page=True)
    request.locator("button[value=grant]").click()
    expect(page.locator("#post-state")).to_have_attribute("data-state", "draft")
    expect(page.locator("li.finding.suppressed[data-rule=pii-ids]")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / f"exception-granted-{viewport}-{language}.png"), full_page=True)
    assert ExceptionRequest.objects.get(post=post).answer == "granted"

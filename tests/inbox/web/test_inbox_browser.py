"""The inbox in a real browser (Playwright driving Debian's chromium) against a live server: a customer
service agent filters the inbox (HTMX), opens a Polish complaint, takes it, uses the suggested saved reply,
sends it (checked and approved; the mention came from X, where socialguard does not send, so the page says so
and the mention waits) and marks it replied by hand; a reply with an e-mail address goes to approval.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from inbox_web_support import COMPLAINT_PL, PRAISE_PL, QUESTION_EN, inbox_org, store
from web_support import ARTIFACTS, go_to
from playwright.sync_api import expect

from socialguard.inbox.models import Reply
from socialguard.inbox.sending import progress

PASSWORD = "correct horse battery staple"


@pytest.fixture
def page(browser_page):
    return browser_page


@pytest.mark.django_db(transaction=True)
def test_an_agent_answers_a_complaint_with_a_saved_reply(live_server, page):
    acme = inbox_org("acme")
    agent = acme.users["customer_service"]
    agent.set_password(PASSWORD)
    agent.save()
    complaint = store(acme.org, COMPLAINT_PL, key="pl-1", author="Kasia")
    store(acme.org, QUESTION_EN, key="en-1")
    store(acme.org, PRAISE_PL, key="pl-2")
    base = live_server.url

    page.goto(f"{base}/signin/login/")
    page.fill("#username", agent.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/")
    go_to(page, "Monitor", "Inbox")
    expect(page.locator("tr.mention")).to_have_count(3)
    page.select_option("select[name=topic]", "complaint")  # HTMX swaps the table in place
    expect(page.locator("tr.mention")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"topic=complaint"))
    page.screenshot(path=str(ARTIFACTS / "inbox-1-filtered.png"), full_page=True)

    page.click(f"a[href='/inbox/{complaint.pk}/']")
    page.select_option("#assignee-select", "me")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator("#mention-status")).to_have_attribute("data-status", "assigned")
    page.locator("a.suggestion").first.click()
    expect(page.locator("#reply-text")).to_have_value(re.compile(r"^Przepraszamy, Kasia\."))
    page.screenshot(path=str(ARTIFACTS / "inbox-2-suggestion.png"), full_page=True)
    page.click("text=Check and send")
    expect(page.locator(".reply[data-state=failed]")).to_have_count(1)
    expect(page.locator("#latest-reply")).to_contain_text("socialguard does not send to x")
    expect(page.locator("#mention-status")).to_have_attribute("data-status", "assigned")
    page.get_by_role("button", name="Replied", exact=True).click()
    expect(page.locator("#mention-status")).to_have_attribute("data-status", "replied")

    page.fill("#reply-text", "Write to jan.kowalski@gmail.com and we will answer.")
    page.click("text=Check and send")
    expect(page.locator(".reply[data-state=pending]")).to_have_count(1)
    expect(page.locator("a", has_text=re.compile(r"^post \d+$"))).to_have_count(2)
    page.screenshot(path=str(ARTIFACTS / "inbox-3-replies.png"), full_page=True)
    assert [(progress(r).state, r.saved_reply) for r in Reply.objects.order_by("pk")] == [
        ("failed", "complaint-sorry"), ("pending", "")]

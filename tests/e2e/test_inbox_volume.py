"""The inbox at volume in a real browser (Playwright driving Debian's chromium) against a live server, in English
and Polish: a customer service agent closes a crisis batch of 26 near-identical posts at once, searches and
filters (state kept in the address, labels instead of internal ids), and works the list with the keyboard
(j/k, x, a, e, o, /, ?) on a desktop and on a 390 px phone, where the rows are cards and nothing scrolls
sideways. The Content-Security-Policy blocks nothing (the `browser_page` fixture). Screenshots go to
test-artifacts/."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect
from web_support import ARTIFACTS, make_org, sign_in

from socialguard.inbox import mention as pure
from socialguard.inbox.django_store import ingest
from socialguard.inbox.models import Mention

COLD_START_MS = 60_000  # the live server's first page (URLs, templates, policy) under a loaded machine
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CRISIS = "Boycott Acme! This is a scandal, protest now. Everyone should know how they treat customers."
COMPLAINT = "Terrible service from Acme, my order never arrived and nobody answers my e-mails or calls."
QUESTION = "What are your support hours on weekends and public holidays?"
WORDS = {
    "en": {"closed": "Closed 26 mentions.", "assigned": "Assigned 1 mention.", "closed_one": "Closed 1 mention.",
           "topic": "Legal threat", "crisis": "Crisis", "of": "1–50 of 60 mentions", "status_closed": "Closed"},
    "pl": {"closed": "Zamknięto 26 wzmianek.", "assigned": "Przypisano 1 wzmiankę.", "closed_one": "Zamknięto 1 wzmiankę.",
           "topic": "Groźba prawna", "crisis": "Kryzys", "of": "1–50 z 60 wzmianek", "status_closed": "Zamknięta"},
}


def _agent_on_the_inbox(page: Page, base: str, language: str, viewport: dict, query: str = ""):
    from socialguard.orgs.models import Profile

    acme = make_org("acme")
    agent = acme.users["customer_service"]
    Profile.objects.update_or_create(user=agent, defaults={"language": language})
    client = Client()
    sign_in(client, agent)
    page.set_viewport_size(viewport)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return acme, agent


def _store(org, texts: list[tuple[str, str]]) -> None:
    ingest(org, [pure.Mention(source=source, external_id=f"m{i}", text=f"{text} ({i})", author=f"@person{i}")
                 for i, (source, text) in enumerate(texts)])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "pl"])
def test_an_agent_closes_a_crisis_batch_at_once(live_server, browser_page, language):
    page, words = browser_page, WORDS[language]
    acme, _ = _agent_on_the_inbox(page, live_server.url, language, DESKTOP)
    _store(acme.org, [("x", CRISIS)] * 26 + [("mastodon", QUESTION)] * 3)
    page.goto(f"{live_server.url}/inbox/", timeout=COLD_START_MS)
    page.select_option("select[name=topic]", label=words["crisis"])
    expect(page.locator("tr.mention")).to_have_count(26)
    expect(page).to_have_url(re.compile(r"topic=crisis"))
    page.check("#select-page")
    expect(page.locator("#selected-count")).to_have_text("26 / 26")
    page.screenshot(path=str(ARTIFACTS / f"inbox-volume-crisis-selected-{language}.png"), full_page=True)
    page.locator("#bulk button[name=action][value=close]").click()
    expect(page.locator(".messages li")).to_have_text(words["closed"])
    expect(page).to_have_url(re.compile(r"topic=crisis"))  # back to the list as it was filtered
    expect(page.locator("tr.mention[data-status=closed]")).to_have_count(26)
    page.screenshot(path=str(ARTIFACTS / f"inbox-volume-crisis-closed-{language}.png"), full_page=True)
    assert Mention.objects.filter(org=acme.org, status="closed").count() == 26
    assert Mention.objects.filter(org=acme.org, status="new").count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "pl"])
def test_search_and_filters_keep_their_state_in_the_address(live_server, browser_page, language):
    page, words = browser_page, WORDS[language]
    acme, _ = _agent_on_the_inbox(page, live_server.url, language, DESKTOP)
    _store(acme.org, [("x", COMPLAINT)] * 4 + [("facebook", COMPLAINT)] * 2 + [("mastodon", QUESTION)] * 54)
    page.goto(f"{live_server.url}/inbox/", timeout=COLD_START_MS)
    expect(page.locator("tr.mention")).to_have_count(50)
    expect(page.locator("p.summary")).to_contain_text(words["of"])
    expect(page.locator("select[name=topic] option", has_text=words["topic"])).to_have_count(1)
    page.fill("#inbox-search", "never arrived")  # HTMX asks again once typing stops
    expect(page.locator("tr.mention")).to_have_count(6)
    expect(page).to_have_url(re.compile(r"q=never(\+|%20)arrived"))
    page.select_option("select[name=source]", label="Facebook")
    expect(page.locator("tr.mention")).to_have_count(2)
    page.screenshot(path=str(ARTIFACTS / f"inbox-volume-search-{language}.png"), full_page=True)
    page.reload()  # the address holds the whole state
    expect(page.locator("#inbox-search")).to_have_value("never arrived")
    expect(page.locator("select[name=source]")).to_have_value("facebook")
    expect(page.locator("tr.mention")).to_have_count(2)
    assert "customer_service" not in page.locator("#mentions tbody").inner_text()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "pl"])
def test_the_keyboard_works_the_list(live_server, browser_page, language, viewport):
    page, words, size = browser_page, WORDS[language], {"desktop": DESKTOP, "phone": PHONE}[viewport]
    acme, agent = _agent_on_the_inbox(page, live_server.url, language, size)
    _store(acme.org, [("x", COMPLAINT)] * 60)
    newest = list(Mention.objects.filter(org=acme.org).order_by("-occurred_at", "-pk").values_list("pk", flat=True))
    page.goto(f"{live_server.url}/inbox/", timeout=COLD_START_MS)
    rows = page.locator("tr.mention")
    expect(rows).to_have_count(50)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]  # nothing scrolls sideways
    text_width = page.locator("tr.mention td.what").first.bounding_box()["width"]
    assert text_width >= (280 if viewport == "phone" else 500)  # the mention text gets the room

    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("x")
    expect(rows.nth(1).locator("input[name=mention]")).to_be_checked()
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"inbox-volume-keys-help-{viewport}-{language}.png"))
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).to_be_hidden()

    page.keyboard.press("/")
    expect(page.locator("#inbox-search")).to_be_focused()
    page.keyboard.type("jk")  # typing in a field fires no shortcut
    expect(rows.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
    page.locator("#inbox-search").fill("")
    page.locator("#inbox-search").blur()

    page.keyboard.press("a")  # the selected mention (the second row) is assigned to me
    expect(page.locator(".messages li")).to_have_text(words["assigned"])
    mention = Mention.objects.select_related("assignment").get(pk=newest[1])
    assert mention.assignment.assignee == agent and mention.status == "assigned"
    page.keyboard.press("j")
    page.keyboard.press("e")  # nothing selected: the current (first) mention is closed
    expect(page.locator(".messages li")).to_have_text(words["closed_one"])
    expect(rows.first).to_have_attribute("data-status", "closed")
    expect(rows.first.locator(".state")).to_have_text(words["status_closed"])
    page.screenshot(path=str(ARTIFACTS / f"inbox-volume-keys-{viewport}-{language}.png"), full_page=True)
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("o")
    expect(page).to_have_url(f"{live_server.url}/inbox/{newest[1]}/")

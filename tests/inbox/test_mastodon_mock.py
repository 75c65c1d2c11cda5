"""The Mastodon connector against `mastodon-mock`, an independent third-party Mastodon REST server (FastAPI
and SQLite), started on 127.0.0.1 once per test session (the shared `mastodon_mock` fixture) and reset before
each test. Its tag timeline and notifications page by id with `min_id`/`max_id` and `Link` headers as
Mastodon does; its search does not (see test_mastodon_search.py for search against a production-shaped fake)."""

from __future__ import annotations

import httpx
import pytest

from socialguard.inbox.connectors._http import Fetcher
from socialguard.inbox.connectors.mastodon import MastodonConnector
from socialguard.inbox.poller import MemoryStore, Poller

PAGE = 5
BRAND = "alice_token"  # the seeded accounts' tokens: alice is the brand account, bob and carol write


@pytest.fixture
def fetcher():
    """A real server on a busy machine: a production timeout, no retries (a failure shows as an error)."""
    made = Fetcher(timeout=10.0, attempts=1)
    yield made
    made.close()


def publish(mastodon_mock: str, text: str, token: str = "bob_token") -> dict:
    response = httpx.post(f"{mastodon_mock}/api/v1/statuses", data={"status": text},
                          headers={"Authorization": f"Bearer {token}"})
    response.raise_for_status()
    return response.json()


def texts(store: MemoryStore) -> list[str]:
    return sorted(m.text for m in store.mentions.values())


def test_a_hashtag_burst_of_three_pages_arrives_exactly_once(mastodon_mock, fetcher):
    publish(mastodon_mock, "Before: #acme bikes are fine")
    store = MemoryStore()
    poller = Poller([MastodonConnector(mastodon_mock, hashtag="acme", limit=PAGE, fetcher=fetcher)], store)
    assert poller.poll_once()[0].new == 1
    burst = [f"Burst {n}: #Acme support does not answer" for n in range(3 * PAGE)]
    for text in burst:
        publish(mastodon_mock, text)
    publish(mastodon_mock, "Unrelated #weather post")
    (report,) = poller.poll_once()
    assert report.errors == [] and (report.fetched, report.new) == (3 * PAGE, 3 * PAGE)
    assert texts(store) == sorted(["Before: #acme bikes are fine", *burst])
    assert poller.poll_once()[0].fetched == 0


def test_mentions_of_the_brand_account_arrive_exactly_once_and_other_notifications_do_not(mastodon_mock, fetcher):
    store = MemoryStore()
    notifications = MastodonConnector(mastodon_mock, notifications=True, token=BRAND, limit=PAGE, fetcher=fetcher)
    poller = Poller([notifications], store)
    own = publish(mastodon_mock, "Our autumn sale starts today", token=BRAND)
    httpx.post(f"{mastodon_mock}/api/v1/statuses/{own['id']}/favourite",
               headers={"Authorization": "Bearer carol_token"}).raise_for_status()
    publish(mastodon_mock, "@alice where is my order?")
    assert poller.poll_once()[0].new == 1
    burst = [f"@alice complaint number {n}" for n in range(3 * PAGE)]
    for n, text in enumerate(burst):
        publish(mastodon_mock, text, token="carol_token" if n % 2 else "bob_token")
    (report,) = poller.poll_once()
    assert report.errors == [] and report.new == 3 * PAGE
    assert texts(store) == sorted(["@alice where is my order?", *burst])
    assert {m.author.split("@")[1] for m in store.mentions.values()} == {"bob", "carol"}
    assert poller.poll_once()[0].fetched == 0


def test_notifications_need_the_brand_token(mastodon_mock, fetcher):
    batch = MastodonConnector(mastodon_mock, notifications=True, fetcher=fetcher).fetch(None)
    assert batch.errors[0].endswith("notifications needs an access token (token_env)")
    wrong = MastodonConnector(mastodon_mock, notifications=True, token="nope", fetcher=fetcher).fetch(None)
    assert "HTTP 401" in wrong.errors[0]


def test_search_sends_the_token_and_a_lone_hashtag_query_reads_the_tag_timeline(mastodon_mock, fetcher):
    publish(mastodon_mock, "My Acme bike lost a pedal #acme")
    publish(mastodon_mock, "Nothing to see")
    store = MemoryStore()
    search = MastodonConnector(mastodon_mock, query="acme bike", token=BRAND, limit=PAGE, fetcher=fetcher)
    tag = MastodonConnector(mastodon_mock, query="#acme", token=BRAND, limit=PAGE, fetcher=fetcher)
    reports = Poller([search, tag], store).poll_once()
    assert [r.fetched for r in reports] == [1, 1] and [r.errors for r in reports] == [[], []]
    assert tag.name.endswith("#acme")
    assert len(store.mentions) == 1  # one status found two ways is stored once


def test_a_server_that_ignores_offset_is_reported_not_trusted(mastodon_mock, fetcher):
    """mastodon-mock answers every search page with the newest results; the connector says so."""
    publish(mastodon_mock, "acme bike first")
    store = MemoryStore()
    poller = Poller([MastodonConnector(mastodon_mock, query="acme bike", token=BRAND, limit=PAGE, fetcher=fetcher)],
                    store)
    poller.poll_once()
    for n in range(3 * PAGE):
        publish(mastodon_mock, f"acme bike burst {n}")
    (report,) = poller.poll_once()
    assert report.new == PAGE
    assert report.errors == [f"{report.name}: the server ignores `offset`: posts beyond the first {PAGE} results "
                             "of this poll could not be read"]


def test_a_hashtag_empty_at_the_first_poll_gets_its_first_burst_whole(mastodon_mock, fetcher):
    store = MemoryStore()
    poller = Poller([MastodonConnector(mastodon_mock, hashtag="acme", limit=PAGE, fetcher=fetcher)], store)
    assert poller.poll_once()[0].fetched == 0
    burst = [f"First ever #acme post {n}" for n in range(3 * PAGE)]
    for text in burst:
        publish(mastodon_mock, text)
    (report,) = poller.poll_once()
    assert report.errors == [] and report.new == 3 * PAGE and texts(store) == sorted(burst)

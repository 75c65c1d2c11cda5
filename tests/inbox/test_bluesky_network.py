"""The Bluesky connectors against the AT Protocol reference servers (`@atproto/dev-env`: PLC, PDS and
AppView on 127.0.0.1): login with an app password, search and notifications read through the PDS, bursts
of three pages between polls, token refresh."""

from __future__ import annotations

import itertools

import pytest

from socialguard.inbox.connectors._http import Fetcher
from socialguard.inbox.connectors.atproto import session as atproto_session
from socialguard.publishing.atproto import AtprotoSession
from socialguard.inbox.connectors.bluesky import BlueskyMentions, BlueskySearch
from socialguard.inbox.poller import MemoryStore, Poller

PAGE = 5
_numbers = itertools.count(1)


@pytest.fixture
def fetcher():
    """The real servers hash passwords and proxy reads: a production timeout, no retries."""
    made = Fetcher(timeout=10.0, attempts=1)
    yield made
    made.close()


@pytest.fixture
def accounts(atproto):
    """A fresh brand account and a customer account (handles unique within the session's network)."""
    n = next(_numbers)
    return atproto.account(f"brandbikes{n}.test"), atproto.account(f"customer{n}.test")


def session(atproto, brand, fetcher) -> AtprotoSession:
    return atproto_session(atproto.pds, brand.handle, brand.app_password(), fetcher)


def texts(store: MemoryStore) -> list[str]:
    return sorted(m.text for m in store.mentions.values())


def test_a_search_burst_of_three_pages_arrives_exactly_once(atproto, accounts, fetcher):
    brand, customer = accounts
    word = f"Zephyrbike{brand.handle[10:-5]}"  # a word only this test's posts contain
    store = MemoryStore()
    search = BlueskySearch(session(atproto, brand, fetcher), query=word, limit=PAGE)
    poller = Poller([search], store)
    customer.post(f"Before: my {word} is fine")
    customer.wait_indexed(customer.posted)
    assert poller.poll_once()[0].new == 1
    burst = [f"Burst {n}: my {word} squeaks" for n in range(3 * PAGE)]
    for text in burst:
        customer.post(text)
    customer.wait_indexed(customer.posted)
    (report,) = poller.poll_once()
    assert report.errors == [] and report.new == 3 * PAGE
    assert texts(store) == sorted([f"Before: my {word} is fine", *burst])
    assert len({m.external_id for m in store.mentions.values()}) == 3 * PAGE + 1
    again = poller.poll_once()[0]
    assert again.new == 0 and again.errors == []


def test_mentions_and_replies_burst_of_three_pages_arrives_exactly_once(atproto, accounts, fetcher):
    brand, customer = accounts
    store = MemoryStore()
    mentions = BlueskyMentions(session(atproto, brand, fetcher), account=brand.handle, limit=PAGE)
    poller = Poller([mentions], store)
    announcement = brand.post("Our autumn sale starts today")
    customer.post(f"Where is my order @{brand.handle}", mention=brand)
    customer.wait_indexed(customer.posted)
    assert poller.poll_once()[0].new == 1
    burst = []
    for n in range(3 * PAGE):
        if n % 3:
            burst.append(f"Complaint {n} @{brand.handle}")
            customer.post(burst[-1], mention=brand)
        else:
            burst.append(f"Reply {n}: the sale price is wrong")
            customer.post(burst[-1], reply_to=announcement)
    customer.post("A post that names nobody")
    customer.wait_indexed(customer.posted)
    (report,) = poller.poll_once()
    assert report.errors == [] and report.new == 3 * PAGE
    assert texts(store) == sorted([f"Where is my order @{brand.handle}", *burst])
    replies = [m for m in store.mentions.values() if m.text.startswith("Reply")]
    assert replies and all(m.in_reply_to == announcement["uri"] for m in replies)
    assert poller.poll_once()[0].new == 0


def test_an_expired_access_token_is_refreshed_and_the_call_repeated(atproto, accounts, fetcher):
    brand, customer = accounts
    customer.post(f"Hello @{brand.handle}", mention=brand)
    customer.wait_indexed(customer.posted)
    login = session(atproto, brand, fetcher)
    mentions = BlueskyMentions(login, account=brand.handle, limit=PAGE)
    assert len(mentions.fetch(None).mentions) == 1
    login._access = login._access[:-4] + "AAAA"  # the PDS no longer accepts it, as after expiry
    batch = mentions.fetch(None)
    assert batch.errors == [] and len(batch.mentions) == 1


def test_a_wrong_app_password_is_one_clear_error_without_the_password(atproto, accounts, fetcher):
    brand, _ = accounts
    search = BlueskySearch(atproto_session(atproto.pds, brand.handle, "wrong-pass-word", fetcher), query="x")
    batch = search.fetch(None)
    (error,) = batch.errors
    assert f"login as {brand.handle} failed" in error and "HTTP 401" in error
    assert "wrong-pass-word" not in error and batch.cursor is None

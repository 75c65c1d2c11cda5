"""Mastodon search polling against a fake that searches the way production Mastodon does (see
`mastodon_search_fake.py` for why a fake: no installable server sorts and filters search like Mastodon's
`StatusesSearchService`)."""

from __future__ import annotations

import pytest

from socialguard.inbox.connectors.mastodon import MastodonConnector
from socialguard.inbox.poller import MemoryStore, Poller

from inbox_servers import LocalServer, Reply
from mastodon_search_fake import ProductionSearch

PAGE = 5


@pytest.fixture
def search():
    fake = ProductionSearch()
    server = LocalServer(fake)
    yield fake, server
    server.close()


def connector(server, fetcher, **options) -> MastodonConnector:
    options.setdefault("token", "brand-token")
    return MastodonConnector(instance=server.url, query="acme bike", limit=PAGE, fetcher=fetcher, **options)


def texts(store: MemoryStore) -> list[str]:
    return sorted(m.text for m in store.mentions.values())


def test_a_burst_of_three_pages_between_polls_arrives_exactly_once(search, fetcher):
    fake, server = search
    for n in range(3):
        fake.post(f"acme bike old {n}", seconds=1)
    store = MemoryStore()
    poller = Poller([connector(server, fetcher)], store)
    assert poller.poll_once()[0].new == 3
    burst = [f"acme bike burst {n}" for n in range(3 * PAGE)]
    for text in burst:
        fake.post(text)  # all in the same millisecond, as a burst is to a date filter
    fake.post("something else entirely")
    (report,) = poller.poll_once()
    assert report.errors == [] and report.new == 3 * PAGE
    assert texts(store) == sorted([f"acme bike old {n}" for n in range(3)] + burst)
    assert [s.query.get("offset") for s in server.seen[1:]] == [None, "5", "10", "15"]
    assert all("min_id" not in s.query and "max_id" not in s.query for s in server.seen)
    (quiet,) = poller.poll_once()
    assert (quiet.new, quiet.pages) == (0, 1)


def test_paging_with_min_id_like_a_timeline_would_lose_the_burst(search, fetcher):
    """The fake's `min_id` is a date filter, newest first: the old way of polling reads one page of a burst."""
    fake, server = search
    first = fake.post("acme bike first", seconds=1)
    for n in range(3 * PAGE):
        fake.post(f"acme bike burst {n}", seconds=0.001)
    page = (fetcher.get(server.url + "/api/v2/search", params={
        "q": "acme bike", "type": "statuses", "limit": PAGE, "min_id": first["id"]},
        headers={"Authorization": "Bearer brand-token"})).json()
    assert [s["content"] for s in page["statuses"]] == [f"<p>acme bike burst {n}</p>" for n in range(14, 9, -1)]


def test_posts_published_during_a_sweep_are_read_and_none_skipped(search, fetcher):
    fake, server = search
    fake.post("acme bike old", seconds=1)
    store = MemoryStore()
    poller = Poller([connector(server, fetcher)], store)
    poller.poll_once()
    for n in range(2 * PAGE):
        fake.post(f"acme bike burst {n}", seconds=0.5)

    def publish_while_paging(query: dict) -> None:
        if query.get("offset") == "5":
            for n in range(3):
                fake.post(f"acme bike late {n}", seconds=0.5)

    fake.before_page = publish_while_paging
    poller.poll_once()
    fake.before_page = None
    poller.poll_once()
    expected = ["acme bike old", *(f"acme bike burst {n}" for n in range(2 * PAGE)),
                *(f"acme bike late {n}" for n in range(3))]
    assert texts(store) == sorted(expected)


def test_a_sweep_cut_by_the_page_limit_or_an_error_is_finished_next_poll(search, fetcher):
    fake, server = search
    fake.post("acme bike old", seconds=1)
    store = MemoryStore()
    poller = Poller([connector(server, fetcher, max_pages=2)], store)
    poller.poll_once()
    for n in range(4 * PAGE):
        fake.post(f"acme bike burst {n}", seconds=0.01)
    cut = poller.poll_once()[0]
    assert (cut.new, cut.errors) == (2 * PAGE, [])
    assert store.cursor(cut.name)["offset"] == 2 * PAGE
    server.script.extend([Reply(503)] * 3)
    failed = poller.poll_once()[0]
    assert failed.new == 0 and "HTTP 503" in failed.errors[0]
    assert store.cursor(cut.name)["offset"] == 2 * PAGE
    rest = poller.poll_once()[0]
    assert rest.new == 2 * PAGE and rest.errors == [] and len(store.mentions) == 4 * PAGE + 1
    done = poller.poll_once()[0]  # the page that reaches the previous poll's newest post ends the sweep
    assert done.new == 0 and store.cursor(cut.name) == {"since_id": fake.statuses[-1]["id"]}


def test_search_without_a_token_is_a_clear_error_and_sends_nothing(search, fetcher):
    _, server = search
    batch = connector(server, fetcher, token=None).fetch({"since_id": "1"})
    host = server.url.removeprefix("http://")
    assert batch.errors == [f"mastodon:{host}?acme bike: search needs an access token (token_env)"]
    assert batch.cursor == {"since_id": "1"} and server.seen == []


def test_a_token_the_instance_does_not_know_finds_nothing(search, fetcher):
    fake, server = search
    for n in range(2 * PAGE):
        fake.post(f"acme bike {n}", seconds=1)
    batch = connector(server, fetcher, token="expired").fetch(None)
    assert batch.mentions == [] and batch.cursor == {"since_id": "0"}


def test_a_lone_hashtag_query_reads_the_tag_timeline_and_a_lone_account_is_refused(fetcher):
    tag = MastodonConnector(instance="https://mastodon.example", query="#Acme", token="t", fetcher=fetcher)
    assert tag.hashtag == "Acme" and tag.query is None
    assert tag.url == "https://mastodon.example/api/v1/timelines/tag/Acme"
    with pytest.raises(ValueError, match="single @account query"):
        MastodonConnector(instance="https://mastodon.example", query="@acme@mastodon.example", fetcher=fetcher)


def test_a_policy_with_a_lone_account_query_is_refused_with_the_way_out():
    from pydantic import ValidationError

    from socialguard.policy.listening import MastodonSource

    with pytest.raises(ValidationError, match="set notifications: true to read the brand account's mentions"):
        MastodonSource(instance="https://mastodon.example", queries=["acme bikes", "@acme"])

"""The RSS/Atom connector against a local server serving recorded feeds, with conditional GET."""

from __future__ import annotations

import pytest

from socialguard.inbox.connectors.rss import RssConnector
from socialguard.inbox.poller import MemoryStore, Poller

from inbox_servers import FIXTURES, LocalServer, Reply


class FeedSite:
    """Serves `/feed.rss` and `/feed.atom` with an ETag; answers 304 when the client already has it."""

    def __init__(self) -> None:
        self.files = {name: (FIXTURES / name).read_bytes() for name in ("feed.rss", "feed.atom")}
        self.version = 1

    def __call__(self, path: str, query: dict, headers: dict) -> Reply:
        body = self.files.get(path.lstrip("/"))
        if body is None:
            return Reply(404, b"not found")
        etag = f'"v{self.version}"'
        if headers.get("if-none-match") == etag:
            return Reply(304)
        return Reply(200, body, {"Content-Type": "application/rss+xml", "ETag": etag,
                                 "Last-Modified": "Thu, 19 Nov 2026 14:05:00 GMT"})


@pytest.fixture
def site():
    feeds = FeedSite()
    server = LocalServer(feeds)
    yield feeds, server
    server.close()


def test_rss_items_become_mentions(site, fetcher):
    _, server = site
    batch = RssConnector(server.url + "/feed.rss", fetcher=fetcher).fetch(None)
    assert batch.errors == []
    first, second = batch.mentions
    assert first.text == "Acme faces lawsuit over data leak\nCustomers say their data was exposed."
    assert first.external_id == "news-example-88213" and first.author == "J. Smith"
    assert first.url == "https://news.example/2026/11/acme-lawsuit"
    assert first.created_at.isoformat() == "2026-11-19T14:02:00+00:00"
    assert first.lang == "en"
    assert second.external_id == "https://news.example/2026/11/acme-gdansk"
    assert batch.cursor == {"etag": '"v1"', "modified": "Thu, 19 Nov 2026 14:05:00 GMT"}


def test_atom_entries_with_relative_links_and_polish_language(site, fetcher):
    _, server = site
    batch = RssConnector(server.url + "/feed.atom", fetcher=fetcher).fetch(None)
    first, second = batch.mentions
    assert first.text.startswith("Bojkot Acme?\nCzy ktoś jeszcze myśli o bojkocie?")
    assert first.url == server.url + "/t/501"
    assert first.lang == "pl" and first.author == "anka77"
    assert second.text == "Pytanie o gwarancję\nJak długo trwa gwarancja na rowery Acme?"


def test_an_unchanged_feed_is_a_304_and_a_changed_one_is_deduplicated(site, fetcher):
    feeds, server = site
    store = MemoryStore()
    poller = Poller([RssConnector(server.url + "/feed.rss", fetcher=fetcher)], store)
    assert poller.poll_once()[0].new == 2
    again = poller.poll_once()[0]
    assert (again.fetched, again.new) == (0, 0)
    assert server.seen[-1].headers["if-none-match"] == '"v1"'
    feeds.version = 2
    changed = poller.poll_once()[0]
    assert (changed.fetched, changed.new) == (2, 0)
    assert len(store.mentions) == 2


def test_malformed_xml_is_reported_and_the_entries_before_it_kept(site, fetcher):
    feeds, server = site
    broken = feeds.files["feed.rss"].replace(b"</item>\n    <item>", b"</item>\n    <item><oops", 1)
    broken = broken.replace(b"</channel>", b"<unclosed></channel>")
    server.script.append(Reply(200, broken, {"Content-Type": "application/rss+xml"}))
    batch = RssConnector(server.url + "/feed.rss", fetcher=fetcher).fetch(None)
    assert batch.errors and "malformed feed: line" in batch.errors[0]
    assert batch.mentions and batch.mentions[0].external_id == "news-example-88213"


def test_something_that_is_not_a_feed_keeps_the_cursor(site, fetcher):
    _, server = site
    server.script.append(Reply(200, b"<html><body>Maintenance</body></html>", {"Content-Type": "text/html"}))
    batch = RssConnector(server.url + "/feed.rss", fetcher=fetcher).fetch({"etag": '"v0"'})
    assert batch.mentions == [] and batch.cursor == {"etag": '"v0"'}
    assert batch.errors


def test_500_retried_then_ok(site, fetcher):
    _, server = site
    server.script.append(Reply(500))
    batch = RssConnector(server.url + "/feed.rss", fetcher=fetcher).fetch(None)
    assert len(batch.mentions) == 2 and batch.errors == [] and fetcher.waits == [1.0]


def test_429_then_timeouts_are_reported(site, fetcher):
    _, server = site
    server.script.extend([Reply(429, b"", {"Retry-After": "2"}), Reply(200, b"", delay=0.6), Reply(200, b"", delay=0.6)])
    batch = RssConnector(server.url + "/feed.rss", fetcher=fetcher).fetch(None)
    assert batch.mentions == [] and "timed out" in batch.errors[0]
    assert fetcher.waits == [2.0, 2.0]


def test_a_missing_feed_is_a_clear_error(site, fetcher):
    _, server = site
    batch = RssConnector(server.url + "/nope.rss", fetcher=fetcher).fetch(None)
    assert batch.errors == [f"rss:{server.url}/nope.rss: 127.0.0.1:{server.url.rsplit(':', 1)[1]}/nope.rss: HTTP 404"]

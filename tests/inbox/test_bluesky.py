"""The Bluesky connector against a local server speaking `app.bsky.feed.searchPosts`."""

from __future__ import annotations

from socialguard.inbox.connectors.bluesky import BlueskyConnector
from socialguard.inbox.poller import MemoryStore, Poller

from inbox_servers import Reply, json_reply


def _connector(server, fetcher, **options) -> BlueskyConnector:
    return BlueskyConnector(query=options.pop("query", "acme"), service=server.url, fetcher=fetcher,
                            limit=options.pop("limit", 2), **options)


def test_a_post_becomes_a_mention_with_its_web_link_and_language(bluesky, fetcher):
    appview, server = bluesky
    appview.post(100, "Acme znowu nie odpowiada na reklamację.")
    batch = _connector(server, fetcher).fetch(None)
    assert batch.errors == []
    (mention,) = batch.mentions
    assert mention.source == "bluesky" and mention.lang == "pl"
    assert mention.author == "@marek.bsky.social" and mention.author_followers is None
    assert mention.url == "https://bsky.app/profile/marek.bsky.social/post/3lb0000000100"
    assert mention.external_id.startswith("at://did:plc:")
    assert server.seen[0].query["sort"] == "latest"
    assert batch.cursor == {"since": mention.created_at.isoformat()}


def test_pages_with_the_cursor_then_resumes_with_since(bluesky, fetcher):
    appview, server = bluesky
    for n in range(1, 6):
        appview.post(n, f"acme post {n}")
    store = MemoryStore()
    poller = Poller([_connector(server, fetcher)], store)
    (first,) = poller.poll_once()
    assert (first.new, first.pages) == (5, 3)
    assert [s.query.get("cursor") for s in server.seen] == [None, "2", "4"]
    appview.post(10, "acme post 10")
    appview.post(11, "acme post 11")
    (second,) = poller.poll_once()
    assert second.new == 2  # the boundary post comes again (since is inclusive) and is deduplicated
    assert "since" in server.seen[3].query


def test_a_sweep_cut_short_resumes_its_paging_next_time(bluesky, fetcher):
    appview, server = bluesky
    for n in range(1, 8):
        appview.post(n, f"acme {n}")
    store = MemoryStore()
    poller = Poller([_connector(server, fetcher, max_pages=2)], store)
    (first,) = poller.poll_once()
    assert first.new == 4
    assert store.cursor(first.name)["cursor"] == "4"
    (second,) = poller.poll_once()
    assert second.new == 3 and len(store.mentions) == 7
    assert set(store.cursor(first.name)) == {"since"}


def test_429_with_ratelimit_reset_waits_then_succeeds(bluesky, fetcher):
    appview, server = bluesky
    appview.post(1, "acme")
    server.script.append(json_reply({"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, 429,
                                    {"RateLimit-Reset": str(1_800_000_000 + 12)}))
    batch = _connector(server, fetcher).fetch(None)
    assert len(batch.mentions) == 1 and fetcher.waits == [12.0]


def test_429_forever_is_reported_after_bounded_retries(bluesky, fetcher):
    _, server = bluesky
    server.script.extend([Reply(429, b"", {"Retry-After": "3"})] * 3)
    batch = _connector(server, fetcher).fetch({"since": "2026-11-20T00:00:00+00:00"})
    assert "rate limited (HTTP 429)" in batch.errors[0]
    assert batch.cursor == {"since": "2026-11-20T00:00:00+00:00"}
    assert fetcher.waits == [3.0, 3.0]


def test_500_on_the_second_page_keeps_the_first_and_its_cursor(bluesky, fetcher):
    appview, server = bluesky
    for n in range(1, 6):
        appview.post(n, f"acme {n}")
    server.script.append(appview("/xrpc/app.bsky.feed.searchPosts", {"q": "acme", "limit": "2"}, {}))
    server.script.extend([Reply(500, b'{"error":"InternalServerError"}')] * 3)
    batch = _connector(server, fetcher).fetch(None)
    assert len(batch.mentions) == 2 and batch.cursor["cursor"] == "2"
    assert "HTTP 500" in batch.errors[0]


def test_malformed_json_and_malformed_posts(bluesky, fetcher):
    appview, server = bluesky
    good = appview.post(1, "acme ok")
    server.script.append(Reply(200, b"<html>gateway</html>"))
    assert "malformed JSON" in _connector(server, fetcher).fetch(None).errors[0]
    server.script.append(json_reply({"posts": [good, {"uri": "at://x"}, {"record": {}}]}))
    batch = _connector(server, fetcher).fetch(None)
    assert [m.text for m in batch.mentions] == ["acme ok"] and len(batch.errors) == 2
    server.script.append(json_reply({"feed": []}))
    assert "expected an object with 'posts'" in _connector(server, fetcher).fetch(None).errors[0]


def test_a_bad_request_reports_the_servers_message(bluesky, fetcher):
    _, server = bluesky
    batch = _connector(server, fetcher, query="").fetch(None)
    assert 'HTTP 400 (Error: Params must have the property "q")' in batch.errors[0]


def test_a_timeout_is_reported(bluesky, fetcher):
    _, server = bluesky
    server.script.extend([Reply(200, b"{}", delay=0.6)] * 3)
    assert "timed out" in _connector(server, fetcher).fetch(None).errors[0]

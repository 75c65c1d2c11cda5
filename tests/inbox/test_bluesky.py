"""The Bluesky connectors against a fake PDS + AppView that behaves as production does where the reference
servers cannot show it (see `BlueskyProduction` in inbox_servers.py): 403 for unauthenticated search,
`sortAt` ordering and late indexing, search cursors that end early, notification cursors that are bare
timestamps, expiring tokens, 429 and 5xx. The same connectors run against the real reference servers in
test_bluesky_network.py."""

from __future__ import annotations

import httpx

from socialguard.inbox.connectors.atproto import session
from socialguard.publishing.atproto import AtprotoSession
from socialguard.inbox.connectors.bluesky import BlueskyMentions, BlueskySearch
from socialguard.inbox.poller import MemoryStore, Poller

from inbox_servers import Reply, json_reply

PAGE = 3


def login(server, fetcher, password: str = "app-pass-word") -> AtprotoSession:
    return session(server.url, "acme.bsky.social", password, fetcher)


def search(server, fetcher, **options) -> BlueskySearch:
    return BlueskySearch(login(server, fetcher), query=options.pop("query", "acme"), limit=PAGE, **options)


def mentions(server, fetcher, **options) -> BlueskyMentions:
    return BlueskyMentions(login(server, fetcher), account="acme.bsky.social", limit=PAGE, **options)


def texts(store: MemoryStore) -> list[str]:
    return sorted(m.text for m in store.mentions.values())


def test_unauthenticated_search_is_refused_so_the_connector_logs_in(bluesky, fetcher):
    appview, server = bluesky
    appview.post("Acme znowu nie odpowiada na reklamację.")
    refused = httpx.get(f"{server.url}/xrpc/app.bsky.feed.searchPosts", params={"q": "acme"})
    assert refused.status_code == 403
    batch = search(server, fetcher).fetch(None)
    assert batch.errors == []
    (mention,) = batch.mentions
    assert [s.path for s in server.seen[1:]] == ["/xrpc/com.atproto.server.createSession",
                                                 "/xrpc/app.bsky.feed.searchPosts"]
    assert server.seen[-1].headers["authorization"] == "Bearer access-2"
    assert mention.source == "bluesky" and mention.lang == "pl" and mention.author == "@marek.bsky.social"
    assert mention.url == "https://bsky.app/profile/marek.bsky.social/post/3lb0000000001"
    assert batch.cursor == {"since": appview.posts[0]["record"]["createdAt"]}


def test_without_a_login_nothing_is_sent_and_the_error_says_what_to_set(bluesky, fetcher):
    _, server = bluesky
    batch = BlueskySearch(None, query="acme").fetch({"since": "2026-11-20T00:00:00.000Z"})
    assert batch.errors == ["bluesky:acme: Bluesky needs a login: set identifier and app_password_env"]
    assert batch.cursor == {"since": "2026-11-20T00:00:00.000Z"} and server.seen == []


def test_a_wrong_app_password_is_reported_without_the_password(bluesky, fetcher):
    _, server = bluesky
    (error,) = BlueskySearch(login(server, fetcher, "nope-nope"), query="acme").fetch(None).errors
    assert "login as acme.bsky.social failed" in error and "HTTP 401 (Invalid identifier or password)" in error
    assert "nope-nope" not in error


def test_a_search_burst_of_three_pages_arrives_exactly_once(bluesky, fetcher):
    appview, server = bluesky
    appview.post("acme before")
    store = MemoryStore()
    poller = Poller([search(server, fetcher)], store)
    assert poller.poll_once()[0].new == 1
    burst = [f"acme burst {n}" for n in range(3 * PAGE)]
    for text in burst:
        appview.post(text, seconds=0.001)
    (report,) = poller.poll_once()
    assert (report.new, report.errors) == (3 * PAGE, [])
    assert texts(store) == sorted(["acme before", *burst])
    assert poller.poll_once()[0].new == 0


def test_a_cursor_that_ends_early_is_continued_below_the_oldest_post_read(bluesky, fetcher):
    appview, server = bluesky
    appview.post("acme before")
    store = MemoryStore()
    poller = Poller([search(server, fetcher)], store)
    poller.poll_once()
    appview.cursor_end = PAGE  # production search gives one page of cursors, then none
    burst = [f"acme burst {n}" for n in range(3 * PAGE)]
    for text in burst:
        appview.post(text, seconds=0.001)
    (report,) = poller.poll_once()
    assert (report.new, report.errors) == (3 * PAGE, [])
    assert texts(store) == sorted(["acme before", *burst])
    assert any("until" in s.query for s in server.seen)


def test_a_post_indexed_late_with_an_older_sort_time_is_still_read_once(bluesky, fetcher):
    appview, server = bluesky
    for n in range(2):
        appview.post(f"acme on time {n}", seconds=60)
    store = MemoryStore()
    poller = Poller([search(server, fetcher)], store)
    poller.poll_once()
    appview.post("acme indexed late", seconds=5, indexed_late=120)  # sortAt before the newest post read
    appview.post("acme new", seconds=1)
    (report,) = poller.poll_once()
    assert report.new == 2
    assert texts(store) == ["acme indexed late", "acme new", "acme on time 0", "acme on time 1"]
    assert poller.poll_once()[0].new == 0


def test_mentions_sharing_a_second_across_pages_are_not_skipped(bluesky, fetcher):
    appview, server = bluesky
    appview.post("@acme hi", reason="mention")
    store = MemoryStore()
    poller = Poller([mentions(server, fetcher)], store)
    assert poller.poll_once()[0].new == 1
    burst = [f"@acme complaint {n}" for n in range(3 * PAGE)]
    for n, text in enumerate(burst):
        appview.post(text, seconds=0.5, reason="reply" if n % 2 else "mention")  # two a second
    appview.post("liked your post", seconds=1, reason="like")
    plain = _page_through(server, appview.session)
    assert len(plain) < 3 * PAGE + 1  # plain paging with the server's cursor skips some
    (report,) = poller.poll_once()
    assert (report.new, report.errors, report.warnings) == (3 * PAGE, [], [])
    assert texts(store) == sorted(["@acme hi", *burst])


def _page_through(server, session: int) -> set[str]:
    seen, cursor = set(), None
    while True:
        body = httpx.get(f"{server.url}/xrpc/app.bsky.notification.listNotifications",
                         params={"limit": PAGE, **({"cursor": cursor} if cursor else {})},
                         headers={"Authorization": f"Bearer access-{session}"}).json()
        seen.update(n["uri"] for n in body["notifications"] if n["reason"] != "like")
        cursor = body.get("cursor")
        if not cursor:
            return seen


def test_a_page_of_mentions_all_in_one_second_is_a_warning(bluesky, fetcher):
    appview, server = bluesky
    appview.post("@acme start", reason="mention")
    store = MemoryStore()
    poller = Poller([mentions(server, fetcher)], store)
    poller.poll_once()
    for n in range(2 * PAGE):
        appview.post(f"@acme same second {n}", seconds=0.01, reason="mention")
    (report,) = poller.poll_once()
    assert report.warnings and "share the time" in report.warnings[0]


def test_an_expired_token_is_refreshed_once_and_the_call_repeated(bluesky, fetcher):
    appview, server = bluesky
    appview.post("acme one")
    connector = search(server, fetcher)
    connector.fetch(None)
    appview.expire()
    batch = connector.fetch(None)
    assert batch.errors == [] and len(batch.mentions) == 1
    assert [s.path.rsplit(".", 1)[1] for s in server.seen] == [
        "createSession", "searchPosts", "searchPosts", "refreshSession", "searchPosts"]


def test_429_with_ratelimit_reset_waits_then_succeeds(bluesky, fetcher):
    appview, server = bluesky
    appview.post("acme")
    connector = search(server, fetcher)
    connector.session.login()
    server.script.append(json_reply({"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, 429,
                                    {"RateLimit-Reset": str(1_800_000_000 + 12)}))
    batch = connector.fetch(None)
    assert len(batch.mentions) == 1 and fetcher.waits == [12.0]


def test_5xx_mid_sweep_keeps_what_was_read_and_finishes_next_poll(bluesky, fetcher):
    appview, server = bluesky
    appview.post("acme before")
    store = MemoryStore()
    poller = Poller([search(server, fetcher)], store)
    poller.poll_once()
    for n in range(3 * PAGE):
        appview.post(f"acme burst {n}", seconds=0.001)
    server.script.append(appview("/xrpc/app.bsky.feed.searchPosts", {"q": "acme", "limit": str(PAGE)},
                                 {"authorization": "Bearer access-2"}))
    server.script.extend([Reply(502, b'{"error":"UpstreamFailure"}')] * 3)
    (failed,) = poller.poll_once()
    assert failed.new == PAGE and "HTTP 502" in failed.errors[0]
    assert store.cursor(failed.name)["cursor"] == str(PAGE)
    (rest,) = poller.poll_once()
    assert rest.errors == [] and len(store.mentions) == 3 * PAGE + 1


def test_malformed_json_and_malformed_posts(bluesky, fetcher):
    appview, server = bluesky
    good = appview.post("acme ok")
    connector = search(server, fetcher)
    connector.session.login()
    server.script.append(Reply(200, b"<html>gateway</html>"))
    assert "malformed JSON" in connector.fetch(None).errors[0]
    server.script.append(json_reply({"posts": [good, {"uri": "at://x"}, {"record": {}}]}))
    batch = connector.fetch(None)
    assert [m.text for m in batch.mentions] == ["acme ok"] and len(batch.errors) == 2
    server.script.append(json_reply({"feed": []}))
    assert "expected 'posts'" in connector.fetch(None).errors[0]

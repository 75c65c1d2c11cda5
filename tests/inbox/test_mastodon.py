"""The Mastodon connector against a local server speaking the Mastodon REST API."""

from __future__ import annotations

from socialguard.inbox.connectors.mastodon import MastodonConnector
from socialguard.inbox.poller import MemoryStore, Poller

from inbox_servers import Reply, json_reply


def _connector(server, fetcher, **options) -> MastodonConnector:
    return MastodonConnector(instance=server.url, hashtag=options.pop("hashtag", "acme"), fetcher=fetcher,
                             limit=options.pop("limit", 3), **options)


def test_a_status_becomes_a_mention_with_author_reach_and_plain_text(mastodon, fetcher):
    instance, server = mastodon
    instance.post(1, "Third day without an answer from <a href='x'>#<span>acme</span></a> support.", followers=1520)
    batch = _connector(server, fetcher).fetch(None)
    assert batch.errors == []
    (mention,) = batch.mentions
    assert mention.source == "mastodon"
    assert mention.text == "Third day without an answer from #acme support."
    assert mention.author == "@kasia@" + server.url.removeprefix("http://")
    assert mention.author_followers == 1520
    assert mention.lang == "en"
    assert mention.url.startswith("https://mastodon.example/@kasia/")
    assert mention.external_id.startswith("https://mastodon.example/users/kasia/statuses/")
    assert mention.created_at.tzinfo is not None
    assert batch.cursor == {"min_id": instance.statuses[0]["id"]}


def test_first_poll_reads_the_newest_pages_then_polls_page_forward_without_gaps(mastodon, fetcher):
    instance, server = mastodon
    for n in range(1, 6):
        instance.post(n, f"old post {n}")
    connector = _connector(server, fetcher, backfill_pages=1)
    store = MemoryStore()
    poller = Poller([connector], store)
    (first,) = poller.poll_once()
    assert (first.fetched, first.new) == (3, 3)  # the newest page only
    for n in range(6, 14):  # a burst of 8 new posts, more than two pages of 3
        instance.post(n, f"new post {n}")
    (second,) = poller.poll_once()
    assert second.new == 8 and second.errors == []
    assert {m.text for m in store.mentions.values()} >= {f"new post {n}" for n in range(6, 14)}
    assert any("min_id" in seen.query for seen in server.seen[1:])
    (third,) = poller.poll_once()
    assert (third.fetched, third.new) == (0, 0)


def test_backfill_follows_the_next_link(mastodon, fetcher):
    instance, server = mastodon
    for n in range(1, 8):
        instance.post(n, f"post {n}")
    batch = _connector(server, fetcher, backfill_pages=3).fetch(None)
    assert len(batch.mentions) == 7
    assert [s.query.get("max_id") for s in server.seen][1:] != [None, None]


def test_a_post_seen_on_two_hashtags_is_stored_once(mastodon, fetcher):
    instance, server = mastodon
    status = instance.post(1, "Acme and Acmebank both down today")
    status["tags"].append({"name": "acmebank", "url": "x"})
    store = MemoryStore()
    Poller([_connector(server, fetcher), _connector(server, fetcher, hashtag="acmebank")], store).poll_once()
    assert len(store.mentions) == 1


def test_429_waits_the_retry_after_then_succeeds(mastodon, fetcher):
    instance, server = mastodon
    instance.post(1, "hello")
    server.script.append(json_reply({"error": "Too many requests"}, 429, {"Retry-After": "7"}))
    batch = _connector(server, fetcher).fetch(None)
    assert batch.errors == [] and len(batch.mentions) == 1
    assert fetcher.waits == [7.0]


def test_429_with_an_http_date_and_a_long_wait_is_capped(mastodon, fetcher):
    instance, server = mastodon
    instance.post(1, "hello")
    fetcher.max_wait = 60
    server.script.append(Reply(429, b"", {"Retry-After": "Mon, 15 Feb 2027 08:00:00 GMT"}))
    batch = _connector(server, fetcher).fetch(None)
    assert len(batch.mentions) == 1 and fetcher.waits == [60]


def test_500_is_retried_then_reported_and_the_cursor_stays(mastodon, fetcher):
    instance, server = mastodon
    instance.post(1, "hello")
    server.script.extend([Reply(500), Reply(502), Reply(503)])
    batch = _connector(server, fetcher).fetch({"min_id": "5"})
    assert batch.mentions == []
    assert batch.cursor == {"min_id": "5"}
    (error,) = batch.errors
    assert "server error (HTTP 503)" in error and "gave up after 3 attempts" in error
    assert fetcher.waits == [1.0, 2.0]  # exponential backoff between the tries


def test_a_failure_on_a_later_page_keeps_the_pages_already_read(mastodon, fetcher):
    instance, server = mastodon
    for n in range(1, 8):
        instance.post(n, f"post {n}")
    store = MemoryStore()
    store.save_cursor("mastodon:" + server.url.removeprefix("http://") + "#acme", {"min_id": "0"})
    server.script.append(instance(f"/api/v1/timelines/tag/acme", {"limit": "3", "min_id": "0"}, {}))
    server.script.extend([Reply(500)] * 3)
    (report,) = Poller([_connector(server, fetcher)], store).poll_once()
    assert report.new == 3 and len(report.errors) == 1
    cursor = store.cursor(report.name)
    assert cursor == {"min_id": instance.statuses[2]["id"]}  # just after the last post read
    (again,) = Poller([_connector(server, fetcher)], store).poll_once()
    assert again.new == 4 and again.errors == []
    assert len(store.mentions) == 7


def test_malformed_json_is_reported_not_raised(mastodon, fetcher):
    _, server = mastodon
    server.script.append(Reply(200, b'[{"id": "1", "content": ', {"Content-Type": "application/json"}))
    batch = _connector(server, fetcher).fetch(None)
    assert batch.mentions == []
    assert "malformed JSON" in batch.errors[0]


def test_a_malformed_status_is_skipped_and_the_others_kept(mastodon, fetcher):
    instance, server = mastodon
    good = instance.post(1, "fine")
    server.script.append(json_reply([good, {"id": "2"}, "nonsense"]))
    batch = _connector(server, fetcher).fetch(None)
    assert [m.text for m in batch.mentions] == ["fine"]
    assert len(batch.errors) == 2 and "status 2: malformed status skipped" in batch.errors[0]


def test_a_wrong_shape_is_reported(mastodon, fetcher):
    _, server = mastodon
    server.script.append(json_reply({"error": "unexpected"}))
    batch = _connector(server, fetcher).fetch(None)
    assert "expected a list of statuses" in batch.errors[0]


def test_a_timeout_is_retried_then_reported(mastodon, fetcher):
    instance, server = mastodon
    instance.post(1, "slow")
    server.script.extend([Reply(200, b"[]", delay=0.6)] * 3)
    batch = _connector(server, fetcher).fetch(None)
    assert batch.mentions == []
    assert "timed out after 0.3 s" in batch.errors[0]


def test_a_timeout_then_success(mastodon, fetcher):
    instance, server = mastodon
    instance.post(1, "eventually")
    server.script.append(Reply(200, b"[]", delay=0.6))
    batch = _connector(server, fetcher).fetch(None)
    assert [m.text for m in batch.mentions] == ["eventually"] and batch.errors == []


def test_an_unreachable_instance_is_reported(fetcher):
    connector = MastodonConnector(instance="http://127.0.0.1:9", hashtag="acme", fetcher=fetcher)
    batch = connector.fetch(None)
    assert "network error" in batch.errors[0] and batch.cursor is None


def test_404_is_not_retried(mastodon, fetcher):
    _, server = mastodon
    server.script.append(json_reply({"error": "Record not found"}, 404))
    batch = _connector(server, fetcher).fetch(None)
    assert batch.errors[0].endswith("HTTP 404 (Record not found)")
    assert len(server.seen) == 1


def test_search_reads_statuses_and_sends_the_token(mastodon, fetcher):
    instance, server = mastodon
    instance.post(1, "Zamówienie z Acme nie dotarło", lang="pl")
    instance.post(2, "Unrelated post")
    connector = MastodonConnector(instance=server.url, query="acme", token="s3cret", fetcher=fetcher)
    batch = connector.fetch(None)
    assert [m.lang for m in batch.mentions] == ["pl"]
    assert server.seen[0].query["type"] == "statuses"
    assert server.seen[0].headers["authorization"] == "Bearer s3cret"
    assert connector.name.endswith("?acme")


def test_a_boost_is_read_as_the_boosted_post(mastodon, fetcher):
    instance, server = mastodon
    original = instance.post(1, "original words")
    boost = dict(instance.template, id="113456789012349999", content="", reblog=original)
    server.script.append(json_reply([boost]))
    (mention,) = _connector(server, fetcher).fetch(None).mentions
    assert mention.text == "original words" and mention.external_id == original["uri"]

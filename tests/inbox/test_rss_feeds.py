"""The RSS/Atom connector on real-world-shaped feeds (tests/inbox/fixtures/feeds/), one per case that real
feeds get wrong or that a naive reader gets wrong: full text in `content:encoded`, literal `&lt;tags&gt;` in
titles, bare `<guid>`s, entries without id or link, per-entry languages, and a Windows-1250 feed that
declares UTF-8. The feeds are served by a local HTTP server, as a publisher would serve them."""

from __future__ import annotations

import pytest

from socialguard.inbox.connectors.rss import RssConnector
from socialguard.inbox.poller import MemoryStore, Poller

from inbox_servers import FIXTURES, LocalServer, Reply

FEEDS = FIXTURES / "feeds"


def serve(path: str, query: dict, headers: dict) -> Reply:
    """`/old/NAME` redirects to `/feeds/NAME` (a moved feed); `/feeds/NAME` serves the fixture."""
    name = path.rsplit("/", 1)[-1]
    if path.startswith("/old/"):
        return Reply(301, b"", {"Location": f"/feeds/{name}"})
    file = FEEDS / name
    if not path.startswith("/feeds/") or not file.is_file():
        return Reply(404, b"not found")
    kind = "application/atom+xml" if name.endswith(".atom") else "application/rss+xml"
    return Reply(200, file.read_bytes(), {"Content-Type": kind})


@pytest.fixture
def site():
    server = LocalServer(serve)
    yield server
    server.close()


def read(site, fetcher, name: str, prefix: str = "/feeds/"):
    return RssConnector(f"{site.url}{prefix}{name}", fetcher=fetcher).fetch(None)


def test_the_full_text_of_content_encoded_is_read_not_the_teaser(site, fetcher):
    batch = read(site, fetcher, "wordpress_content_encoded.rss")
    assert batch.errors == [] and batch.warnings == []
    review, route = batch.mentions
    assert review.text.startswith("Six months with an Acme Trail 3\nI bought the Trail 3 in May")
    assert "The rear brake failed twice" in review.text and "I would not recommend the Trail 3" in review.text
    assert "[…]" not in review.text and "<p>" not in review.text
    assert review.external_id == "https://cycling-notes.example/?p=4812" and review.author == "Marta"
    assert review.lang == "en"
    assert route.text == "Route: the coast in two days\nTwo days, 180 km, one puncture."


def test_literal_angle_brackets_in_a_title_stay(site, fetcher):
    first, second = read(site, fetcher, "devblog_escaped_titles.rss").mentions
    assert first.text.split("\n")[0] == "Why <script> tags in reviews broke our widget"
    assert first.text.split("\n")[1] == "A customer review containing <script> took the widget down."
    assert second.text.split("\n")[0] == "Generics: List<Order> & friends"


def test_a_bare_guid_is_the_id_as_written_and_does_not_change_after_a_redirect(site, fetcher):
    direct = read(site, fetcher, "forum_bare_guids.rss")
    moved = read(site, fetcher, "forum_bare_guids.rss", prefix="/old/")
    assert [m.external_id for m in direct.mentions] == ["t1", "t2"]
    assert [m.key for m in moved.mentions] == [m.key for m in direct.mentions]
    linked, bare = direct.mentions
    assert linked.url == "https://forum.rowery.example/t/t1"
    assert bare.url is None  # `t2` names the entry; it is not an address relative to the feed
    assert linked.lang == "pl"


def test_entries_without_id_or_link_get_a_stable_hash_and_are_kept(site, fetcher):
    store = MemoryStore()
    poller = Poller([RssConnector(f"{site.url}/feeds/alerts_without_ids.rss", fetcher=fetcher)], store)
    first = poller.poll_once()[0]
    assert (first.fetched, first.new, first.errors) == (3, 3, [])
    ids = [m.external_id for m in store.mentions.values()]
    assert all(i.startswith("sha256:") for i in ids) and len(set(ids)) == 3
    again = poller.poll_once()[0]  # the server sends no ETag: the same entries come again
    assert (again.fetched, again.new) == (3, 0)
    assert [m.text for m in store.mentions.values()][2] == "Radio: listeners call in about Acme recall."


def test_each_entry_keeps_its_own_language(site, fetcher):
    batch = read(site, fetcher, "multilingual.atom")
    assert [(m.text.split("\n")[0], m.lang) for m in batch.mentions] == [
        ("Acme zamyka sklep w Gdańsku", "pl"),
        ("Acme eröffnet in Wien", "de"),
        ("Acme opens in Leeds", "en"),
    ]


def test_a_windows_1250_feed_declared_as_utf8_is_decoded_with_a_warning(site, fetcher):
    batch = read(site, fetcher, "cp1250_declared_utf8.rss")
    assert batch.errors == []
    assert len(batch.warnings) == 1
    assert "declared as utf-8, but its bytes are not; read as cp1250" in batch.warnings[0]
    complaint, fair = batch.mentions
    assert complaint.text.startswith("Acme: źle obsłużona reklamacja roweru\nCzytelnik skarży się")
    assert fair.text.startswith("Świąteczny jarmark: ogródki, żurek i łyżwy\nZażółć gęślą jaźń")
    assert complaint.lang == "pl"

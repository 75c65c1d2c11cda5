"""Fuzzing the inbox's parsers with hypothesis (bounded examples, a few seconds): webhook bodies, export files
(JSON lines) through the poller into a folder store, and RSS/Atom feeds served by a local HTTP server. For
any input: no exception escapes, nothing hangs (a deadline per example), and every good item of a mixed
batch is stored while each bad one is rejected and kept. `SOCIALGUARD_FUZZ_EXAMPLES=2000` searches longer. The Django side (webhook and API end to end) is
in `web/test_inbox_delivery_fuzz.py`."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from fuzz_inputs import EXAMPLES, encode, good_items, hostile_text, mixed_batches, not_json_lines, safe_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from inbox_servers import LocalServer, Reply

from socialguard.inbox.connectors.files import FileConnector
from socialguard.inbox.connectors.rss import RssConnector
from socialguard.inbox.connectors.webhook import parse_webhook
from socialguard.inbox.poller import FolderStore, Poller

FUZZ = settings(max_examples=EXAMPLES, deadline=2000,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(mixed_batches(), st.sampled_from(["envelope", "list"]))
def test_a_webhook_body_keeps_every_good_item_and_accounts_for_every_item(batch, shape):
    items, good = batch
    body = encode({"mentions": items} if shape == "envelope" else items)
    parsed = parse_webhook(body)
    assert len(parsed.items) == len(items)
    for index, (position, outcome) in enumerate(parsed.items):
        assert position == (f"mentions[{index}]" if shape == "envelope" else f"[{index}]")
        if index in good:
            assert getattr(outcome, "external_id", None) == items[index]["id"], outcome
    assert len(parsed.mentions) + len(parsed.rejected) == len(items)
    assert all(r.payload.isascii() for r in parsed.rejected)


@FUZZ
@given(st.one_of(not_json_lines(), st.binary(max_size=500), hostile_text.map(lambda t: encode({"text": t}))))
def test_any_webhook_body_is_items_or_one_error_never_an_exception(body):
    parsed = parse_webhook(body)
    assert parsed.items or len(parsed.errors) == 1


@FUZZ
@given(mixed_batches(max_good=6, max_hostile=6), st.lists(not_json_lines(), max_size=4))
def test_an_export_file_keeps_every_good_line_and_moves_past_every_bad_one(batch, broken):
    items, good = batch
    lines = [encode(item) for item in items] + broken
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.jsonl"
        export.write_bytes(b"".join(line + b"\n" for line in lines))
        store = FolderStore(Path(folder) / "store")
        (report,) = Poller([FileConnector(export, source="facebook")], store).poll_once()
        stored = {m.external_id for m in store.read()}
        assert {items[i]["id"] for i in good} <= stored
        assert report.fetched + report.rejected == sum(1 for line in lines if line.strip())
        kept = [json.loads(line) for line in store.rejected_file.read_text("ascii").splitlines()] \
            if store.rejected_file.exists() else []
        assert len(kept) == report.rejected and all(k["position"].startswith(f"{export}:") for k in kept)
        assert store.cursor(f"file:{export}")["files"]["export.jsonl"]["line"] == len(lines)
        (again,) = Poller([FileConnector(export, source="facebook")], store).poll_once()
        assert (again.fetched, again.rejected, again.errors) == (0, 0, [])


class FeedSite:
    def __init__(self) -> None:
        self.body, self.content_type = b"", "application/rss+xml"

    def __call__(self, path: str, query: dict, headers: dict) -> Reply:
        return Reply(200, self.body, {"Content-Type": self.content_type})


@pytest.fixture(scope="module")
def feed_site():
    site = FeedSite()
    server = LocalServer(site)
    yield site, server
    server.close()


_xml_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=80)
hostile_entries = st.one_of(
    _xml_text.map(lambda t: f"<title>{escape(t)}</title>"),
    st.sampled_from(["<title>&#xD800;</title>", "<title>a&#0;b</title>", "<title></title>", "<link>http://[::1</link>",
                     "<link>javascript:alert(1)</link><title>js</title>", "<pubDate>the day after tomorrow</pubDate>",
                     "<pubDate>Mon, 99 Foo 99999 99:99:99 +9999</pubDate><title>t</title>",
                     "<guid></guid><title>no id</title>", "<description>&lt;script&gt;x&lt;/script&gt;</description>",
                     "<title><![CDATA[</title>]]></title>", "<category>&amp;&amp;&amp;</category>"]),
    hostile_text.map(lambda t: f"<title>{escape(t)}</title>"),
)


def _rss(good: list[tuple[str, str]], hostile: list[str]) -> bytes:
    entries = [f"<item><guid isPermaLink=\"false\">{gid}</guid><title>{escape(text)}</title></item>" for gid, text in good]
    entries += [f"<item>{entry}</item>" for entry in hostile]
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            + "".join(entries) + "</channel></rss>").encode("utf-8", "surrogatepass")


@FUZZ
@given(st.lists(st.tuples(good_items().map(lambda item: item["id"]), _xml_text.filter(str.strip)), min_size=1, max_size=5,
                unique_by=lambda pair: pair[0]),
       st.lists(hostile_entries, max_size=5))
@example(good=[("good-a", "Acme")], hostile=["<title>&#xD800;</title>"])  # found by this test: lost the whole feed
@example(good=[("good-b", "Acme")], hostile=["<title>&#1114112;</title>", "<title>&#x00000000000000000000041;</title>"])
def test_a_feed_keeps_every_good_entry_whatever_the_others_hold(feed_site, fetcher, good, hostile):
    site, server = feed_site
    site.body = _rss(good, hostile)
    with tempfile.TemporaryDirectory() as folder:
        store = FolderStore(folder)
        (report,) = Poller([RssConnector(server.url + "/feed.rss", fetcher=fetcher)], store).poll_once()
        assert not any("unexpected" in error for error in report.errors), report.errors
        assert {gid for gid, _ in good} <= {m.external_id for m in store.read()}


@FUZZ
@given(st.one_of(st.binary(max_size=600), safe_text.map(str.encode),
                 st.sampled_from([b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
                                  b'&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;'
                                  b'&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><rss><channel><item>'
                                  b'<title>&e;&e;&e;&e;&e;&e;</title></item></channel></rss>',
                                  b'<rss><channel><item><title>x</title>' * 200,
                                  b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title type="html">'
                                  b'&lt;b&gt;a&lt;/b&gt;&#xDFFF;</title></entry></feed>'])),
       st.sampled_from(["application/rss+xml", "application/atom+xml; charset=utf-8", "text/html", "text/xml; charset=cp1250",
                        "application/octet-stream; charset=bogus"]))
def test_any_feed_body_is_read_or_reported_never_an_exception(feed_site, fetcher, body, content_type):
    site, server = feed_site
    site.body, site.content_type = body, content_type
    with tempfile.TemporaryDirectory() as folder:
        (report,) = Poller([RssConnector(server.url + "/feed.rss", fetcher=fetcher)], FolderStore(folder)).poll_once()
        assert not any("unexpected" in error for error in report.errors), report.errors


def test_a_reference_to_no_character_is_read_as_a_replacement_with_a_warning(feed_site, fetcher):
    site, server = feed_site
    site.body, site.content_type = _rss([("g1", "Acme ok")], ["<guid>b1</guid><title>bad &#xD800; &#0; ref</title>"]), "application/rss+xml"
    batch = RssConnector(server.url + "/feed.rss", fetcher=fetcher).fetch(None)
    assert [m.text for m in batch.mentions] == ["Acme ok", "bad \ufffd \ufffd ref"] and batch.errors == []
    assert batch.warnings == [f"rss:{server.url}/feed.rss: 2 character references to no Unicode character (such as "
                              "&#xD800;) read as U+FFFD"]

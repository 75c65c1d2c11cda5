"""Bad items from a polled source (Mastodon, against the local server): a status holding a lone
surrogate is rejected and kept while the others are stored and the cursor moves past it; a page nested too
deeply is reported in one line, never a traceback."""

from __future__ import annotations

import json

from inbox_servers import Reply

from socialguard.inbox.connectors.mastodon import MastodonConnector
from socialguard.inbox.poller import FolderStore, Poller


def _connector(server, fetcher) -> MastodonConnector:
    return MastodonConnector(server.url, hashtag="acme", fetcher=fetcher)


def test_a_status_with_a_lone_surrogate_is_rejected_and_the_others_stored(mastodon, fetcher, tmp_path):
    instance, server = mastodon
    first, bad, last = instance.post(1, "Acme is fine"), instance.post(2, "bad \ud800 text"), instance.post(3, "Acme again")
    body = json.dumps([last, bad, first], ensure_ascii=True).encode()
    server.script.append(Reply(200, body, {"Content-Type": "application/json"}))
    store = FolderStore(tmp_path)
    (report,) = Poller([_connector(server, fetcher)], store).poll_once()
    assert sorted(m.text for m in store.read()) == ["Acme again", "Acme is fine"]
    assert report.rejected == 1 and report.errors == [f"id {bad['uri']}: text: a lone surrogate ('\\ud800') at "
                                                      "character 5, which is not Unicode text"]
    (kept,) = [json.loads(line) for line in store.rejected_file.read_text("ascii").splitlines()]
    assert kept["source"] == report.name and '"id": "' + bad["id"] + '"' in kept["payload"]
    assert store.cursor(report.name) == {"min_id": last["id"]}


def test_a_page_nested_too_deeply_is_one_error_line(mastodon, fetcher):
    _, server = mastodon
    server.script.append(Reply(200, b"[" * 100_000 + b"]" * 100_000, {"Content-Type": "application/json"}))
    batch = _connector(server, fetcher).fetch(None)
    assert batch.mentions == []
    assert batch.errors[0].endswith("malformed JSON in the response (nested too deeply (the limit is 64 levels))")


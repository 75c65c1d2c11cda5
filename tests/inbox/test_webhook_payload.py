"""Reading webhook bodies into mentions; every bad item named by its index."""

from __future__ import annotations

import json

from socialguard.inbox.connectors.webhook import parse_webhook


def test_one_object_a_list_and_a_mentions_envelope():
    one = parse_webhook(json.dumps({"id": "a1", "text": "Acme, gdzie moja paczka?", "platform": "tiktok"}).encode())
    assert [(m.source, m.external_id) for m in one.mentions] == [("tiktok", "a1")] and one.errors == []
    many = parse_webhook(json.dumps([{"id": "1", "text": "x"}, {"id": "2", "text": "y"}]).encode())
    assert len(many.mentions) == 2
    wrapped = parse_webhook(json.dumps({"mentions": [{"url": "https://forum.example/t/9", "text": "z"}]}).encode())
    assert wrapped.mentions[0].external_id == "https://forum.example/t/9"


def test_bad_items_are_reported_by_index_and_the_good_ones_kept():
    body = json.dumps({"mentions": [{"id": "1", "text": "ok"}, {"id": "2"}, "text", {"id": "4", "text": "t",
                                                                                     "followers": -5}]}).encode()
    batch = parse_webhook(body)
    assert [m.external_id for m in batch.mentions] == ["1"]
    assert batch.errors == ["mentions[1]: a text field is required (text, full_text, content, body or message)",
                            "mentions[2]: expected an object",
                            "mentions[3]: author_followers: must not be negative"]


def test_bodies_that_are_not_json_or_not_mentions():
    assert parse_webhook(b"{oops").errors == ["body is invalid JSON (Expecting property name enclosed in double "
                                              "quotes, column 2)"]
    assert parse_webhook(b'{"text":\n oops}').errors[0].endswith("line 2, column 2)")
    assert parse_webhook(b"\xff\xfe").errors == ["body is not UTF-8 text"]
    assert parse_webhook(b"42").errors[0].startswith("expected a mention object")
    assert parse_webhook(json.dumps({"title": "no text"}).encode()).errors[0].startswith("body: a text field")

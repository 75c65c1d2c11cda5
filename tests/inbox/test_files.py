"""Importing JSON-lines and CSV exports: field aliases, bad rows reported by file and line, resuming."""

from __future__ import annotations

import json

from socialguard.inbox.connectors.files import FileConnector
from socialguard.inbox.poller import MemoryStore, Poller


def _jsonl(path, *records) -> None:
    with path.open("a", encoding="utf-8") as out:
        for record in records:
            out.write((record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)) + "\n")


def test_jsonl_export_with_platform_field_names(tmp_path):
    export = tmp_path / "x-export.jsonl"
    _jsonl(export,
           {"id_str": "1860000000000000001", "full_text": "@acme where is my parcel?", "user": {"screen_name": "ola",
            "followers_count": 12000}, "created_at": "2026-11-20T10:00:00Z", "lang": "en"},
           {"id": 7, "content": "Świetna obsługa, dziękuję!", "author": "jan", "followers": "1,234",
            "platform": "Facebook", "timestamp": 1795000000})
    batch = FileConnector(export, source="x").fetch(None)
    assert batch.errors == []
    first, second = batch.mentions
    assert (first.source, first.external_id, first.author, first.author_followers) == ("x", "1860000000000000001", "ola", 12000)
    assert first.created_at.isoformat() == "2026-11-20T10:00:00+00:00"
    assert (second.source, second.external_id, second.author_followers) == ("facebook", "7", 1234)
    assert second.created_at.year == 2026


def test_bad_rows_are_reported_with_file_and_line_and_the_rest_kept(tmp_path):
    export = tmp_path / "mentions.jsonl"
    _jsonl(export, {"id": 1, "text": "fine"}, "{not json", "[1, 2]", {"id": 4}, "",
           {"id": 6, "text": "ok", "created_at": "yesterday-ish"}, {"id": 7, "text": "also fine", "followers": "many"},
           {"id": 8, "text": "last one"})
    batch = FileConnector(export).fetch(None)
    assert [m.text for m in batch.mentions] == ["fine", "last one"]
    assert batch.errors == [
        f"{export}:2: invalid JSON (Expecting property name enclosed in double quotes, column 2)",
        f"{export}:3: expected a JSON object with a text field",
        f"{export}:4: a text field is required (text, full_text, content, body or message)",
        f"{export}:6: created_at: not a date and time: 'yesterday-ish'",
        f"{export}:7: author_followers: not a number: 'many'",
    ]
    assert [(r.position, r.payload) for r in batch.rejected][:3] == [
        (f"{export}:2", "{not json"), (f"{export}:3", "[1, 2]"), (f"{export}:4", '{"id": 4}')]


def test_a_growing_file_is_read_from_where_it_stopped_and_a_half_line_waits(tmp_path):
    export = tmp_path / "stream.jsonl"
    _jsonl(export, {"id": 1, "text": "one"}, {"id": 2, "text": "two"})
    with export.open("a") as out:
        out.write('{"id": 3, "text": "th')
    store = MemoryStore()
    poller = Poller([FileConnector(export)], store)
    assert poller.poll_once()[0].new == 2
    with export.open("a") as out:
        out.write('ree"}\n')
    _jsonl(export, {"id": 4, "text": "four"})
    report = poller.poll_once()[0]
    assert (report.fetched, report.new, report.errors) == (2, 2, [])
    assert sorted(m.text for m in store.mentions.values()) == ["four", "one", "three", "two"]
    assert poller.poll_once()[0].fetched == 0


def test_reimporting_the_same_export_stores_each_mention_once(tmp_path):
    export = tmp_path / "no-ids.csv"
    export.write_text("author,text,date\nola,Gdzie jest moja paczka?,2026-11-20T10:00:00Z\njan,Super!,\n", "utf-8")
    store = MemoryStore()
    Poller([FileConnector(export)], store).poll_once()
    Poller([FileConnector(export)], MemoryStore()).poll_once()
    fresh = FileConnector(export).fetch(None)
    assert store.add(fresh.mentions) == 0
    assert len(store.mentions) == 2
    assert all(m.external_id.startswith("content:") for m in store.mentions.values())


def test_csv_with_bad_rows_and_resume(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text('id,message,author,reach\n1,"Bojkot, zero odpowiedzi",ola,500\n2,,jan,3\n3,ok,ann,x,extra\n',
                      "utf-8")
    connector = FileConnector(export, source="facebook")
    batch = connector.fetch(None)
    assert [m.text for m in batch.mentions] == ["Bojkot, zero odpowiedzi"]
    assert batch.mentions[0].author_followers == 500
    assert batch.errors == [f"{export}:3: a text field is required (text, full_text, content, body or message)",
                            f"{export}:4: more values than columns in the header"]
    with export.open("a") as out:
        out.write("4,new row,eva,10\n")
    again = connector.fetch(batch.cursor)
    assert [m.text for m in again.mentions] == ["new row"] and again.errors == []


def test_a_csv_quote_left_open_loses_no_later_row(tmp_path):
    export = tmp_path / "export.csv"
    rows = "".join(f"{n},post {n}\n" for n in range(2, 1001))
    export.write_text('id,text\n1,"oops,x\n' + rows, "utf-8")
    batch = FileConnector(export).fetch(None)
    assert batch.errors == [f"{export}:2: not valid CSV: a quote opened on this line is never closed"]
    assert [m.text for m in batch.mentions] == [f"post {n}" for n in range(2, 1001)]
    assert batch.cursor["files"]["export.csv"]["rows"] == 1000


def test_a_field_mapping_overrides_the_aliases(tmp_path):
    export = tmp_path / "custom.jsonl"
    _jsonl(export, {"text": "ignored", "payload": {"body": "the real text"}, "uid": "u1"})
    batch = FileConnector(export, fields={"text": "payload.body", "external_id": "uid"}).fetch(None)
    assert batch.mentions[0].text == "the real text" and batch.mentions[0].external_id == "u1"


def test_a_folder_of_exports_and_clear_errors_for_missing_or_unreadable_files(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": 1, "text": "a"}\n', "utf-8")
    (tmp_path / "b.csv").write_bytes(b"id,text\n1,\xff\xfe broken\n2,after it\n")
    (tmp_path / "notes.txt").write_text("ignored", "utf-8")
    batch = FileConnector(tmp_path).fetch(None)
    assert [m.text for m in batch.mentions] == ["a", "after it"]
    assert batch.errors == [f"{tmp_path / 'b.csv'}:2: not UTF-8 text"]
    missing = FileConnector(tmp_path / "nope.jsonl").fetch(None)
    assert missing.errors == [f"{tmp_path / 'nope.jsonl'}: no such file or folder"]


def test_a_replaced_shorter_file_is_read_again(tmp_path):
    export = tmp_path / "daily.jsonl"
    _jsonl(export, {"id": 1, "text": "monday one"}, {"id": 2, "text": "monday two"})
    connector = FileConnector(export)
    cursor = connector.fetch(None).cursor
    export.write_text('{"id": 3, "text": "tuesday"}\n', "utf-8")
    assert [m.text for m in connector.fetch(cursor).mentions] == ["tuesday"]

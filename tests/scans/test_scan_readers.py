"""Reading archives: partitions cover every row exactly once, with the right line numbers, in every format;
malformed rows are rejected with their line; unreadable files raise one clear InputError."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scan_archive import POSTS, WRITERS, write_jsonl, write_parquet

from socialguard.scans.readers import InputError, input_files, plan_partitions, read_partition


def all_rows(paths, every):
    return [row for part in plan_partitions(paths, every) for row in read_partition(part)]


@pytest.mark.parametrize("kind", sorted(WRITERS))
@pytest.mark.parametrize("every", [1, 3, 100])
def test_partitions_cover_every_row_once_in_order(tmp_path, kind, every):
    path = WRITERS[kind](tmp_path / f"posts.{kind}", POSTS)
    rows = all_rows([path], every)
    assert [r.id for r in rows] == [p["id"] for p in POSTS]
    assert all(r.error is None for r in rows)
    first_line = 2 if kind == "csv" else 1  # the CSV header is line 1
    assert [r.line for r in rows] == list(range(first_line, first_line + len(POSTS)))
    assert rows[2].post.text == POSTS[2]["text"] and rows[2].post.platform == "linkedin"
    assert rows[1].created_at == "2025-01-20T10:00:00+01:00" and rows[6].created_at is None
    assert rows[7].post.exceptions[0].rule == "pii-national-ids"


def test_jsonl_partitions_are_line_aligned(tmp_path):
    path = write_jsonl(tmp_path / "posts.jsonl", POSTS)
    parts = plan_partitions([path], 3)
    assert [(p.first_line, p.rows) for p in parts] == [(1, 3), (4, 3), (7, 2)]
    assert parts[0].stop == parts[1].start and parts[-1].stop == path.stat().st_size
    assert parts[1].describe().endswith("posts.jsonl lines 4-6")


def test_jsonl_without_final_newline_and_with_blank_lines(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b'{"text": "one"}\n\n   \n{"text": "two"}\n{"text": "three"}')
    rows = all_rows([path], 2)
    assert [(r.line, r.post.text) for r in rows] == [(1, "one"), (4, "two"), (5, "three")]


def test_csv_quoted_fields_across_lines_keep_line_numbers(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text('id,text\n1,"first line\nsecond line"\n2,plain\n3,"a ""quoted"" word"\n', encoding="utf-8")
    parts = plan_partitions([path], 1)
    assert [(p.first_line, p.rows) for p in parts] == [(2, 1), (4, 1), (5, 1)]
    rows = all_rows([path], 1)
    assert [(r.line, r.post.text) for r in rows] == [(2, "first line\nsecond line"), (4, "plain"),
                                                     (5, 'a "quoted" word')]


def test_csv_links_as_json_or_spaces_and_bom_header(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text('\ufefftext,links\nhello there,"[""https://a.example/x""]"\n'
                    'hi,https://b.example https://c.example\n', encoding="utf-8")
    rows = all_rows([path], 10)
    assert rows[0].post.links == ["https://a.example/x"]
    assert rows[1].post.links == ["https://b.example", "https://c.example"]


def test_parquet_slices_of_row_groups(tmp_path):
    path = write_parquet(tmp_path / "posts.parquet", POSTS, row_group_size=5)
    parts = plan_partitions([path], 2)
    assert [(p.row_group, p.start, p.stop, p.first_line) for p in parts] == [
        (0, 0, 2, 1), (0, 2, 4, 3), (0, 4, 5, 5), (1, 0, 2, 6), (1, 2, 3, 8)]


def test_malformed_jsonl_rows_are_rejected_with_their_line(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b'{"id": 1, "text": "fine post here"}\n{broken\n["a list"]\n{"id": "no-text"}\n'
                     b'\xff\xfe not utf-8\n{"text": "x", "account": "corporate"}\n')
    rows = all_rows([path], 2)
    assert rows[0].post is not None and rows[0].id == "1"
    assert [(r.line, r.error.split(" (")[0]) for r in rows[1:]] == [
        (2, "invalid JSON"), (3, "expected a JSON object with a 'text' field"),
        (4, "'text' is required and must be a string"), (5, "not UTF-8 text"),
        (6, "account: Input should be 'brand' or 'personal'")]
    assert rows[3].id == "no-text"


def test_malformed_csv_rows_are_rejected_with_their_line(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_bytes(b'id,text,media\n1,ok post,\n2,too,many,fields\n3,bad media,{oops\n'
                     b'4,"caf\xe9 latin-1",\n5,,\n')
    rows = all_rows([path], 100)
    assert [(r.line, r.error) for r in rows] == [
        (2, None), (3, "expected 3 fields, found 4"), (4, "media: not valid JSON"), (5, "not UTF-8 text"),
        (6, "'text' is required and must be a string")]


PESEL_POSTS = "".join(f"{n},My PESEL is 44051401359 (post {n})\n" for n in range(2, 1001))


@pytest.mark.parametrize("every", [1, 7, 100, 1000])
def test_an_unterminated_quote_loses_no_later_record(tmp_path, every):
    """Issue 12: `1,"oops,x` as the first of 1,000 records used to swallow the 999 after it."""
    path = _write(tmp_path / "posts.csv", ('id,text\n1,"oops,x\n' + PESEL_POSTS).encode())
    rows = all_rows([path], every)
    assert len(rows) == 1000
    assert (rows[0].line, rows[0].error) == (2, "not valid CSV: a quote opened on this line is never closed")
    assert [r.id for r in rows[1:]] == [str(n) for n in range(2, 1001)]
    assert [r.line for r in rows] == list(range(2, 1002))
    assert all(r.post is not None and "44051401359" in r.post.text for r in rows[1:])


@pytest.mark.parametrize("every", [1, 2, 100])
def test_a_broken_quote_no_longer_absorbs_the_next_record(tmp_path, every):
    path = _write(tmp_path / "posts.csv", b'id,text\n1,"hello\n2,second post\n3,"third"\n4,"two\nlines"\n'
                                          b'5,"x\ny",z\n6,"a"b\n7,last\n')
    rows = all_rows([path], every)
    assert [(r.line, r.id, r.error) for r in rows] == [
        (2, None, "not valid CSV: a quoted field opened on this line breaks on line 4 (text after a closing quote; "
                  "a quote inside a quoted field is written twice)"),
        (3, "2", None), (4, "3", None), (5, "4", None),
        (7, None, "not valid CSV: a quoted field opened on this line runs on to line 8 and leaves 3 fields instead of 2"),
        (8, 'y"', None),
        (9, None, "not valid CSV: text after a closing quote; a quote inside a quoted field is written twice"),
        (10, "7", None)]
    assert rows[3].post.text == "two\nlines"


def test_a_broken_header_row_is_one_clear_error(tmp_path):
    path = _write(tmp_path / "posts.csv", b'id,"text\n1,hello\n')
    with pytest.raises(InputError, match="posts.csv:1: the header row is not valid CSV: a quote opened on this line is never closed"):
        plan_partitions([path], 10)


def test_malformed_parquet_rows_are_rejected_with_their_row(tmp_path):
    path = tmp_path / "posts.parquet"
    pq.write_table(pa.table({"text": ["fine", None, "x" * 100_001], "account": ["brand", "brand", "brand"]}), path)
    rows = all_rows([path], 2)
    assert [(r.line, r.error) for r in rows] == [
        (1, None), (2, "'text' is required and must be a string"),
        (3, "text is too long (100,001 characters; the limit is 100,000)")]


def test_input_files_expand_globs_once_each(tmp_path):
    for name in ("b.jsonl", "a.csv", "c.parquet"):
        WRITERS[name.split(".")[1]](tmp_path / name, POSTS[:1])
    files = input_files([str(tmp_path / "*.*"), str(tmp_path / "a.csv")])
    assert [f.name for f in files] == ["a.csv", "b.jsonl", "c.parquet"]


@pytest.mark.parametrize("make, message", [
    (lambda d: str(d / "missing.jsonl"), "missing.jsonl: no such file"),
    (lambda d: str(d / "*.jsonl"), "*.jsonl: no file matches"),
    (lambda d: str(d), "is a directory"),
    (lambda d: str(_write(d / "notes.txt", b"hello")), "notes.txt: unknown input format"),
])
def test_inputs_that_name_nothing_usable(tmp_path, make, message):
    with pytest.raises(InputError, match=message.replace("*", r"\*")):
        input_files([make(tmp_path)])


@pytest.mark.parametrize("name, content, message", [
    ("garbage.parquet", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a readable Parquet file"),
    ("garbage.jsonl", bytes(range(256)) * 4, "binary data, not JSON lines"),
    ("garbage.csv", bytes(range(256)) * 4, "binary data, not CSV"),
    ("empty.parquet", b"", "not a readable Parquet file"),
    ("headerless.csv", b"id,body\n1,hello\n", "no 'text' column in the header"),
])
def test_unreadable_files_raise_one_clear_error(tmp_path, name, content, message):
    path = _write(tmp_path / name, content)
    with pytest.raises(InputError, match=message) as info:
        plan_partitions([path], 10)
    assert name in str(info.value) and "\n" not in str(info.value)


def test_parquet_without_text_column(tmp_path):
    path = tmp_path / "posts.parquet"
    pq.write_table(pa.table({"body": ["hello"]}), path)
    with pytest.raises(InputError, match="no 'text' column"):
        plan_partitions([path], 10)


def test_empty_text_files_have_no_rows(tmp_path):
    assert plan_partitions([_write(tmp_path / "a.jsonl", b""), _write(tmp_path / "b.csv", b"")], 10) == []


def test_dates_from_numbers_and_parquet_timestamps(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"text": "a post", "created_at": 1735689600}) + "\n")
    assert all_rows([path], 10)[0].created_at.startswith("2025-01-01T00:00:00")


def _write(path, content: bytes):
    path.write_bytes(content)
    return path

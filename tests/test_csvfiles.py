"""CSV in and out: strict records that add up to the records of the file, and formula-safe cells."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pytest

from socialguard.csvfiles import StreamLines, records, safe_arrow_column, safe_cell, unescape_cell, writer


def read(text: str, **options) -> list[tuple[int, int, list[str], str | None]]:
    return [(r.line, r.last_line, r.fields, r.error) for r in records(io.StringIO(text, newline=""), **options)]


def test_good_records_with_quotes_across_lines_and_blank_lines():
    assert read('id,text\n1,"a, b"\n\n2,"two\nlines"\n3,"say ""hi"""\n') == [
        (1, 1, ["id", "text"], None), (2, 2, ["1", "a, b"], None), (3, 3, [], None),
        (4, 5, ["2", "two\nlines"], None), (6, 6, ["3", 'say "hi"'], None)]


def test_a_quote_never_closed_is_one_broken_record_and_the_lines_after_it_are_read_again():
    rows = read('id,text\n1,"oops,x\n' + "".join(f"{n},post {n}\n" for n in range(2, 1001)))
    assert rows[1] == (2, 2, [], "not valid CSV: a quote opened on this line is never closed")
    assert list(records(io.StringIO('id\n1,"oops,x\n')))[1].raw == '1,"oops,x\n'  # kept for inspection
    assert [r[2] for r in rows[2:]] == [[str(n), f"post {n}"] for n in range(2, 1001)]
    assert len(rows) - 1 == 1000  # the records of the file, header aside


def test_a_broken_quote_closed_by_a_later_one_does_not_absorb_records():
    assert read('id,text\n1,"hello\n2,second post\n3,"third"\n') == [
        (1, 1, ["id", "text"], None),
        (2, 2, [], "not valid CSV: a quoted field opened on this line breaks on line 4 (text after a closing "
                   "quote; a quote inside a quoted field is written twice)"),
        (3, 3, ["2", "second post"], None), (4, 4, ["3", "third"], None)]


def test_a_multi_line_record_of_the_wrong_width_is_broken_but_a_one_line_one_is_the_callers_business():
    assert read('id,text\n1,"a\n2",b\n3,c,d\n') == [
        (1, 1, ["id", "text"], None),
        (2, 2, [], "not valid CSV: a quoted field opened on this line runs on to line 3 and leaves 3 fields "
                   "instead of 2"),
        (3, 3, ['2"', "b"], None), (4, 4, ["3", "c", "d"], None)]


def test_width_and_numbering_for_a_slice_of_a_file_and_another_delimiter():
    assert read('1;"a\nb"\n2;c\n', width=2, first_line=10, delimiter=";") == [
        (10, 11, ["1", "a\nb"], None), (12, 12, ["2", "c"], None)]


def test_a_field_over_the_limit_is_a_broken_record():
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(100)
        rows = read("id,text\n1," + "x" * 500 + "\n2,fine\n")
    finally:
        csv.field_size_limit(limit)
    assert rows[1] == (2, 2, [], "not valid CSV: a field longer than 100 characters")
    assert rows[2] == (3, 3, ["2", "fine"], None)


def test_stream_lines_track_offsets_and_undecodable_lines():
    lines = StreamLines(io.BytesIO(b'id,text\n1,"caf\xe9\nx"\n2,ok\n'))
    found = list(records(lines))
    assert [r.line for r in found] == [1, 2, 4]
    assert lines.undecodable_in(found[1]) and not lines.undecodable_in(found[2])
    assert [lines.finish(r) for r in found] == [8, 19, 24]


@pytest.mark.parametrize(("value", "written"), [
    ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("@acme", "@acme"),
    ("+48 600 100 200", "+48 600 100 200"),
    ("-30% today", "-30% today"),
    ("plain = text", "plain = text"),
    (42, 42),
    (None, None),
])
def test_safe_cell_guards_what_a_spreadsheet_would_run(value, written):
    assert safe_cell(value) == written
    if isinstance(value, str):
        assert unescape_cell(safe_cell(value)) == value


def test_the_writer_and_the_arrow_column_apply_the_same_rule():
    values = ['=HYPERLINK("x")', "@acme", "fine", None, "-1-1", "+48 600"]
    handle = io.StringIO()
    writer(handle, lineterminator="\n").writerow(values)
    expected = [safe_cell(v) for v in values]
    assert next(csv.reader(io.StringIO(handle.getvalue()))) == [v or "" for v in expected]
    assert safe_arrow_column(pa.array(values)).to_pylist() == expected
    assert safe_arrow_column(pa.chunked_array([values[:3], values[3:]])).to_pylist() == expected

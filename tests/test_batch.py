"""Reading JSON lines: good lines become posts, every bad line an error naming it."""

from __future__ import annotations

import io

from socialguard.batch import read_jsonl


def test_good_and_bad_lines():
    data = (
        b'{"id": "a", "text": "hello world", "platform": "X"}\n'
        b"\n"
        b"not json\n"
        b'{"id": "c"}\n'
        b'["a list"]\n'
        b'{"id": "e", "text": "ok", "account": "corporate"}\n'
        b"\xff\xfe\x00\x01\n"
        b'{"text": "last one"}\n'
    )
    items = list(read_jsonl(io.BytesIO(data)))
    assert [i.line for i in items] == [1, 3, 4, 5, 6, 7, 8]
    assert items[0].post.platform == "x" and items[0].id == "a"
    assert items[1].error.startswith("line 3: invalid JSON")
    assert items[2].error == "line 4: 'text' is required and must be a string" and items[2].id == "c"
    assert items[3].error == "line 5: expected a JSON object with a 'text' field"
    assert items[4].error.startswith("line 6: account: Input should be 'brand' or 'personal'")
    assert items[5].error == "line 7: not UTF-8 text"
    assert items[6].post.text == "last one" and items[6].id == 8


def test_oversized_post_is_an_error_for_that_line_only():
    big = '{"id": 1, "text": "' + "a" * 1_048_576 + '"}\n'
    items = list(read_jsonl(io.BytesIO(big.encode() + b'{"id": 2, "text": "fine"}\n')))
    assert items[0].error == "line 1: text is too long (1,048,576 characters; the limit is 100,000)"
    assert items[1].post.text == "fine"


def test_defaults_fill_missing_fields():
    items = list(read_jsonl(io.BytesIO(b'{"text": "x"}\n{"text": "y", "account": "brand"}\n'), {"account": "personal"}))
    assert [i.post.account for i in items] == ["personal", "brand"]


def test_an_id_no_output_could_encode_is_an_error_of_its_line():
    data = (b'{"id": "a\\ud800", "text": "hello"}\n{"id": "\\ud83d\\ude00", "text": "pair"}\n'
            b'{"id": "t", "text": "a\\udcc1b"}\n')
    bad, good, bad_text = read_jsonl(io.BytesIO(data))
    assert bad.error == "line 1: id: not valid Unicode (a lone surrogate escape)" and bad.id == 1
    assert good.id == "\U0001f600" and good.post.text == "pair"
    assert bad_text.error.startswith("line 3: text: ") and bad_text.id == "t"


def test_a_line_nested_too_deeply_is_an_error_for_that_line_only():
    deep = b'{"text": "x", "media": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    items = list(read_jsonl(io.BytesIO(deep + b'{"id": 2, "text": "fine"}\n')))
    assert items[0].error == "line 1: nested too deeply (the limit is 64 levels)"
    assert items[1].post.text == "fine"

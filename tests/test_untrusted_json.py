"""The bounded loader of untrusted JSON: one sentence per refusal (size, encoding, syntax, depth), and the
checks that find values no database keeps (lone surrogates, NUL, numbers out of range) by their path."""

from __future__ import annotations

import pytest

from socialguard.untrusted_json import JsonRejected, depth, loads, printable, storable, unstorable


def test_a_body_over_the_limit_is_refused_before_parsing_and_marked_too_large():
    with pytest.raises(JsonRejected, match=r"too large \(12 bytes; the limit is 10\)") as caught:
        loads(b'{"text": "x"}'[:12], max_bytes=10)
    assert caught.value.too_large


@pytest.mark.parametrize("levels", [65, 1_000, 100_000])
def test_deep_nesting_is_refused_at_any_depth_without_a_recursion_error(levels):
    body = '{"raw": ' + "[" * levels + "]" * levels + "}"
    with pytest.raises(JsonRejected, match=r"^nested too deeply \(the limit is 64 levels\)$"):
        loads(body)


def test_nesting_up_to_the_limit_is_read():
    assert depth(loads("[" * 64 + "]" * 64)) == 64
    assert depth({"a": [1, {"b": []}]}) == 4 and depth("text") == 0


@pytest.mark.parametrize("data, message", [
    (b"\xff{}", "not UTF-8 text"),
    (b"{oops", "invalid JSON (Expecting property name enclosed in double quotes, column 2)"),
    (b'{"a":\n oops}', "invalid JSON (Expecting value, line 2, column 2)"),
    (b"[NaN]", "invalid JSON (NaN is not a JSON number)"),
    (b"[-Infinity]", "invalid JSON (-Infinity is not a JSON number)"),
    (b"1" * 5_000, "invalid JSON (a number has too many digits)"),
])
def test_unreadable_input_gets_one_sentence(data, message):
    with pytest.raises(JsonRejected) as caught:
        loads(data)
    assert str(caught.value) == message and not caught.value.too_large


def test_values_no_database_keeps_are_named_by_path():
    assert unstorable(loads(r'{"text": "ok", "user": {"name": "a\ud800b"}}')) == \
        "user.name: a lone surrogate ('\\ud800') at character 2, which is not Unicode text"
    assert unstorable(loads(r'{"tags": ["x", "nul\u0000"]}')) == "tags[1]: a NUL character at character 4"
    assert unstorable(loads('{"followers": 1e400}')) == "followers: a number out of range"
    assert unstorable(loads(r'{"\udfff": 1}')).startswith("\\udfff: a field name with a lone surrogate")
    assert unstorable(loads('{"text": "Zażółć gęślą jaźń 🙂", "n": [1, 2.5, null, true]}')) is None


def test_payloads_are_kept_as_ascii_and_reasons_without_what_databases_refuse():
    assert printable({"text": "a\ud800ł"}) == '{"text": "a\\ud800\\u0142"}'
    assert printable(b'{"text": "\xff"}') == '{"text": "\\xff"}'
    assert printable("x" * 30, limit=10) == "xxxxxxxxxx... (20 more characters)"
    assert storable("a\ud800\x00ł") == "a\\ud800\\x00ł"

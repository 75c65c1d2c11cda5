"""Hypothesis strategies for the inbox fuzz tests: good mentions (unique ids, storable text), hostile items
(lone surrogates, NUL, numbers out of range, wrong types, nested values, unknown fields), and bodies and
lines that are not JSON at all. `encode(items)` writes a JSON body with the raw number tokens JSON allows
but no database keeps (`1e400`, 30 digits), which `json.dumps` cannot produce."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from typing import Any

from hypothesis import strategies as st

from socialguard.inbox.connectors.records import ALIASES

EXAMPLES = int(os.environ.get("SOCIALGUARD_FUZZ_EXAMPLES", "60"))  # per test; `make test` keeps the default
BAD_CHARACTERS = ["\ud800", "\udfff", "\udc80", "\x00", "\ud83d"]  # lone surrogates (and a half emoji), NUL
RAW_NUMBERS = {"__raw0__": "1e400", "__raw1__": "-1e400", "__raw2__": "1" * 30, "__raw3__": "-0.0e-999",
               "__raw4__": "123456789012345678901234567890.5"}
FIELDS = sorted({alias.split(".")[0] for aliases in ALIASES.values() for alias in aliases})
_serial = itertools.count()

safe_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=200).filter(str.strip)
hostile_text = st.builds(lambda a, bad, b: a + bad + b, st.text(max_size=20), st.sampled_from(BAD_CHARACTERS),
                         st.text(max_size=20))
leaves = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
          | st.text(max_size=30) | hostile_text | st.sampled_from(sorted(RAW_NUMBERS)))
json_values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8) | hostile_text, inner, max_size=3), max_leaves=10)
hostile_items = (st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), json_values, max_size=6)
                 | json_values)


@st.composite
def good_items(draw) -> dict[str, Any]:
    """A mention every store must keep: a unique id, storable text and well-formed optional fields."""
    item = {"id": f"good-{next(_serial)}-{draw(st.integers(0, 10**9))}", "text": draw(safe_text)}
    if draw(st.booleans()):
        item["author"] = draw(safe_text)
    if draw(st.booleans()):
        item["followers"] = draw(st.integers(0, 10**12))
    if draw(st.booleans()):
        item["platform"] = draw(st.sampled_from(["x", "facebook", "tiktok", "forum"]))
    if draw(st.booleans()):
        item["created_at"] = draw(st.datetimes(timezones=st.just(dt.timezone.utc))).isoformat()
    return item


@st.composite
def mixed_batches(draw, max_good: int = 5, max_hostile: int = 5) -> tuple[list[Any], set[int]]:
    """Good and hostile items shuffled together, and the positions of the good ones."""
    good = draw(st.lists(good_items(), min_size=1, max_size=max_good))
    hostile = draw(st.lists(hostile_items, max_size=max_hostile))
    order = draw(st.permutations(range(len(good) + len(hostile))))
    items = [(good + hostile)[i] for i in order]
    return items, {position for position, i in enumerate(order) if i < len(good)}


def encode(value: Any) -> bytes:
    """`value` as JSON (ASCII, lone surrogates as `\\ud800` escapes), with the raw number markers put in."""
    text = json.dumps(value, ensure_ascii=True)
    for marker, token in RAW_NUMBERS.items():
        text = text.replace(f'"{marker}"', token)
    return text.encode("ascii")


def not_json_lines() -> st.SearchStrategy[bytes]:
    """One line of anything: bytes, broken JSON, deep or wide nesting, huge numbers, lone surrogates."""
    return st.one_of(
        st.binary(max_size=200),
        st.sampled_from([b"{", b"[1,", b'{"text": NaN}', b'{"text": "x"', b"\xff\xfe{}", b"1" * 5000, b'"\\ud800"',
                         b'{"text": "' + b"\\" * 3 + b'"}', b"[" * 100_000, b'{"a":' * 70 + b"1" + b"}" * 70]),
        st.integers(65, 5000).map(lambda n: b'{"text": "deep", "raw": ' + b"[" * n + b"]" * n + b"}"),
    ).map(lambda line: line.replace(b"\n", b" "))

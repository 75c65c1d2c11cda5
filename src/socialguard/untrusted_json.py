"""JSON from outside (request bodies, export lines, anything a user or a remote system sends), read with bounds.

`loads(data)` is the one loader every parser of untrusted JSON uses. It raises `JsonRejected` (a
`ValueError`) with one readable sentence instead of a traceback or a 500 when the input is over
`max_bytes` (`too_large` is then set, for a 413), not UTF-8, not JSON (with line and column; `NaN` and
`Infinity` are not JSON), or nested deeper than `max_depth` levels.

Valid JSON can still hold values no database stores: a lone surrogate (`"\\ud800"`, not Unicode at all), a
NUL character (PostgreSQL refuses it in text and `jsonb`) or a number out of range (`1e400`).
`unstorable(value)` names the first such value by its path, so the caller rejects that one item and keeps
the others. `printable(value)` writes any parsed
value (or undecodable bytes) as ASCII text, so a rejected item can be stored for inspection as it came;
`storable(text)` escapes only what a database refuses (for reasons and positions built from such input).
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_BYTES = 5_000_000  # a request body, or one line of a JSON-lines file
MAX_DEPTH = 64  # a mention or a post is a few levels deep; exports nest user objects 3-4 levels


class JsonRejected(ValueError):
    """Untrusted JSON that is not read; the message says why in one sentence."""

    def __init__(self, message: str, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


def loads(data: bytes | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed value of `data`, or `JsonRejected` naming the first limit or rule it breaks."""
    if len(data) > max_bytes:
        raise JsonRejected(f"too large ({len(data):,} bytes; the limit is {max_bytes:,})", too_large=True)
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise JsonRejected("not UTF-8 text") from None
    try:
        value = json.loads(data, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if "\n" in data.strip() else f"column {exc.colno}"
        raise JsonRejected(f"invalid JSON ({exc.msg}, {where})") from None
    except RecursionError:
        raise JsonRejected(f"nested too deeply (the limit is {max_depth} levels)") from None
    except ValueError as exc:  # NaN or Infinity, or an integer of more than 4,300 digits
        reason = "a number has too many digits" if "digits" in str(exc) else str(exc)
        raise JsonRejected(f"invalid JSON ({reason})") from None
    if depth(value) > max_depth:
        raise JsonRejected(f"nested too deeply (the limit is {max_depth} levels)")
    return value


def depth(value: Any) -> int:
    """How many arrays and objects deep `value` is (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        current, level = stack.pop()
        if isinstance(current, dict):
            current = current.values()
        elif not isinstance(current, list):
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in current if isinstance(child, (dict, list)))
    return deepest


def unstorable(value: Any, path: str = "") -> str | None:
    """`text: a lone surrogate (\\ud800) at character 5` for the first string (or key) in `value` that is not
    storable text or number out of range, else None; `path` prefixes the field's dotted path."""
    stack = [(value, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, float) and not math.isfinite(current):
            return f"{where or 'value'}: a number out of range"
        if isinstance(current, str):
            problem = _text_problem(current)
            if problem:
                return f"{where or 'value'}: {problem}"
        elif isinstance(current, dict):
            for key, child in reversed(list(current.items())):
                name = f"{where}.{key}" if where else str(key)
                problem = _text_problem(str(key))
                if problem:
                    return f"{printable(name)}: a field name with {problem}"
                stack.append((child, name))
        elif isinstance(current, list):
            stack.extend((child, f"{where}[{index}]") for index, child in reversed(list(enumerate(current))))
    return None


def printable(value: Any, limit: int = 20_000) -> str:
    """`value` as ASCII JSON (bytes: decoded with escapes for what is not UTF-8), cut to `limit` characters."""
    if isinstance(value, (bytes, bytearray)):
        text = bytes(value).decode("utf-8", errors="backslashreplace").encode("ascii", "backslashreplace").decode()
    elif isinstance(value, str):
        text = value.encode("ascii", "backslashreplace").decode("ascii")
    else:
        text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text) - limit:,} more characters)"


def storable(text: str) -> str:
    """`text` with lone surrogates and NUL characters written as escapes (`\\ud800`, `\\x00`), the rest kept."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return f"a NUL character at character {text.index(chr(0)) + 1}"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"a lone surrogate ({text[exc.start]!r}) at character {exc.start + 1}, which is not Unicode text"
    return None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")

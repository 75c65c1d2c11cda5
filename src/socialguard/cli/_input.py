"""What `check` and `classify` read: one post given as an argument or on stdin, or a choice of a batch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..batch import Item, post_from_dict
from ._errors import fail


def one_or_batch(text: str | None, input: Path | None) -> None:
    """Exit with a usage error unless exactly one of a post TEXT and --input FILE is given."""
    if text is None and input is None:
        fail("give a post TEXT (or - to read it from stdin) or --input FILE")
    if text is not None and input is not None:
        fail("give either a post TEXT or --input FILE, not both")


def single_post(text: str, defaults: dict[str, Any]) -> Item:
    """The post `text` (- reads stdin, without the line end that closes its last line), or exit with why not."""
    if text == "-":
        try:
            text = sys.stdin.buffer.read().decode("utf-8").removesuffix("\n").removesuffix("\r")
        except UnicodeDecodeError:
            fail("stdin: not UTF-8 text")
    else:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # bytes the terminal's encoding could not decode
            fail("TEXT: not UTF-8 text")
    if not text.strip():
        fail("the post is empty")
    try:
        return Item(1, None, post=post_from_dict({"text": text}, defaults))
    except ValueError as exc:
        fail(str(exc))

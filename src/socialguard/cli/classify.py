"""`socialguard classify`: language, offensive score and sentiment of posts, without a policy.

Reads one post (argument or stdin) or JSON lines `{id, text, lang?}` (a file or - for stdin) and writes
`{id, lang, offensive, is_offensive, offensive_label, sentiment, sentiment_score}` per post, in input order.
A bad line gets `{id, error}` and the others are still classified; then the exit code is 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Optional

import typer

from ..batch import Item, read_jsonl
from ._errors import USAGE_ERROR, fail
from ._input import one_or_batch, single_post
from ._text import visible

BATCH_LINES = 2048
FIELDS = ("lang", "offensive", "is_offensive", "offensive_label", "sentiment", "sentiment_score")


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    text = "text"


def register(app: typer.Typer) -> None:
    app.command()(classify)


def classify(
    text: Optional[str] = typer.Argument(None, help="The post to classify, or - to read it from stdin."),
    input: Optional[Path] = typer.Option(None, "--input", "-i", help="JSON lines {id, text, lang?} (- = stdin)."),
    format: Format = typer.Option(Format.jsonl, "--format", "-f"),
) -> None:
    """Classify posts: language, offensive language (score, label) and sentiment. Exit 2 on bad input lines."""
    one_or_batch(text, input)
    if input is not None:
        with _open(input) as stream:
            errors = _write(_classified(read_jsonl(stream)), format)
    else:
        errors = _write(_classified([single_post(text, {})]), format)
    if errors:
        print(f"socialguard: error: {errors} input line(s) could not be classified (see their error records)",
              file=sys.stderr)
        raise typer.Exit(USAGE_ERROR)


def _open(path: Path) -> AbstractContextManager[BinaryIO]:
    if str(path) == "-":
        return nullcontext(sys.stdin.buffer)
    try:
        return path.open("rb")
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except IsADirectoryError:
        fail(f"{path}: is a directory")
    except PermissionError:
        fail(f"{path}: permission denied")


def _classified(items: Iterable[Item]) -> Iterator[dict[str, Any]]:
    """Records in input order, classified BATCH_LINES at a time."""
    from ..classifiers import ModelError
    from ..classifiers import classify as run

    iterator = iter(items)
    while chunk := list(islice(iterator, BATCH_LINES)):
        good = [item for item in chunk if item.post is not None]
        texts = [item.post.text for item in good]
        langs = [item.post.lang for item in good]
        try:
            results = dict(zip((id(item) for item in good), run(texts, langs)))
        except ModelError as exc:
            fail(str(exc))
        for item in chunk:
            if id(item) in results:
                yield {"id": item.id, **results[id(item)].as_dict()}
            else:
                yield {"id": item.id, "error": item.error}


def _write(records: Iterable[dict[str, Any]], format: Format) -> int:
    """Write the records in `format`; return how many were errors."""
    errors = 0
    collected = []
    for record in records:
        errors += "error" in record
        if format is Format.jsonl:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif format is Format.text:
            sys.stdout.write(_line(record) + "\n")
        else:
            collected.append(record)
    if format is Format.json:
        json.dump(collected, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return errors


def _line(record: dict[str, Any]) -> str:
    label = "" if record.get("id") is None else f"{visible(record['id'])}\t"
    if "error" in record:
        return f"{label}error: {visible(record['error'])}"
    offensive = f"offensive {record['offensive']:.2f} ({record['offensive_label']})"
    return f"{label}{record['lang']}\t{offensive}\t{record['sentiment']} {record['sentiment_score']:+.2f}"

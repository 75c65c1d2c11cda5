"""`socialguard classify`: output formats, input order, bad lines and usage errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from socialguard.cli import app

FIELDS = {"id", "lang", "offensive", "is_offensive", "offensive_label", "sentiment", "sentiment_score"}
INSULT_EN = "You are a worthless, pathetic idiot and everyone hates you"
PRAISE_PL = "Dziękuję bardzo za szybką pomoc, jestem bardzo zadowolona z obsługi!"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(app, ["classify", *args], input=input)


def test_jsonl_batch_keeps_order_and_reports_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": INSULT_EN}),
        "{broken",
        json.dumps({"id": "c", "text": PRAISE_PL, "lang": "pl"}),
        json.dumps({"id": "d", "text": 42}),
        json.dumps({"id": "e"}),
        json.dumps(["not", "an", "object"]),
    ]
    path = tmp_path / "mentions.jsonl"
    path.write_bytes(("\n".join(lines) + "\n\n").encode() + b"\x00\xff\xfebinary\n")
    result = run("--input", str(path), "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", 2, "c", "d", "e", 6, 8]
    assert set(records[0]) == FIELDS
    assert records[0]["lang"] == "en" and records[0]["is_offensive"] is True
    assert records[0]["offensive_label"] in {"insult", "hate"} and records[0]["sentiment"] == "negative"
    assert records[1]["error"].startswith("line 2: invalid JSON")
    assert records[2]["lang"] == "pl" and records[2]["is_offensive"] is False
    assert records[2]["offensive_label"] == "none" and records[2]["sentiment"] == "positive"
    assert records[3]["error"] == "line 4: 'text' is required and must be a string"
    assert records[4]["error"] == "line 5: 'text' is required and must be a string"
    assert records[5]["error"].startswith("line 6: expected a JSON object")
    assert records[6]["error"] == "line 8: not UTF-8 text"
    assert result.exit_code == 2
    assert "5 input line(s) could not be classified" in result.stderr
    assert "Traceback" not in result.output


def test_stdin_input_and_json_format():
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate([INSULT_EN, PRAISE_PL]))
    result = run("--input", "-", "--format", "json", input=lines)
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [r["id"] for r in records] == [0, 1]
    assert [r["lang"] for r in records] == ["en", "pl"]
    assert all(set(r) == FIELDS for r in records)
    assert 0.0 <= records[0]["offensive"] <= 1.0 and -1.0 <= records[1]["sentiment_score"] <= 1.0


def test_single_post_as_argument_in_text_format():
    result = run(INSULT_EN, "--format", "text")
    assert result.exit_code == 0
    assert result.stdout.startswith("en\toffensive ")
    assert "negative" in result.stdout


def test_single_post_from_stdin():
    result = run("-", input=PRAISE_PL)
    assert result.exit_code == 0
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] is None and record["sentiment"] == "positive"


def test_given_language_is_trusted():
    line = json.dumps({"id": 1, "text": "ok", "lang": "pl"})
    record = json.loads(run("--input", "-", input=line).stdout)
    assert record["lang"] == "pl"
    record = json.loads(run("--input", "-", input=json.dumps({"id": 1, "text": "ok"})).stdout)
    assert record["lang"] == "unknown"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--input", "/nonexistent/mentions.jsonl"), "/nonexistent/mentions.jsonl: no such file"),
        (("",), "the post is empty"),
        ((), "give a post TEXT (or - to read it from stdin) or --input FILE"),
        (("some text", "--input", "x.jsonl"), "give either a post TEXT"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_directory_as_input_is_one_clear_error(tmp_path):
    result = run("--input", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_text_format_shows_control_characters_in_ids_as_symbols():
    line = json.dumps({"id": "a\x1b[2Jb", "text": "Thank you, great service!"})
    result = CliRunner().invoke(app, ["classify", "--input", "-", "--format", "text"], input=line + "\n")
    assert result.exit_code == 0
    assert result.stdout.startswith("a␛[2Jb\t") and "\x1b" not in result.stdout

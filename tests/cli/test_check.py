"""`socialguard check`: every output format, exit code and kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from socialguard.cli import app

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "acme.yaml")
CLEAN = "Great to meet everyone at the conference in Warsaw today!"
BLOCKED = "My PESEL is 44051401359, please call me back about the order"


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(app, ["check", *args], input=input)


def test_clean_post_exits_0_with_text_output():
    result = run(CLEAN)
    assert result.exit_code == 0
    assert "ok" in result.stdout


def test_blocked_post_exits_1_and_shows_clause_and_fix():
    result = run(BLOCKED)
    assert result.exit_code == 1
    assert "blocked" in result.stdout
    assert "pii-national-ids" in result.stdout
    assert "§4.1" in result.stdout
    assert "fix:" in result.stdout


def test_json_format():
    result = run(BLOCKED, "--format", "json")
    [record] = json.loads(result.stdout)
    assert record["verdict"] == "blocked"
    finding = next(f for f in record["findings"] if f["entity"] == "PESEL")
    assert {"detector", "rule", "entity", "start", "end", "match", "severity", "score", "clause", "message",
            "fix"} <= finding.keys()
    assert finding["clause"]["number"] == "4.1"


def test_stdin_text_and_context_options():
    result = run("-", "--account", "brand", "--role", "intern", "--format", "json",
                 input="We are opening a new store next week, come and visit us")
    [record] = json.loads(result.stdout)
    assert record["verdict"] == "needs_approval"
    assert [f["rule"] for f in record["findings"]] == ["brand-spokesperson"]


def test_batch_jsonl_keeps_order_and_reports_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": CLEAN}),
        "{broken",
        json.dumps({"id": "c", "text": BLOCKED}),
        json.dumps({"id": "d", "text": "x" * 1_048_576}),
        json.dumps({"id": "e"}),
        json.dumps({"id": "f", "text": "Projekt Sokół startuje w marcu, nie mówcie nikomu", "lang": "pl"}),
    ]
    path = tmp_path / "posts.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"\x00\xff\xfebinary\n")
    result = run("--input", str(path), "--format", "jsonl", "--policy", EXAMPLE)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", 2, "c", "d", "e", "f", 7]
    assert records[0]["verdict"] == "ok"
    assert records[1]["error"].startswith("line 2: invalid JSON")
    assert records[2]["verdict"] == "blocked"
    assert "too long" in records[3]["error"]
    assert records[4]["error"] == "line 5: 'text' is required and must be a string"
    assert records[5]["verdict"] == "blocked" and records[5]["lang"] == "pl"
    assert records[6]["error"] == "line 7: not UTF-8 text"
    assert result.exit_code == 2
    assert "4 input line(s) could not be checked" in result.stderr


def test_batch_exit_codes(tmp_path):
    ok = tmp_path / "ok.jsonl"
    ok.write_text(json.dumps({"text": CLEAN}) + "\n")
    assert run("--input", str(ok), "--format", "jsonl").exit_code == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": CLEAN}) + "\n" + json.dumps({"text": BLOCKED}) + "\n")
    assert run("--input", str(bad), "--format", "jsonl").exit_code == 1


def test_batch_takes_context_from_options_unless_a_line_gives_it(tmp_path):
    path = tmp_path / "posts.jsonl"
    text = "We are opening a new store next week, come and visit us"
    path.write_text(json.dumps({"id": 1, "text": text}) + "\n"
                    + json.dumps({"id": 2, "text": text, "role": "spokesperson"}) + "\n")
    result = run("--input", str(path), "--format", "jsonl", "--account", "brand", "--role", "intern")
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert [f["rule"] for f in first["findings"]] == ["brand-spokesperson"]
    assert second["verdict"] == "ok"


def test_sarif_format():
    result = run(BLOCKED, "--format", "sarif")
    report = json.loads(result.stdout)
    assert report["version"] == "2.1.0"
    run_ = report["runs"][0]
    assert any(r["id"] == "pii-national-ids" for r in run_["tool"]["driver"]["rules"])
    result_ = next(r for r in run_["results"] if r["ruleId"] == "pii-national-ids")
    assert result_["level"] == "error"
    assert result_["locations"][0]["physicalLocation"]["region"] == {"charOffset": 12, "charLength": 11}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("",), "the post is empty"),
        (("--input", "/nonexistent/posts.jsonl"), "/nonexistent/posts.jsonl: no such file"),
        ((CLEAN, "--policy", "/nonexistent/policy.yaml"), "/nonexistent/policy.yaml: no such file"),
        ((CLEAN, "--input", "x.jsonl"), "give either a post TEXT"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_bad_policy_file_is_one_line(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("rules:\n  - {id: a, detector: confidential.secret, severity: huge, clause: credentials}\n")
    result = run(CLEAN, "--policy", str(policy))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"socialguard: error: {policy}:2: rules[0].severity: must be one of info, warn, review, block"
    )


def test_binary_stdin_is_rejected_clearly():
    result = run("-", input=b"\xff\xfe\x00\x00garbage")
    assert result.exit_code == 2
    assert "stdin: not UTF-8 text" in result.stderr


def test_rules_and_explain():
    listing = CliRunner().invoke(app, ["rules"])
    assert listing.exit_code == 0
    assert "confidential.pii" in listing.stdout and "pii-national-ids" in listing.stdout
    explained = CliRunner().invoke(app, ["explain", "pii-national-ids"])
    assert explained.exit_code == 0
    assert "4.1" in explained.stdout and "confidential.pii" in explained.stdout
    missing = CliRunner().invoke(app, ["explain", "nope"])
    assert missing.exit_code == 2

"""`check --format text` prints every id, post and policy string verbatim: never read as Rich markup, with
control characters shown as visible symbols."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from socialguard.cli import app
from socialguard.cli._text import visible

MARKUP = ["[", "]", "[/]", "[bold]", "[red]", "[/bold]", "[link=x]", ":smile:", "\\", "[[", "]]", "\x1b[31m"]
# every control character but tab (tabs are expanded into spaces, like any terminal does)
CONTROL = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) != "\t"]
# no lone surrogates: a line holding one is an error record (tests/test_batch.py), never a post to print
LETTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\t")
pieces = st.one_of(st.sampled_from(MARKUP + CONTROL), st.text(LETTERS, max_size=5))
texts = st.lists(pieces, min_size=1, max_size=12).map("".join).map(lambda s: s + " 44051401359")
ids = st.one_of(st.integers(), st.lists(pieces, max_size=6).map("".join))


def check_text(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["check", "--format", "text", *args], input=input)


def test_markup_in_a_post_is_shown_not_parsed_and_the_verdict_keeps_its_exit_code():
    result = check_text("My PESEL is 44051401359 [/] ok [bold]x[/bold] :smile:")
    assert isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "My PESEL is 44051401359 [/] ok [bold]x[/bold] :smile:" in result.stdout
    assert "fix: Mask it: [PESEL]: My PESEL is [PESEL] [/] ok [bold]x[/bold] :smile:" in result.stdout


def test_string_ids_are_shown():
    lines = [json.dumps({"id": "post-7", "text": "hello"}), json.dumps({"id": "x y", "text": "[bold]hi"})]
    result = check_text("--input", "-", input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    assert "[post-7] ok" in result.stdout and "[x y] ok" in result.stdout and "[bold]hi" in result.stdout


def test_control_characters_cannot_reach_the_terminal():
    result = check_text("red \x1b[31m alert\x07 44051401359")
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "red ␛[31m alert␇ 44051401359" in result.stdout


def test_stdin_line_end_is_not_part_of_the_post():
    result = CliRunner().invoke(app, ["check", "-", "--format", "json"], input="call me +48 601 234 567\n")
    [record] = json.loads(result.stdout)
    assert record["findings"][0]["fix"]["text"] == "call me +** *** *** *67"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post_id=ids, text=texts)
def test_any_id_and_text_print_verbatim(post_id, text):
    line = json.dumps({"id": post_id, "text": text})
    result = check_text("--input", "-", input=line + "\n")
    assert isinstance(result.exception, SystemExit), result.exception  # a crash would be any other exception
    assert result.exit_code == 1  # the PESEL blocks it: a verdict, not a crash
    assert result.stdout.startswith(f"[{visible(post_id)}] blocked")
    assert f"\n{visible(text)}\n" in result.stdout


MARKUP_POLICY = """\
version: "[bold]v1[/]"
packs: [general]
rules:
  - id: markup-swap
    detector: text.substitution
    params: {swap: {"users": "[/] customers"}}
    severity: warn
    clause: brand-guidelines
"""


def test_policy_strings_print_verbatim_in_rules_explain_and_check(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text(MARKUP_POLICY, encoding="utf-8")
    listing = CliRunner().invoke(app, ["rules", "--policy", str(policy)])
    assert listing.exit_code == 0 and "Rules of policy [bold]v1[/]" in listing.stdout
    explained = CliRunner().invoke(app, ["explain", "markup-swap", "--policy", str(policy)])
    assert explained.exit_code == 0 and "params: {'swap': {'users': '[/] customers'}}" in explained.stdout
    checked = check_text("hello users", "--policy", str(policy))
    assert checked.exit_code == 0
    assert "(lang unknown, policy [bold]v1[/])" in checked.stdout
    assert "fix: Replace with '[/] customers': hello [/] customers" in checked.stdout

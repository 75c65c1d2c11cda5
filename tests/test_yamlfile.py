"""The bounded YAML loader: alias bombs, self-referencing aliases, deep nesting and oversized files are each
refused with one line naming the file and the line, in the library, on the command line (a real subprocess)
and for every YAML file the package ships."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from socialguard.policy import PolicyError, parse_policy
from socialguard.policy.wizard import AnswersError, read_answers
from socialguard.yamlfile import MAX_DEPTH, MAX_REPEATED, MAX_SIZE, YamlError, load_yaml

SOCIALGUARD = [sys.executable, "-c", "from socialguard.cli import main; main()"]
SECONDS = 60  # a bomb that got through would run for minutes and take gigabytes; these take about a second


def alias_bomb(levels: int) -> str:
    """`levels` anchors, each a list of nine aliases of the one before: 9**levels values when expanded."""
    names = "abcdefghij"
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for level in range(1, levels + 1):
        lines.append(f"{names[level]}: &{names[level]} [{','.join([f'*{names[level - 1]}'] * 9)}]")
    return "\n".join(lines) + "\n"


BOMB = alias_bomb(7)  # the 7-level bomb of issue 12 (6.8 s and 1.2 GB before the loader was bounded)
SELF = "a: &a [*a]\n"
DEEP = "k: " + "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10) + "\n"


def error_of(text: str, name: str = "test.yaml") -> str:
    with pytest.raises(YamlError) as caught:
        load_yaml(text, name)
    return str(caught.value)


def test_an_alias_bomb_is_refused_at_the_line_where_it_explodes():
    assert len(BOMB.encode()) < 300
    assert error_of(BOMB) == (f"test.yaml:5: aliases repeat more than {MAX_REPEATED:,} values; "
                              "write the values out instead")


def test_an_alias_inside_the_value_it_names_is_refused():
    assert error_of(SELF) == "test.yaml:1: alias *a is inside the value it names"
    assert error_of("a:\n  b: &b\n    c: [1, {d: *b}]\n") == "test.yaml:3: alias *b is inside the value it names"


def test_nesting_deeper_than_the_limit_is_refused():
    assert error_of(DEEP) == f"test.yaml:1: nested more than {MAX_DEPTH} levels deep"
    nested_blocks = "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 5)) + f"{'  ' * (MAX_DEPTH + 5)}v\n"
    assert error_of(nested_blocks) == f"test.yaml:{MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep"


def test_a_text_over_the_size_limit_is_refused_before_parsing():
    too_large = f"test.yaml: too large ({MAX_SIZE + 3:,} characters; the limit is {MAX_SIZE:,})"
    assert error_of("a: " + "x" * MAX_SIZE) == too_large


def test_ordinary_anchors_and_merge_keys_still_work():
    text = "base: &base {severity: warn, clause: c}\nrules:\n  - {<<: *base, id: a}\n  - {<<: *base, id: b}\n"
    data = load_yaml(text, "ok.yaml")
    assert data["rules"] == [{"severity": "warn", "clause": "c", "id": "a"},
                             {"severity": "warn", "clause": "c", "id": "b"}]


def test_characters_yaml_does_not_allow_are_one_line():
    assert error_of("a: 1\nb: \x1f\n") == "test.yaml:2: invalid YAML: character 0x001f is not allowed"


def test_a_date_yaml_accepts_but_the_calendar_does_not_is_one_line():  # found by tests/fuzz
    assert error_of("a: 1\nd: 0000-01-01\n") == (
        "test.yaml:2: invalid YAML: '0000-01-01' is not a date (year 0 is out of range)")


def test_python_tags_are_not_constructed():
    assert error_of("x: !!python/object/apply:os.system [echo hi]\n").startswith("test.yaml:1: invalid YAML:")


def test_every_shipped_yaml_file_loads_within_the_limits():
    shipped = [p for p in Path(str(resources.files("socialguard"))).rglob("*.yaml")]
    assert len(shipped) > 30
    for path in shipped:
        load_yaml(path.read_text(encoding="utf-8"), path.name)


@pytest.mark.parametrize(("text", "line", "message"), [
    (BOMB, 5, f"aliases repeat more than {MAX_REPEATED:,} values"),
    (SELF, 1, "alias *a is inside the value it names"),
    (DEEP, 1, f"nested more than {MAX_DEPTH} levels deep"),
])
def test_policies_and_answers_files_are_bounded(tmp_path, text, line, message):
    with pytest.raises(PolicyError) as policy_error:
        parse_policy(text, "policy")
    assert str(policy_error.value).startswith(f"policy:{line}: {message}")
    answers = tmp_path / "answers.yaml"
    answers.write_text("organisation: Acme\n" + text, encoding="utf-8")
    with pytest.raises(AnswersError) as answers_error:
        read_answers(answers)
    assert str(answers_error.value).startswith(f"{answers}:{line + 1}: {message}")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SOCIALGUARD, *args], capture_output=True, text=True, timeout=SECONDS)


@pytest.mark.parametrize(("text", "message"), [
    (BOMB, f"policy.yaml:5: aliases repeat more than {MAX_REPEATED:,} values; write the values out instead"),
    (SELF, "policy.yaml:1: alias *a is inside the value it names"),
    (DEEP, f"policy.yaml:1: nested more than {MAX_DEPTH} levels deep"),
])
def test_check_with_a_hostile_policy_prints_one_line(tmp_path, text, message):
    policy = tmp_path / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    done = run_cli("check", "hello", "--policy", str(policy))
    assert done.returncode == 2
    assert done.stderr == f"socialguard: error: {tmp_path}/{message}\n"


def test_init_with_a_hostile_answers_file_prints_one_line(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("organisation: Acme\n" + alias_bomb(7), encoding="utf-8")
    done = run_cli("init", "--answers", str(answers), "--out", str(tmp_path / "policy.yaml"))
    assert done.returncode == 2
    assert done.stderr == (f"socialguard: error: {answers}:6: aliases repeat more than {MAX_REPEATED:,} values; "
                           "write the values out instead\n")
    assert not (tmp_path / "policy.yaml").exists()


def test_an_oversized_policy_file_is_refused_without_reading_it_all(tmp_path):
    policy = tmp_path / "policy.yaml"
    with policy.open("wb") as stream:
        stream.truncate(MAX_SIZE * 20)
    done = run_cli("check", "hello", "--policy", str(policy))
    assert done.returncode == 2
    assert done.stderr == (f"socialguard: error: {policy}: file is too large for a policy file "
                           f"(more than {MAX_SIZE:,} bytes)\n")

"""Fuzzing the YAML a user feeds: policy files (from a file, from the web editor's text, through `check`) and
answers files of `socialguard init`. Whatever the input (random text, YAML fragments, anchors and aliases,
mutations of a real policy, random bytes), the result is a policy or one `PolicyError` line naming the input,
within the deadline, never another exception.

Examples per test are bounded so the module runs in seconds; `SOCIALGUARD_FUZZ_EXAMPLES=2000` runs a longer
campaign (the command-line test gets a sixth of it, it checks a post each time).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from socialguard.cli import app
from socialguard.policy import Policy, PolicyError, load_policy, parse_policy
from socialguard.policy.wizard import Answers, AnswersError, read_answers

EXAMPLE = (Path(__file__).parents[2] / "examples" / "acme.yaml").read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("SOCIALGUARD_FUZZ_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=dt.timedelta(seconds=5),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])
TOKENS = ["&a ", "*a", "&b ", "*b", "<<: ", "[", "]", "{", "}", ": ", ", ", "- ", "\n", "  ", "? ", "|", ">",
          "'", '"', "#", "!!python/object/apply:os.system ", "!!binary ", "!!str ", "!!map ", "%YAML 1.1\n",
          "---\n", "...\n", "rules:", "packs:", "clauses:", "overrides:", "id: x", "detector: ", "severity: ",
          "[general]", "\t", "\ufeff", "\x00", "\ud7ff", "1e999", "0x1F", "2026-13-45", "~", "null", "yes"]
yaml_soup = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=60).map("".join)


@st.composite
def mutated_example(draw) -> str:
    """examples/acme.yaml with a few cuts, insertions and replacements."""
    text = EXAMPLE
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        text = text[:start] + draw(st.sampled_from(TOKENS) | st.text(max_size=6)) + text[end:]
    return text


def leaf_values():
    return st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | \
        st.lists(st.text(max_size=8), max_size=3) | \
        st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=2)


@st.composite
def example_with_odd_values(draw) -> str:
    """examples/acme.yaml as data, with some values anywhere in it replaced by values of other types."""
    data = yaml.safe_load(EXAMPLE)
    for _ in range(draw(st.integers(1, 3))):
        node = data
        while True:
            key = draw(st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node)))))
            if isinstance(node[key], (dict, list)) and node[key] and draw(st.booleans()):
                node = node[key]
                continue
            node[key] = draw(leaf_values())
            break
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def policy_or_one_line(text: str) -> None:
    try:
        assert isinstance(parse_policy(text, "fuzz.yaml"), Policy)
    except PolicyError as exc:
        assert str(exc).startswith("fuzz.yaml") and "\n" not in str(exc), str(exc)


@SETTINGS
@given(st.text(max_size=400) | yaml_soup | mutated_example())
def test_policy_text_is_a_policy_or_one_line(text):
    policy_or_one_line(text)


@SETTINGS
@given(st.binary(max_size=400) | mutated_example().map(lambda t: t.encode("utf-8", "surrogatepass")) |
       st.builds(lambda a, b: a + b, mutated_example().map(str.encode), st.binary(min_size=1, max_size=8)))
def test_policy_files_of_any_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("policy") / "policy.yaml"
    path.write_bytes(data)
    try:
        assert isinstance(load_policy(path), Policy)
    except PolicyError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc), str(exc)


# the first example loads the classifiers, which takes seconds
@settings(SETTINGS, max_examples=max(EXAMPLES // 6, 10), deadline=dt.timedelta(seconds=60))
@given(example_with_odd_values() | mutated_example())
def test_check_with_a_fuzzed_policy_never_crashes(tmp_path_factory, text):
    """Through the whole command: loading, compiling the policy's rules and checking a post."""
    path = tmp_path_factory.mktemp("policy") / "policy.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = CliRunner().invoke(app, ["check", "My PESEL is 44051401359, visit http://acme.example", "--policy",
                                      str(path)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert result.stderr.startswith(f"socialguard: error: {path}") and result.stderr.count("\n") == 1, result.stderr


@SETTINGS
@given(st.binary(max_size=300) |
       yaml_soup.map(lambda t: ("organisation: Acme\n" + t).encode("utf-8", "surrogatepass")) |
       st.dictionaries(st.sampled_from(["organisation", "industry", "size", "languages", "sectors", "brand_accounts",
                                        "spokespeople", "teams", "security", "effective", "colour"]),
                       leaf_values(), max_size=5).map(lambda d: yaml.safe_dump(d).encode()))
def test_answers_files_are_answers_or_one_line(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("answers") / "answers.yaml"
    path.write_bytes(data)
    try:
        assert isinstance(read_answers(path), Answers)
    except AnswersError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc), str(exc)

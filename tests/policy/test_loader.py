"""Loading policy files: packs, overrides, and one clear error per kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialguard.policy import PolicyError, available_packs, load_policy, parse_policy

EXAMPLE = Path(__file__).parents[2] / "examples" / "acme.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    return str(caught.value)


def test_builtin_default_has_the_general_pack():
    policy = load_policy()
    assert "general" in available_packs()
    assert policy.rule("pii-national-ids").clause == "personal-data"
    assert policy.clause("personal-data").number == "4.1"
    assert policy.source == "<built-in default policy>"


def test_example_policy_merges_pack_and_own_rules_and_overrides():
    policy = load_policy(EXAMPLE)
    assert policy.organisation.name == "Acme"
    assert policy.rule("brand-names").detector == "text.substitution"
    assert policy.rule("pii-business-ids").severity.value == "info"  # overridden from the pack's warn
    assert [t.term for t in policy.confidential_terms][:1] == ["Projekt Sokół"]


def test_own_rule_replaces_pack_rule_with_same_id():
    policy = parse_policy(
        "packs: [general]\nrules:\n  - {id: secrets, detector: confidential.secret, severity: warn, clause: credentials}\n"
    )
    assert policy.rule("secrets").severity.value == "warn"
    assert sum(r.id == "secrets" for r in policy.rules) == 1


def test_a_rule_that_is_not_a_mapping_before_another_rule_is_one_line():  # found by tests/fuzz
    with pytest.raises(PolicyError, match=r"^p.yaml:2: rules\[0\]: Input should be a valid dictionary"):
        parse_policy("rules:\n  - x\n  - {id: a}\n", "p.yaml")


def test_bad_severity_names_file_line_and_field(tmp_path):
    path = write(tmp_path, """\
packs: [general]
rules:
  - id: mine
    detector: confidential.secret
    severity: critical
    clause: credentials
""")
    assert error_of(path) == f"{path}:5: rules[0].severity: must be one of info, warn, review, block"


def test_bad_severity_index_counts_the_users_own_rules(tmp_path):
    rules = "".join(f"  - {{id: r{i}, detector: confidential.secret, severity: warn, clause: credentials}}\n"
                    for i in range(3))
    path = write(tmp_path, "packs: [general]\nrules:\n" + rules +
                 "  - {id: r3, detector: confidential.secret, severity: bad, clause: credentials}\n")
    assert error_of(path) == f"{path}:6: rules[3].severity: must be one of info, warn, review, block"


def test_unknown_detector(tmp_path):
    path = write(tmp_path, "packs: [general]\nrules:\n  - id: x\n    detector: nope.nothing\n    severity: warn\n"
                           "    clause: credentials\n")
    message = error_of(path)
    assert message.startswith(f"{path}:4: rules[0].detector: unknown detector 'nope.nothing'; known: ")
    assert "confidential.pii" in message


def test_bad_detector_params_name_the_param(tmp_path):
    path = write(tmp_path, "packs: [general]\nrules:\n  - id: x\n    detector: confidential.pii\n"
                           "    params: {colour: blue}\n    severity: warn\n    clause: credentials\n")
    assert error_of(path).startswith(f"{path}:5: rules[0].params.colour: unknown field")


def test_unknown_clause(tmp_path):
    path = write(tmp_path, "rules:\n  - {id: x, detector: confidential.secret, severity: warn, clause: nowhere}\n")
    assert error_of(path) == f"{path}: rules[0].clause: unknown clause 'nowhere'"


def test_unknown_field_is_an_error_not_ignored(tmp_path):
    path = write(tmp_path, "organisation:\n  name: Acme\n  colour: red\n")
    assert error_of(path) == f"{path}:3: organisation.colour: unknown field"


def test_unknown_pack(tmp_path):
    path = write(tmp_path, "packs: [general, astrology]\n")
    message = error_of(path)
    assert message.startswith(f"{path}:1: packs[1]: unknown pack 'astrology'; available: ")
    assert "general" in message


def test_override_of_missing_rule(tmp_path):
    path = write(tmp_path, "packs: [general]\noverrides:\n  no-such-rule: {severity: info}\n")
    assert error_of(path) == f"{path}:3: overrides.no-such-rule: no such rule"


def test_bad_override_points_at_the_override(tmp_path):
    path = write(tmp_path, "packs: [general]\noverrides:\n  secrets:\n    severity: loud\n")
    assert error_of(path) == f"{path}:4: overrides.secrets.severity: must be one of info, warn, review, block"


def test_same_rule_id_twice_in_one_file(tmp_path):
    rule = "  - {id: twice, detector: confidential.secret, severity: warn, clause: credentials}\n"
    path = write(tmp_path, "packs: [general]\nrules:\n" + rule + rule)
    assert error_of(path) == f"{path}:4: rules[1].id: duplicate id 'twice'"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"rules: [\n  - oops", "invalid YAML"),
        (b"- just\n- a list\n", "a policy must be a mapping"),
        (b"\xff\xfe\x00garbage\x00\x01", "not UTF-8 text"),
    ],
)
def test_malformed_files(tmp_path, content, expected):
    path = tmp_path / "policy.yaml"
    path.write_bytes(content)
    message = error_of(path)
    assert message.startswith(str(path))
    assert expected in message


def test_missing_file_and_directory(tmp_path):
    assert error_of(tmp_path / "absent.yaml") == f"{tmp_path / 'absent.yaml'}: no such file"
    assert error_of(tmp_path) == f"{tmp_path}: is a directory, not a policy file"


def test_empty_file_is_an_empty_policy(tmp_path):
    policy = load_policy(write(tmp_path, ""))
    assert policy.rules == []

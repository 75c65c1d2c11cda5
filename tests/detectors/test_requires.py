"""text.requires: a post that says A must also say B (optionally near its start), EN and PL."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Post, evaluate
from socialguard.detectors import Context, registry
from socialguard.detectors.requires import Requires, RequiresParams
from socialguard.policy import PolicyError, parse_policy
from socialguard.policy.schema import Policy

POLICY = Policy()
CREDIT = {"if_any": ["rata", "monthly payment*", r"re:\b0\s?%"], "require_any": ["RRSO", "re:\\bAPR\\b"]}


def hits(text: str, **params):
    detector = Requires(RequiresParams(**params), POLICY)
    return list(detector.find(Context(Post(text=text), "unknown", POLICY)))


def found(text: str, **params) -> list[str]:
    return [text[h.start : h.end] for h in hits(text, **params)]


def test_registered_under_its_id():
    assert registry()["text.requires"] is Requires


def test_a_trigger_without_the_requirement_is_a_hit():
    assert found("Niska rata: tylko 199 zł miesięcznie!", **CREDIT) == ["rata"]
    assert found("Raty od 199 zł", **CREDIT) == ["Raty"]
    assert found("Low monthly payments from $99", **CREDIT) == ["monthly payments"]
    assert found("Kredyt na 0% dla każdego", **CREDIT) == ["0%"]


def test_the_requirement_anywhere_satisfies_the_rule():
    assert found("Rata 199 zł, RRSO 12,5%", **CREDIT) == []
    assert found("Monthly payments from $99. Representative APR 19.9%", **CREDIT) == []


def test_a_post_without_the_trigger_is_fine():
    assert found("Zapraszamy do oddziału", **CREDIT) == []
    assert found("Pay attention to the rationale", **CREDIT) == []


def test_only_the_first_trigger_is_reported():
    [hit] = hits("Rata niska, raty stałe", **CREDIT)
    assert hit.args == {"match": "Rata", "required": "'RRSO', /\\bAPR\\b/", "within": ""}
    assert hit.message == "text.requires.missing_any"
    assert hit.label == "missing_required"


def test_within_chars_requires_the_text_near_the_start():
    params = {"if_any": ["my results", "moje efekty"], "require_any": ["results may vary"], "within_chars": 60}
    assert found("Results may vary. My results after 3 weeks!", **params) == []
    late = "My results after 3 weeks were amazing, truly life changing!! Results may vary."
    assert found(late, **params) == ["My results"]
    assert hits(late, **params)[0].message == "text.requires.missing_one_at_start"


def test_entries_are_validated():
    with pytest.raises(ValidationError, match="invalid regular expression"):
        RequiresParams(if_any=["re:(x"], require_any=["a"])
    with pytest.raises(ValidationError):
        RequiresParams(if_any=[], require_any=["a"])
    with pytest.raises(ValidationError):
        RequiresParams(if_any=["a"], require_any=["b"], within_chars=0)


RULE_YAML = """
packs: [general]
rules:
  - id: credit-apr
    detector: text.requires
    params: {if_any: [rata, raty, monthly payment*], require_any: [RRSO, APR]}
    severity: block
    clause: regulated
"""


def test_through_evaluate_with_localized_messages():
    policy = parse_policy(RULE_YAML)
    pl = evaluate(Post(text="Nowy samochód, rata tylko 999 zł!", lang="pl"), policy)
    en = evaluate(Post(text="New car, monthly payment only $299!", lang="en"), policy)
    assert [f.message for f in pl.findings if f.rule == "credit-apr"] == [
        "Post zawiera „rata”, ale nie zawiera żadnego z: 'RRSO', 'APR'"
    ]
    assert [f.message for f in en.findings if f.rule == "credit-apr"] == [
        "The post says 'monthly payment' but does not say any of 'RRSO', 'APR'"
    ]


def test_a_bad_entry_in_a_policy_names_the_field():
    with pytest.raises(PolicyError, match=r"params\.require_any"):
        parse_policy(RULE_YAML.replace("[RRSO, APR]", "['re:[']"))

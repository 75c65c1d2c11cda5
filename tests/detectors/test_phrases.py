"""text.phrases: rule-given phrases (inflection-tolerant) and regular expressions, EN and PL."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Post, evaluate
from socialguard.detectors import Context, registry
from socialguard.detectors.phrases import ForbiddenPhrases, PhrasesParams
from socialguard.policy import PolicyError, parse_policy
from socialguard.policy.schema import Policy

POLICY = Policy()


def hits(text: str, **params):
    detector = ForbiddenPhrases(PhrasesParams(**params), POLICY)
    return list(detector.find(Context(Post(text=text), "unknown", POLICY)))


def found(text: str, **params) -> list[str]:
    return [text[h.start : h.end] for h in hits(text, **params)]


def test_registered_under_its_id():
    assert registry()["text.phrases"] is ForbiddenPhrases


def test_phrases_are_found_inflected_in_polish():
    params = {"phrases": ["gwarantowany zysk"]}
    assert found("Oferujemy gwarantowany zysk!", **params) == ["gwarantowany zysk"]
    assert found("Bez gwarantowanego zysku", **params) == ["gwarantowanego zysku"]
    assert found("Zysk nie jest gwarantowany", **params) == []


def test_phrases_are_found_in_english_with_stems():
    params = {"phrases": ["risk-free", "guarantee* returns"]}
    assert found("A RISK-FREE plan with guaranteed returns", **params) == ["RISK-FREE", "guaranteed returns"]
    assert found("Returns are not guaranteed; risk is real", **params) == []


def test_patterns_are_case_insensitive_regexes():
    params = {"patterns": [r"\b\d{2,3}\s?% (?:zwrotu|return)"]}
    assert found("Aż 300 % zwrotu w rok", **params) == ["300 % zwrotu"]
    assert found("A 12% RETURN", **params) == ["12% RETURN"]
    assert found("12 percent return", **params) == []


def test_overlapping_phrase_and_pattern_give_one_hit():
    assert found("100% pewny zysk", phrases=["pewny zysk"], patterns=[r"100% pewny zysk"]) == ["100% pewny zysk"]


def test_hit_has_the_rules_label_and_a_generic_message():
    [hit] = hits("cure for cancer", phrases=["cure for cancer"], label="health_claim")
    assert (hit.label, hit.message, hit.args, hit.entity) == (
        "health_claim", "text.phrases.found", {"match": "cure for cancer"}, "cure for cancer"
    )


def test_a_bad_regex_is_a_validation_error():
    with pytest.raises(ValidationError, match="invalid regular expression"):
        PhrasesParams(patterns=["(unclosed"])


def test_something_to_find_is_required():
    with pytest.raises(ValidationError, match="phrases or patterns"):
        PhrasesParams()
    with pytest.raises(ValidationError, match="no letters or digits"):
        PhrasesParams(phrases=["!!!"])


RULE_YAML = """
packs: [general]
rules:
  - id: no-guarantees
    detector: text.phrases
    params: {{phrases: [gwarantowany zysk, guaranteed return*], patterns: {patterns}}}
    severity: review
    clause: regulated
    message: {{en: "Do not promise returns", pl: "Nie obiecuj zysków"}}
"""


def test_through_evaluate_with_the_rules_own_message():
    policy = parse_policy(RULE_YAML.format(patterns="[]"))
    verdict = evaluate(Post(text="Tylko u nas gwarantowanego zysku nie brakuje", lang="pl"), policy)
    assert [(f.rule, f.match, f.message) for f in verdict.findings if f.rule == "no-guarantees"] == [
        ("no-guarantees", "gwarantowanego zysku", "Nie obiecuj zysków")
    ]


def test_a_bad_regex_in_a_policy_names_the_field():
    with pytest.raises(PolicyError, match=r"rules\[0\]\.params\.patterns.*invalid regular expression"):
        parse_policy(RULE_YAML.format(patterns="['[a-']"))

"""confidential.terms: policy terms found inflected and misspelt, expired ones ignored (EN and PL)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from socialguard import Post, evaluate
from socialguard.detectors import Context, registry
from socialguard.detectors.terms import ConfidentialTerms, TermsParams
from socialguard.policy import PolicyError, parse_policy
from socialguard.policy.schema import ConfidentialTerm, Policy

TOMORROW = dt.date.today() + dt.timedelta(days=1)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)
POLICY = Policy(
    confidential_terms=[
        ConfidentialTerm(term="Projekt Sokół"),
        ConfidentialTerm(term="Falcon Launch", until=TOMORROW),
        ConfidentialTerm(term="Wyniki Q3", until=YESTERDAY),
    ]
)


def found(text: str, policy: Policy = POLICY, **params) -> list[str]:
    detector = ConfidentialTerms(TermsParams(**params), policy)
    return [text[h.start : h.end] for h in detector.find(Context(Post(text=text), "pl", policy))]


def test_registered_under_its_id():
    assert registry()["confidential.terms"] is ConfidentialTerms


@pytest.mark.parametrize(
    "text, match",
    [
        ("Startuje Projekt Sokół!", "Projekt Sokół"),
        ("Pracuję nad projektem Sokół", "projektem Sokół"),
        ("Szczegóły Projektu Sokoła wkrótce", "Projektu Sokoła"),
        ("Dużo się dzieje w projekcie sokole", "projekcie sokole"),
        ("PROJEKT SOKOL", "PROJEKT SOKOL"),
        ("Join the Falcon Launch party", "Falcon Launch"),
    ],
)
def test_terms_are_found_case_diacritic_and_inflection_insensitively(text, match):
    assert found(text) == [match]


def test_a_small_typo_is_still_found():
    assert found("Projekt Sokul rusza") == ["Projekt Sokul"]
    assert found("the Falcon Lanuch is close") == ["Falcon Lanuch"]


@pytest.mark.parametrize(
    "text",
    ["Project Social is a new show", "Sokół to ptak", "projektant sokolnik", "Falcon lands softly",
     "Projekt Sowa"],
)
def test_near_misses_are_not_terms(text):
    assert found(text) == []


def test_an_expired_term_is_no_longer_confidential():
    assert found("Wyniki Q3 są świetne") == []
    assert found("Wyniki Q3 są świetne", policy=Policy(confidential_terms=["Wyniki Q3"])) == ["Wyniki Q3"]


def test_params_terms_are_added_to_the_policys():
    assert found("Nowy Kryptonim Orzeł już wkrótce", terms=["Kryptonim Orzeł"]) == ["Kryptonim Orzeł"]


def test_typos_can_be_switched_off():
    assert found("Projekt Sokul", max_typos=0) == []


def test_max_typos_is_validated():
    with pytest.raises(ValidationError):
        TermsParams(max_typos=5)


def test_hit_names_the_term_and_redacts_it():
    text = "Szczegóły Projektu Sokoła wkrótce"
    [hit] = ConfidentialTerms(TermsParams(), POLICY).find(Context(Post(text=text), "pl", POLICY))
    assert hit.entity == "Projekt Sokół"
    assert hit.label == "confidential_term"
    assert hit.args == {"match": "Projektu Sokoła", "term": "Projekt Sokół"}
    assert hit.fix_text == "Szczegóły […] wkrótce"
    assert hit.score == 1.0


def test_a_typo_hit_scores_lower():
    [hit] = ConfidentialTerms(TermsParams(), POLICY).find(Context(Post(text="Projekt Sokul"), "pl", POLICY))
    assert hit.score < 1.0


POLICY_YAML = """
packs: [general]
organisation: {name: Acme, languages: [en, pl]}
confidential_terms:
  - Projekt Sokół
  - {term: Falcon Launch, until: 2000-01-01}
"""


def test_through_evaluate_with_a_policy_file():
    policy = parse_policy(POLICY_YAML)
    verdict = evaluate(Post(text="Nie mogę się doczekać premiery Projektu Sokoła!", lang="pl"), policy)
    [finding] = [f for f in verdict.findings if f.rule == "confidential-terms"]
    assert finding.match == "Projektu Sokoła"
    assert finding.severity.value == "block"
    assert finding.message == "„Projektu Sokoła” to poufny termin „Projekt Sokół”"
    assert finding.fix is not None and finding.fix.text == "Nie mogę się doczekać premiery […]!"
    assert verdict.outcome.value == "blocked"


def test_through_evaluate_an_expired_term_and_an_english_message():
    policy = parse_policy(POLICY_YAML)
    verdict = evaluate(Post(text="The Falcon Launch was great, Projekt Sokol too", lang="en"), policy)
    assert [(f.match, f.message) for f in verdict.findings if f.rule == "confidential-terms"] == [
        ("Projekt Sokol", "'Projekt Sokol' is the confidential term 'Projekt Sokół'")
    ]


def test_a_bad_param_in_a_policy_is_a_clear_error():
    with pytest.raises(PolicyError, match="max_typos"):
        parse_policy(POLICY_YAML + "overrides:\n  confidential-terms: {params: {max_typos: 9}}\n")

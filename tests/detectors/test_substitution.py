"""text.substitution: wrong -> right, case handling, and the replacement as a fix (EN and PL)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Post, evaluate
from socialguard.detectors import Context, registry
from socialguard.detectors.substitution import Substitution, SubstitutionParams
from socialguard.policy import parse_policy
from socialguard.policy.schema import Policy

POLICY = Policy()
SWAP = {"Iphone": "iPhone", "users": "customers", "e-mail": "email", "Lodz": "Łódź", "klienci": "klientki i klienci"}


def hits(text: str, **params):
    detector = Substitution(SubstitutionParams(**{"swap": SWAP, **params}), POLICY)
    return list(detector.find(Context(Post(text=text), "unknown", POLICY)))


def found(text: str, **params) -> list[tuple[str, str | None]]:
    return [(text[h.start : h.end], h.args["right"]) for h in hits(text, **params)]


def test_registered_under_its_id():
    assert registry()["text.substitution"] is Substitution


def test_every_spelling_but_the_right_one_is_flagged():
    assert found("New IPHONE, new iphone, new Iphone") == [
        ("IPHONE", "iPhone"), ("iphone", "iPhone"), ("Iphone", "iPhone")
    ]
    assert found("The new iPhone is here") == []


def test_without_ignorecase_only_the_exact_spelling_is_flagged():
    assert found("IPHONE and Iphone", ignorecase=False) == [("Iphone", "iPhone")]


def test_polish_diacritics_are_corrected():
    assert found("Widzimy się w Lodzi? Nie, w Lodz. A może w ŁÓDŹ?") == [("Lodz", "Łódź"), ("ŁÓDŹ", "Łódź")]
    assert found("Spotkanie w Łódź") == []


def test_the_right_form_containing_the_wrong_one_is_not_flagged():
    assert found("Drodzy klientki i klienci!") == []
    assert found("Drodzy klienci!") == [("klienci", "klientki i klienci")]


def test_whole_words_only():
    assert found("superusers and e-mailing") == []


def test_fix_replaces_the_occurrence_and_capitalises_a_sentence_start():
    [first, second] = hits("Users love it. Our users too.")
    assert first.fix_text == "Customers love it. Our users too."
    assert second.fix_text == "Users love it. Our customers too."
    assert (first.message, first.args) == ("text.substitution.found", {"wrong": "Users", "right": "Customers"})


def test_a_styled_name_is_not_capitalised_at_a_sentence_start():
    [hit] = hits("Iphone sales grew.")
    assert hit.fix_text == "iPhone sales grew."


def test_swap_is_validated():
    with pytest.raises(ValidationError):
        SubstitutionParams(swap={})
    with pytest.raises(ValidationError, match="replacement is empty"):
        SubstitutionParams(swap={"users": " "})


def test_through_evaluate_in_polish():
    policy = parse_policy(
        """
packs: [general]
rules:
  - id: house-style
    detector: text.substitution
    params: {swap: {e-mail: email, Iphone: iPhone}}
    severity: info
    clause: brand-guidelines
"""
    )
    verdict = evaluate(Post(text="Napisz do nas e-mail w sprawie iphone.", lang="pl"), policy)
    assert [(f.match, f.message, f.fix.text) for f in verdict.findings if f.rule == "house-style"] == [
        ("e-mail", "Użyj „email” zamiast „e-mail”", "Napisz do nas email w sprawie iphone."),
        ("iphone", "Użyj „iPhone” zamiast „iphone”", "Napisz do nas e-mail w sprawie iPhone."),
    ]

"""conduct.profanity: EN and PL profanity and slurs, inflected and obfuscated; no Scunthorpe hits."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Post, evaluate, load_policy
from socialguard.detectors import Context, registry
from socialguard.detectors.profanity import Profanity, ProfanityParams, mask
from socialguard.lexicons import load_lexicon
from socialguard.policy.schema import Policy

POLICY = Policy()


def hits(text: str, **params):
    detector = Profanity(ProfanityParams(**params), POLICY)
    return list(detector.find(Context(Post(text=text), "unknown", POLICY)))


def found(text: str, **params) -> list[str]:
    return [text[h.start : h.end] for h in hits(text, **params)]


def test_registered_under_its_id():
    assert registry()["conduct.profanity"] is Profanity


@pytest.mark.parametrize(
    "text, match",
    [
        ("What the fuck is this", "fuck"),
        ("This is bullshit.", "bullshit"),
        ("Total motherfucker", "motherfucker"),
        ("you asshole", "asshole"),
        ("O kurwa, znowu", "kurwa"),
        ("ty kurwiszonie", "kurwiszonie"),
        ("Chujowy dzień", "Chujowy"),
        ("Spierdalaj stąd", "Spierdalaj"),
        ("nie będę tego jebać", "jebać"),
        ("zajebisty koncert", "zajebisty"),
        ("to jest wypierdolone w kosmos", "wypierdolone"),
        ("ale z niego skurwysyn", "skurwysyn"),
        ("niepierdolony", "niepierdolony"),
    ],
)
def test_profanity_is_found_in_both_languages(text, match):
    assert found(text) == [match]


@pytest.mark.parametrize(
    "text, match",
    [("k*rwa mać", "k*rwa"), ("sh1t happens", "sh1t"), ("f.u.c.k off", "f.u.c.k"), ("$hit", "$hit"),
     ("KURWAAAA", "KURWAAAA"), ("ja pi*rdolę", "pi*rdolę"), ("Ｆｕｃｋ", "Ｆｕｃｋ")],
)
def test_obfuscated_profanity_is_found(text, match):
    assert found(text) == [match]


@pytest.mark.parametrize(
    "text",
    [
        "Scunthorpe United won", "The assessment is due", "a classic class", "I love grapes",
        "Sit in the cockpit with a cocktail", "Shitake mushrooms", "Dick Van Dyke was great", "Moby Dick",
        "Przeczytałem assessment, analizę i raport", "Huba rośnie na drzewie", "Pierogi ruskie",
        "Ty skurczybyku!", "Kurczę, kurde, kurczak", "Dupa Jasiu", "Sram Red etap", "Pieprz i sól",
        "Galaxy A55 review", "zapierniczać do pracy", "szybkimi ruchami", "ciotka Ania", "pedał roweru",
        "Essex and Sussex", "therapist", "k***a", "f**k",
    ],
)
def test_ordinary_words_and_near_misses_are_not_profanity(text):
    assert found(text) == []


def test_slurs_are_labelled_as_slurs():
    assert [(h.label, h.message) for h in hits("you faggot")] == [("slur", "profanity.slur")]
    assert [h.label for h in hits("ty czarnuchu")] == ["slur"]
    assert [h.label for h in hits("shit")] == ["profanity"]


def test_a_name_word_is_flagged_when_not_part_of_a_name():
    assert found("Don't be a dick") == ["dick"]
    assert found("What a Dick move.") == ["Dick"]
    assert found("DICK") == ["DICK"]


def test_hit_masks_the_word_in_the_fix():
    [hit] = hits("O kurwa, znowu")
    assert hit.fix_text == "O k***a, znowu"
    assert hit.entity == "kurw*"
    assert hit.args == {"match": "kurwa"}


def test_a_wildcard_hit_scores_lower():
    [hit] = hits("k*rwa")
    assert hit.score < 1.0
    assert hit.fix_text == "k***a"


@pytest.mark.parametrize(("word", "masked"), [("kurwa", "k***a"), ("fag", "f**"), ("son of a bitch", "s** o* a b***h")])
def test_mask(word, masked):
    assert mask(word) == masked


def test_the_masked_fix_is_clean():
    for text in ["kurwa", "fuck", "shit", "fag", "k*rwa mać", "chuj"]:
        [hit] = hits(text)
        assert found(hit.fix_text) == []


def test_languages_narrow_the_lists():
    assert found("kurwa shit", languages=["pl"]) == ["kurwa"]
    assert found("kurwa shit", languages=["en"]) == ["shit"]


def test_an_unknown_language_is_a_validation_error():
    with pytest.raises(ValidationError, match="no profanity list for language 'de'"):
        ProfanityParams(languages=["de"])


def test_extra_and_excluded_terms():
    assert found("ty gnoju, crap", extra_terms=["gnoj*"], exclude_terms=["crap"]) == ["gnoju"]
    assert found("kurwiki w oczach, kurwa", exclude_terms=["kurwik*"]) == ["kurwa"]


def test_lexicons_are_large_and_labelled():
    polish = load_lexicon("profanity", ("pl",)).phrases
    english = load_lexicon("profanity", ("en",)).phrases
    assert len(polish) > 2000 and len(english) > 100
    assert {e.category for e in polish + english} == {"profanity", "slur"}
    assert any(e.text == "dick" and e.is_name for e in english)


def test_through_evaluate_brand_blocks_and_personal_needs_review():
    policy = load_policy()
    brand = evaluate(Post(text="Ten produkt jest zajebisty!", account="brand", lang="pl"), policy)
    personal = evaluate(Post(text="Ten produkt jest zajebisty!", account="personal", lang="pl"), policy)
    assert [(f.rule, f.severity.value, f.message) for f in brand.findings if f.detector == "conduct.profanity"] == [
        ("profanity-brand", "block", "„zajebisty” to wulgaryzm")
    ]
    assert [(f.rule, f.severity.value) for f in personal.findings if f.detector == "conduct.profanity"] == [
        ("profanity-personal", "review")
    ]

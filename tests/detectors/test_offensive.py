"""conduct.offensive: EN and PL insults, threats, hate and swearing by classifier; clean posts pass."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Post, evaluate, load_policy
from socialguard.detectors import Context, registry
from socialguard.detectors.offensive import Offensive, OffensiveParams
from socialguard.policy.schema import Policy

POLICY = Policy()


def hits(text: str, lang: str = "unknown", **params):
    detector = Offensive(OffensiveParams(**params), POLICY)
    return list(detector.find(Context(Post(text=text), lang, POLICY)))


def test_registered_under_its_id():
    assert registry()["conduct.offensive"] is Offensive


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("You are a worthless, pathetic idiot and everyone hates you", "en", "insult"),
        ("Jesteś skończonym idiotą i nikt cię nie lubi", "pl", "insult"),
        ("Ty śmieciu, wynoś się stąd", "pl", "insult"),
        ("I will kill you if you show up here again", "en", "threat"),
        ("Zabiję cię, jak cię spotkam", "pl", "threat"),
        ("women are too stupid to vote", "en", "hate"),
        ("What a great fucking concert", "en", "profanity"),
        ("Kurwa, ale piękny zachód słońca", "pl", "profanity"),
    ],
)
def test_offensive_posts_are_found_with_their_label(text, lang, label):
    [hit] = hits(text, lang)
    assert hit.label == label
    assert hit.message == f"offensive.{label}"
    assert 0.0 < hit.score <= 1.0
    assert hit.args["words"] and all(word.strip("'") in text for word in hit.args["words"].split("', '"))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Thanks so much for the quick help with my order today!", "en"),
        ("Great to meet everyone at the conference in Warsaw today!", "en"),
        ("You killed it at the presentation, congrats!", "en"),
        ("We will beat them on Sunday", "en"),
        ("Dziękuję bardzo za szybką pomoc, jestem bardzo zadowolona z obsługi!", "pl"),
        ("Spotkanie przeniesione na czwartek, zapraszamy wszystkich.", "pl"),
    ],
)
def test_clean_posts_and_near_misses_pass(text, lang):
    assert hits(text, lang) == []


def test_short_post_of_unknown_language_is_read_with_the_likelier_model():
    [hit] = hits("ty śmieciu", "unknown")
    assert hit.label == "insult"


def test_finding_points_at_the_words_that_drove_the_score_in_the_most_offensive_sentence():
    text = "Great game yesterday. You are a worthless, pathetic idiot."
    [hit] = hits(text, "en")
    assert text[hit.start : hit.end] == "pathetic idiot"  # the words whose removal lowers the score most
    assert hit.args["words"] == "'pathetic', 'idiot'"


@pytest.mark.parametrize(
    ("text", "lang", "span"),
    [
        ("I will kill you if you show up here again", "en", "I will kill you"),  # the threat phrase
        ("What a great fucking concert", "en", "fucking"),  # the swear word
        ("Ty śmieciu, wynoś się stąd", "pl", "śmieciu"),
    ],
)
def test_the_span_is_what_drove_the_score(text, lang, span):
    [hit] = hits(text, lang)
    assert span in text[hit.start : hit.end]
    assert f"'{span}'" in hit.args["words"]


def test_threshold_param_replaces_the_calibrated_one():
    text = "Zabiję cię, jak cię spotkam"  # a threat phrase is offensive at any threshold
    assert hits(text, "pl", threshold=0.99)[0].label == "threat"
    assert hits("Great game yesterday. You are a worthless, pathetic idiot.", "en", threshold=0.99) == []
    assert hits("Great to meet everyone at the conference in Warsaw today!", "en", threshold=0.0) != []


def test_labels_param_narrows_what_is_reported():
    assert hits("You are a worthless, pathetic idiot and everyone hates you", "en", labels=["hate", "threat"]) == []
    assert hits("I will kill you if you show up here again", "en", labels=["hate", "threat"])[0].label == "threat"


@pytest.mark.parametrize("params", [{"threshold": 1.5}, {"labels": ["rude"]}, {"cutoff": 0.5}])
def test_bad_params_are_rejected(params):
    with pytest.raises(ValidationError):
        OffensiveParams(**params)


def test_general_pack_blocks_on_brand_accounts_and_reviews_personal_ones():
    policy = load_policy()
    text = "You are a worthless, pathetic idiot and everyone hates you"
    brand = evaluate(Post(text=text, account="brand"), policy)
    personal = evaluate(Post(text=text, account="personal"), policy)
    [on_brand] = [f for f in brand.findings if f.detector == "conduct.offensive"]
    [on_personal] = [f for f in personal.findings if f.detector == "conduct.offensive"]
    assert on_brand.rule == "offensive-language-brand" and on_brand.severity.value == "block"
    assert on_personal.rule == "offensive-language-personal" and on_personal.severity.value == "review"
    assert on_brand.clause.id == "offensive-content"
    assert "insult" in on_brand.message


def test_message_is_in_the_posts_language():
    post = Post(text="Jesteś skończonym idiotą i nikt cię nie lubi", account="brand", lang="pl")
    verdict = evaluate(post, load_policy())
    [finding] = [f for f in verdict.findings if f.detector == "conduct.offensive"]
    assert finding.message.startswith("To brzmi jak obelga")


def test_clean_post_has_no_offensive_finding_under_the_general_pack():
    verdict = evaluate(Post(text="Great to meet everyone at the conference in Warsaw today!"), load_policy())
    assert not [f for f in verdict.findings if f.detector == "conduct.offensive"]

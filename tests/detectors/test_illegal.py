"""conduct.illegal: phrases suggesting drugs, illegal weapons, drunk driving, threats, piracy (EN and PL)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Post, evaluate, load_policy
from socialguard.detectors import Context, registry
from socialguard.detectors.illegal import IllegalBehaviour, IllegalParams, expand, load_phrases
from socialguard.policy.schema import Policy

POLICY = Policy()


def hits(text: str, **params):
    detector = IllegalBehaviour(IllegalParams(**params), POLICY)
    return list(detector.find(Context(Post(text=text), "unknown", POLICY)))


def found(text: str, **params) -> list[tuple[str, str]]:
    return [(h.label, text[h.start : h.end]) for h in hits(text, **params)]


def test_registered_under_its_id():
    assert registry()["conduct.illegal"] is IllegalBehaviour


@pytest.mark.parametrize(
    "text, label, match",
    [
        ("selling weed DM me", "drugs", "selling weed"),
        ("Sprzedam zioło, tanio", "drugs", "Sprzedam zioło"),
        ("kupię mefedron na weekend", "drugs", "kupię mefedron"),
        ("xanax without prescription, fast shipping", "drugs", "xanax without prescription"),
        ("snorted coke all night", "drugs", "snorted coke"),
        ("ghost guns for sale", "weapons", "ghost guns for sale"),
        ("sprzedam broń bez pozwolenia", "weapons", "sprzedam broń"),
        ("Glock no background check needed", "weapons", "Glock no background check"),
        ("jade po pijaku do domu", "drunk_driving", "jade po pijaku"),
        ("Wsiadam za kółko po kilku piwach", "drunk_driving", "Wsiadam za kółko po kilku piwach"),
        ("driving home drunk lol", "drunk_driving", "driving home drunk"),
        ("I'll kill you", "threats", "I'll kill you"),
        ("zabiję cię", "threats", "zabiję cię"),
        ("Wiem, gdzie mieszkasz.", "threats", "Wiem, gdzie mieszkasz"),
        ("pobierz film z torrenta", "piracy", "z torrenta"),
        ("cracked Photoshop here", "piracy", "cracked Photoshop"),
        ("mam crack do Windowsa", "piracy", "crack do Windowsa"),
        ("got it from the pirate bay", "piracy", "from the pirate bay"),
    ],
)
def test_illegal_behaviour_is_found(text, label, match):
    assert found(text) == [(label, match)]


@pytest.mark.parametrize(
    "text",
    [
        "Meet me at the drugstore", "Watched a film about drugs", "Kill the lights, please",
        "Muszę zabić czas przed spotkaniem", "Bought weed killer for the garden", "sprzedam zioła prowansalskie",
        "sprzedam pistolet do kleju", "Never drive home drunk!", "Nie jedź po pijaku", "I'm driving drunk friends home",
        "A torrent of abuse", "My cracked windows need fixing", "This coke tastes great", "To cię zabije, rzuć palenie",
        "Nigdy nie jadę po pijaku", "This heat will kill you", "piracki statek", "Stop drunk driving",
    ],
)
def test_ordinary_posts_are_not_flagged(text):
    assert found(text) == []


def test_obfuscated_phrases_are_found():
    assert found("selling w33d dm") == [("drugs", "selling w33d")]


def test_categories_narrow_the_search():
    text = "selling weed, I'll kill you"
    assert [label for label, _ in found(text, categories=["threats"])] == ["threats"]
    assert len(found(text)) == 2


def test_an_unknown_category_is_a_validation_error():
    with pytest.raises(ValidationError, match="unknown category 'gambling'"):
        IllegalParams(categories=["gambling"])


def test_hit_carries_its_category_message_and_phrase():
    [hit] = hits("sprzedam zioło")
    assert hit.message == "illegal.drugs"
    assert hit.label == "drugs"
    assert hit.entity == "sprzedam zioło"
    assert hit.fix_text is None


def test_word_groups_expand_to_every_combination():
    assert expand([["sell", "buy"], "some", ["weed", "mdma"]]) == [
        "sell some weed", "sell some mdma", "buy some weed", "buy some mdma"
    ]


def test_the_phrase_lists_cover_every_category_in_both_languages():
    lists = load_phrases()
    assert lists.categories == ["drugs", "drunk_driving", "piracy", "threats", "weapons"]
    assert len(lists.phrases) > 1000


def test_through_evaluate_in_polish():
    verdict = evaluate(Post(text="Jutro jadę po pijaku, trzymajcie kciuki", lang="pl"), load_policy())
    [finding] = [f for f in verdict.findings if f.detector == "conduct.illegal"]
    assert (finding.rule, finding.label, finding.severity.value) == ("illegal-behaviour", "drunk_driving", "review")
    assert finding.message == "„jadę po pijaku” sugeruje jazdę pod wpływem alkoholu"

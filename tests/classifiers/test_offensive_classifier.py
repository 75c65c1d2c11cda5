"""The offensive-language classifier: probability, calibrated yes/no and sub-label, in EN and PL."""

from __future__ import annotations

import pytest

from socialguard.classifiers import offensive


def assess(text: str, lang: str, cut: float | None = None) -> offensive.Offensive:
    [result] = offensive.assess([text], [lang], cut=cut)
    return result


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("You are a worthless, pathetic idiot and everyone hates you", "en", "insult"),
        ("shut up you stupid moron", "en", "hate"),  # the EN hate head overreaches on strong insults
        ("women are too stupid to vote", "en", "hate"),
        ("I will kill you if you show up here again", "en", "threat"),
        ("This fucking weather again, I am so done with rain", "en", "profanity"),
        ("fuck off you bitch", "en", "insult"),
        ("Ty śmieciu, wynoś się stąd", "pl", "insult"),
        ("Jesteś skończonym idiotą i nikt cię nie lubi", "pl", "insult"),
        ("Zabiję cię, jak cię spotkam", "pl", "threat"),
        ("Kurwa, ale piękny zachód słońca", "pl", "profanity"),
    ],
)
def test_offensive_texts_get_their_sub_label(text, lang, label):
    result = assess(text, lang)
    assert result.is_offensive
    assert result.label == label


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Thanks so much for the quick help with my order today!", "en"),
        ("Our quarterly results are out, read the report", "en"),
        ("I will kill it at the presentation tomorrow", "en"),
        ("Gin and tonic after work, anyone?", "en"),
        ("Dziękuję bardzo za szybką pomoc, jestem bardzo zadowolona z obsługi!", "pl"),
        ("Wyniki kwartalne są już dostępne na naszej stronie", "pl"),
        ("Znajdę ci chwilę w czwartek, pogadamy o projekcie", "pl"),
    ],
)
def test_clean_texts_and_near_misses_are_not_offensive(text, lang):
    result = assess(text, lang)
    assert not result.is_offensive
    assert result.label == "none"
    assert result.probability < offensive.threshold(lang)


def test_probability_is_the_same_whatever_the_threshold():
    text = "You are a worthless, pathetic idiot and everyone hates you"
    strict, lax = assess(text, "en", cut=0.999), assess(text, "en", cut=0.01)
    assert strict.probability == lax.probability
    assert not strict.is_offensive and lax.is_offensive


def test_batch_mixes_languages_and_keeps_order():
    texts = ["Ty śmieciu, wynoś się stąd", "Thanks so much for the quick help!", "Zabiję cię, jak cię spotkam"]
    results = offensive.assess(texts, ["pl", "en", "pl"])
    assert [r.label for r in results] == ["insult", "none", "threat"]


def test_calibrated_thresholds_come_from_the_model_files():
    assert 0.2 < offensive.threshold("en") < 0.8
    assert 0.2 < offensive.threshold("pl") < 0.8

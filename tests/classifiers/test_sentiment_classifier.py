"""The sentiment classifier: negative / neutral / positive with a score in [-1, 1], in EN and PL."""

from __future__ import annotations

import pytest

from socialguard.classifiers import sentiment


def assess(text: str, lang: str) -> sentiment.Sentiment:
    [result] = sentiment.assess([text], [lang])
    return result


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("I love this phone, best purchase of the year!", "en", "positive"),
        ("Worst customer service ever, I am so angry", "en", "negative"),
        ("The store opens at 9am on Monday.", "en", "neutral"),
        ("Kocham ten produkt, polecam!", "pl", "positive"),
        ("Super, dzięki za pomoc :)", "pl", "positive"),
        ("Fatalna obsługa, jestem wściekły", "pl", "negative"),
        ("Nie polecam, strata pieniędzy", "pl", "negative"),
        ("Spotkanie przeniesione na czwartek", "pl", "neutral"),
    ],
)
def test_clear_cases(text, lang, label):
    result = assess(text, lang)
    assert result.label == label
    assert -1.0 <= result.score <= 1.0


def test_score_orders_praise_above_complaint():
    praise, complaint = sentiment.assess(["Świetna robota, dziękuję!", "Najgorsza firma, oszuści"], ["pl", "pl"])
    assert praise.score > 0.5 > -0.5 > complaint.score


def test_batch_mixes_languages_and_keeps_order():
    results = sentiment.assess(["I love it!", "Nienawidzę tego, porażka", "Great job!"], ["en", "pl", "en"])
    assert [r.label for r in results] == ["positive", "negative", "positive"]

"""Topics from the policy's phrases in English and Polish (inflected forms too), tone, and declared language."""

from __future__ import annotations

import pytest

from socialguard import load_policy
from socialguard.inbox.mention import Mention
from socialguard.inbox.understanding import Reader, TopicFinder

POLICY = load_policy()


@pytest.fixture(scope="module")
def finder() -> TopicFinder:
    return TopicFinder.from_policy(POLICY.listening)


@pytest.mark.parametrize("text, topics", [
    ("My order never arrived and nobody answers. I want a refund.", {"complaint"}),
    ("How do I change the delivery address?", {"question"}),
    ("Thanks, the new app is brilliant!", {"praise"}),
    ("See you in court, my lawyer is already on it.", {"legal_threat"}),
    ("Your site leaked my personal data, I just got a phishing mail.", {"security_report", "crisis"}),
    ("Time to boycott Acme. What a scandal.", {"crisis"}),
    ("Zamówienie nie dotarło, a reklamacja bez odpowiedzi od tygodnia.", {"complaint"}),
    ("Kiedy wróci do sprzedaży rower w rozmiarze M?", {"question"}),
    ("Dziękuję za szybką pomoc, polecam!", {"praise"}),
    ("Składamy pozew zbiorowy, sprawa trafi do sądu.", {"legal_threat", "crisis"}),
    ("Czy ktoś wie, czy był wyciek danych osobowych?", {"security_report", "crisis", "question"}),
    ("Nawołują do bojkotu Acme po tej aferze.", {"crisis"}),
])
def test_topics_in_both_languages(finder, text, topics):
    assert set(finder.find(text)) == topics


def test_the_longest_phrase_wins_a_negated_recommendation_is_a_complaint(finder):
    assert finder.find("Nie polecam tego sklepu.") == ("complaint",)
    assert finder.find("Polecam ten sklep.") == ("praise",)


@pytest.mark.parametrize("text", [
    "Acme sponsors the city marathon this year.",
    "Acme sponsoruje w tym roku maraton miejski.",
    "The sugar court of the palace",  # "court" alone is a legal phrase: a near miss we accept
])
def test_near_misses_and_neutral_posts(finder, text):
    found = set(finder.find(text))
    assert found <= {"legal_threat"} and ("court" in text) == bool(found)


def test_word_parts_are_not_topics(finder):
    assert finder.find("Suedette shoes, a courtyard and the Boycottian school") == ()
    assert finder.find("Sądecki rynek i bojkotowy... nie, bojownik") == ()


def test_reader_keeps_the_declared_language_and_reads_tone():
    reader = Reader(POLICY.listening)
    declared, detected, offensive = reader.read([
        Mention("mastodon", "1", "Fatalna obsługa, nie polecam.", lang="pl-PL"),
        Mention("rss", "2", "This is the worst service I have ever had, a terrible experience"),
        Mention("bluesky", "3", "Acme to banda kurew"),
    ])
    assert declared.understanding.lang == "pl" and declared.understanding.sentiment_label == "negative"
    assert detected.understanding.lang == "en" and detected.understanding.sentiment < 0
    assert offensive.understanding.offensive >= POLICY.listening.offensive_threshold

"""Language identification: EN, PL, and `unknown` for short texts."""

from __future__ import annotations

import pytest

from socialguard.classifiers import language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Thanks so much for the quick help with my order today!", "en"),
        ("The new office opens in Kraków on Monday, come and visit", "en"),
        ("Dziękuję bardzo za szybką pomoc, jestem bardzo zadowolona z obsługi!", "pl"),
        ("Nowe biuro otwieramy w poniedziałek, zapraszamy wszystkich", "pl"),
        ("Dzieki za pomoc, wszystko dziala jak trzeba", "pl"),  # Polish without diacritics
        ("@anna @piotr zobaczcie to https://example.com #promocja super sprawa naprawdę", "pl"),
    ],
)
def test_clear_english_and_polish(text, lang):
    assert language.identify([text]) == [lang]


@pytest.mark.parametrize("text", ["ok", "ty śmieciu", "@anna @piotr #wow https://example.com", "123 456 789", ""])
def test_short_texts_are_unknown(text):
    assert language.identify([text]) == ["unknown"]


def test_unknown_still_has_a_likelier_language():
    assert language.likelier(float(language.probability_polish(["ty śmieciu"])[0])) == "pl"
    assert language.likelier(float(language.probability_polish(["you idiot"])[0])) == "en"


def test_word_count_ignores_links_mentions_hashtags_and_numbers():
    assert language.word_count("@anna see https://x.pl #deal 2024 now") == 2

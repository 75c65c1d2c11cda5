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


def test_the_operating_point_asks_more_of_the_model_alone_than_of_model_and_lexicon_together():
    for lang in ("en", "pl"):
        point = offensive.OPERATING_POINTS[lang]
        assert offensive.threshold(lang) == point.alone and 0.2 < point.sworn < point.alone < 0.95


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Hi Dan! Go to Dashboards > Export and choose CSV", "en"),
        ("If the app freezes, kill the process in Task Manager and start it again.", "en"),
        ("Hackers replaced two apps in a third-party store with fake copies; ours were not affected.", "en"),
        ("Szanuj zieleń: nie deptaj trawników w parku przy biurze.", "pl"),
        ("Nasza drużyna przetrwała ostatnie 5 km biegu w deszczu. #igrzyskaśmierci", "pl"),
        ("Jeśli aplikacja się zawiesi, zabij proces w Menedżerze zadań i uruchom ją ponownie.", "pl"),
    ],
)
def test_neutral_workplace_language_is_not_offensive(text, lang):
    assert not offensive.assess([text], [lang])[0].is_offensive


def test_a_swear_word_lowers_the_bar_the_model_must_reach():
    [plain] = offensive.assess(["you are such a clown, honestly"], ["en"])
    [sworn] = offensive.assess(["you are such a fucking clown, honestly"], ["en"])
    assert sworn.is_offensive and offensive.swears("such a fucking clown") and not offensive.swears("a clown")
    assert not plain.is_offensive or plain.probability >= offensive.threshold("en")

"""conduct.illegal: phrases suggesting drugs, weapons, drink or drug driving, threats, piracy, forgery, tax and
fare evasion (EN and PL)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Post, evaluate, load_policy
from socialguard.detectors import Context, registry
from socialguard.detectors.illegal import IllegalBehaviour, IllegalParams, lexicon
from socialguard.lexicons import expand
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
    lists = lexicon()
    assert sorted(lists.categories) == [
        "drugs", "drunk_driving", "fare_evasion", "forgery", "piracy", "tax_evasion", "threats", "weapons"
    ]
    assert len(lists.phrases) > 1000


def test_through_evaluate_in_polish():
    verdict = evaluate(Post(text="Jutro jadę po pijaku, trzymajcie kciuki", lang="pl"), load_policy())
    [finding] = [f for f in verdict.findings if f.detector == "conduct.illegal"]
    assert (finding.rule, finding.label, finding.severity.value) == ("illegal-behaviour", "drunk_driving", "review")
    assert finding.message == "„jadę po pijaku” sugeruje jazdę pod wpływem alkoholu lub narkotyków"


# --- every category, EN and PL: true cases and near misses ------------------------------------------------

TRUE_CASES = {
    "drugs": [
        "anyone got molly for saturday?", "need a plug for xans", "an eighth of weed delivered tonight",
        "Kto ma zioło? Pilnie", "ogarnę ci koks na imprezę", "szukam dilera w Krakowie",
    ],
    "drunk_driving": [
        "had 4 pints, I'm fine to drive after a couple", "driving home stoned lol", "I always drink and drive",
        "wypiłem dwa piwa... wypiłem kilka piw i jadę", "jadę po jaraniu, luz", "wracam autem naćpany",
    ],
    "forgery": [
        "I can make you a fake passport, DM", "I forged my boss's signature on the form",
        "just backdate the invoice to March", "we submitted fake invoices to cut the tax bill",
        "Wystawię ci lewą fakturę na remont", "podrobiłem podpis szefa", "antydatujemy umowę i po sprawie",
    ],
    "piracy": [
        "cheap IPTV with all channels, DM", "cracked Spotify apk here", "keygen for free download",
        "darmowy netflix, link w bio", "ściągam filmy z torrentów",
    ],
    "tax_evasion": [
        "we pay them under the table", "how to dodge VAT on imports", "cash only, no invoice",
        "Zatrudnię na czarno, płacę do ręki", "taniej bez faktury", "nie wykazuję przychodu z najmu",
        "jak oszukać skarbówkę",
    ],
    "fare_evasion": [
        "jumped the turnstile again lol", "I ride the tube without a ticket every day", "skipped the fare again",
        "jeżdżę na gapę od lat", "uciekłem kanarowi na Centralnym",
    ],
    "threats": [
        "I'm going to hurt you", "better watch your back", "your days are numbered",
        "dostaniesz wpierdol", "skrzywdzę cię", "dorwę cię po pracy",
    ],
    "weapons": [
        "selling a glock, no questions asked", "how to make a pipe bomb",
        "załatwię ci klamkę", "przerobię gazówkę na ostrą", "jak zrobić koktajl mołotowa",
    ],
}
NEAR_MISSES = {
    "drugs": [
        "The pharmacy has molly's prescription ready", "Kto ma ładowarkę do laptopa?",
        "My dealer gave a great price on the car",
    ],
    "drunk_driving": [
        "Never drink and drive", "Don't drive stoned, take a taxi", "Nie jedź po jaraniu",
        "kara za jazdę po pijaku wzrosła",
    ],
    "forgery": [
        "Beware of fake invoices from 'suppliers'", "How to spot a fake passport",
        "Firma oskarżona o wystawianie lewych faktur", "We forged a great partnership",
    ],
    "piracy": ["Our new IPTV product for hotels", "Netflix raised its prices", "Legalne filmy na Netflixie"],
    "tax_evasion": [
        "Legal ways to reduce your tax bill", "Faktura VAT wysłana mailem", "cash only at the market stall today",
    ],
    "fare_evasion": [
        "Kara za jazdę na gapę wzrośnie", "Fare dodging costs the railway millions", "I bought a ticket for the tube",
    ],
    "threats": ["This deadline will kill me", "Find your dream job with us", "Watch our new video"],
    "weapons": [
        "The bomb squad cleared the area", "Jak zrobić bombę kaloryczną na święta? (ciasto)", "Sell your old glasses",
    ],
}


@pytest.mark.parametrize("category, text", [(c, t) for c, texts in TRUE_CASES.items() for t in texts])
def test_every_category_finds_its_true_cases(category, text):
    assert category in [label for label, _ in found(text)], text


@pytest.mark.parametrize("category, text", [(c, t) for c, texts in NEAR_MISSES.items() for t in texts])
def test_every_category_stays_quiet_on_near_misses(category, text):
    assert found(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        'He yelled "I\'ll kill you" at the referee',
        "Sąsiad krzyczał „zabiję cię”, wezwaliśmy policję",
        "The headline: «selling weed» is still a crime",
    ],
)
def test_quoted_words_are_someone_elses_not_the_authors(text):
    assert found(text) == []

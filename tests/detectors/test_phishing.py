"""`security.phishing`: credential-harvesting phrasing in EN and PL, with near misses that must stay quiet."""

from __future__ import annotations

import pytest

from socialguard import Post, evaluate, load_policy
from socialguard.detectors.phishing import PhishingParams, find_phrases


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def phishing(text: str, policy) -> list[tuple[str, str]]:
    verdict = evaluate(Post(text=text), policy)
    return [(f.label, f.match) for f in verdict.findings if f.detector == "security.phishing"]


@pytest.mark.parametrize(
    ("text", "label", "match"),
    [
        ("Verify your account or it will be suspended.", "verify", "Verify your account"),
        ("Your Instagram account will be permanently deleted.", "threat", "account will be permanently deleted"),
        ("Please confirm your password to continue.", "credentials", "confirm your password"),
        ("Send us the 2FA code we just texted you.", "credentials", "Send us the 2FA code"),
        ("Click the link below to restore your page.", "unlock_link", "Click the link below to restore"),
        ("Your page has been reported for copyright infringement.", "lure", "Your page has been reported"),
        ("Zweryfikuj swoje konto.", "verify", "Zweryfikuj swoje konto"),
        ("Twoje konto zostanie zablokowane!", "threat", "konto zostanie zablokowane"),
        ("Twój profil został zawieszony.", "threat", "profil został zawieszony"),
        ("Kliknij w link, aby odblokować konto.", "unlock_link", "Kliknij w link, aby odblokować"),
        ("Podaj hasło i kod SMS.", "credentials", "Podaj hasło"),
        ("Potwierdź swoją tożsamość.", "verify", "Potwierdź swoją tożsamość"),
        ("Odbierz niebieski znaczek!", "lure", "Odbierz niebieski znaczek"),
    ],
)
def test_phishing_phrasing_is_found(policy, text, label, match):
    assert (label, match) in phishing(text, policy)


def test_finding_cites_the_clause_and_explains_in_the_posts_language(policy):
    verdict = evaluate(Post(text="Twoje konto zostanie zablokowane, zweryfikuj je.", lang="pl"), policy)
    finding = next(f for f in verdict.findings if f.detector == "security.phishing")
    assert finding.clause.number == "9.2" and finding.clause.title == "Linki, phishing i ransomware"
    assert finding.severity.value == "review"
    assert finding.message.startswith("„konto zostanie zablokowane” grozi zablokowaniem")


@pytest.mark.parametrize(
    "text",
    [
        "I verified my account yesterday, all good.",
        "We suspended the event because of the storm.",
        "Twoje konto jest aktywne, dziękujemy!",
        "Kliknij w link w bio, aby zobaczyć nową kolekcję.",  # a weak cue only: no finding in a post
        "Click here for the full programme.",
        "We will never ask you to confirm your password.",
        "Nigdy nie prosimy o podanie hasła w wiadomości.",
        "Do not share your password with anyone.",
        "Our new password manager guide is out.",
        "Konto firmowe prowadzi zespół komunikacji.",
    ],
)
def test_near_misses_are_not_found(policy, text):
    assert phishing(text, policy) == []


def test_a_condition_is_not_a_negation():
    hits = find_phrases("If you do not verify your account, it will be deleted.")
    assert [h.category for h in hits] == ["verify"]
    assert [h.category for h in find_phrases("Jeśli nie potwierdzisz, Twoje konto zostanie usunięte.")] == ["threat"]


def test_weak_cues_are_found_by_the_phrase_finder_but_not_by_the_detector(policy):
    text = "Kliknij w link w ciągu 24 godzin"
    assert {h.category for h in find_phrases(text)} == {"click", "urgency"}
    assert phishing(text, policy) == []


def test_categories_param_limits_and_validates():
    assert PhishingParams(categories=["threat"]).categories == ["threat"]
    with pytest.raises(ValueError, match="unknown category 'urgency'"):
        PhishingParams(categories=["urgency"])

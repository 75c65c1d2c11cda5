"""The phishing score of incoming messages: phrasing (EN/PL) plus look-alike links, against legitimate ones."""

from __future__ import annotations

import pytest

from socialguard.policy import parse_policy
from socialguard.security.phishing import FLAGGED_AT, assess_message, message_links

POLICY = parse_policy(
    """
organisation: {name: Acme, domains: [acme.pl, acme-group.com]}
brand_accounts:
  - {platform: instagram, handle: "@acme", url: "https://instagram.com/acme"}
clauses:
  - {id: links-phishing, number: "9.2", title: {en: Links, pl: Linki}}
rules:
  - {id: links, detector: security.link, params: {allow_domains: [partner.example]}, severity: review, clause: links-phishing}
""",
    "test-policy",
)


def labels(text: str) -> set[str]:
    return {r.label for r in assess_message(text, POLICY).reasons}


@pytest.mark.parametrize(
    "text",
    [
        "Verify your account or it will be suspended: https://instagram-verify-login.com/acme",
        "Your page has been reported. Fill out the appeal form within 24 hours: meta-support-center.com/appeal",
        "Please confirm your password at http://192.168.10.5/login",
        "Twoje konto zostanie zablokowane. Kliknij w link, aby odblokować: acme-pl-login.com/odblokuj",
        "Zweryfikuj swoje konto w ciągu 24 godzin: https://acrne.pl/weryfikacja",
        "Podaj hasło, inaczej konto zostanie usunięte.",
    ],
)
def test_phishing_messages_are_flagged(text):
    assessment = assess_message(text, POLICY)
    assert assessment.flagged, assessment
    assert assessment.score >= FLAGGED_AT


@pytest.mark.parametrize(
    "text",
    [
        "Hi! Is the shop open on Sunday?",
        "Nowa kolekcja już jest: https://shop.acme.pl/jesien",
        "Kliknij w link w bio, aby zobaczyć nową kolekcję!",
        "Great talk at the conference, slides: https://www.acme-group.com/slides",
        "I verified my account and now the app works, thanks!",
        "Our partner's page: https://partner.example/acme",
        "Napisz do nas: kontakt@acme.pl",
    ],
)
def test_ordinary_messages_are_not_flagged(text):
    assessment = assess_message(text, POLICY)
    assert not assessment.flagged, assessment


@pytest.mark.parametrize(
    ("url", "imitates"),
    [
        ("https://аcme.pl/login", "acme.pl"),  # Cyrillic а: a homoglyph
        ("https://xn--cme-8cd.pl/login", None),  # the same written as punycode
        ("https://acrne.pl", "acme.pl"),  # rn reads as m
        ("https://acme-grouq.com", "acme-group.com"),  # a typosquat
        ("https://acme.pl.secure-login.xyz/verify", "acme.pl"),  # subdomain trick
        ("https://acme-pl-login.com", "acme.pl"),  # hyphen trick
        ("https://instagram.com@evil.example/acme", "instagram.com"),  # user-info trick
        ("https://lnstagram.com/acme", "instagram.com"),  # a platform's typosquat
    ],
)
def test_look_alike_domains_are_reasons(url, imitates):
    reasons = [r for r in assess_message(f"Log in here: {url}", POLICY).reasons if r.label == "lookalike"]
    assert reasons, url
    if imitates:
        assert imitates in reasons[0].message


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.acme.pl/koszyk",
        "https://www.acme.pl",
        "https://login.acme.pl/sso",
        "https://eu.acme-group.com/careers",
        "https://instagram.com/acme",
        "https://help.instagram.com/",
        "https://acme.de",  # the same name under another suffix is often the brand's own
    ],
)
def test_legitimate_subdomains_and_platforms_are_not_look_alikes(url):
    assert "lookalike" not in labels(f"See {url}")


def test_reasons_are_in_the_requested_language_and_point_at_the_text():
    text = "Twoje konto zostanie zablokowane: https://acrne.pl"
    assessment = assess_message(text, POLICY, lang="pl")
    link = next(r for r in assessment.reasons if r.kind == "link")
    assert link.message == "https://acrne.pl podszywa się pod acme.pl, ale prowadzi do acrne.pl."
    phrase = next(r for r in assessment.reasons if r.kind == "phrase")
    assert text[phrase.start : phrase.end] == phrase.match == "konto zostanie zablokowane"
    assert assessment.as_dict()["flagged"] is True


def test_evidence_of_one_kind_counts_once():
    once = assess_message("Verify your account.", POLICY).score
    twice = assess_message("Verify your account. Verify your account!", POLICY).score
    assert once == twice == 0.4


def test_links_are_read_with_and_without_a_scheme():
    found = dict(message_links("Go to acme-pl-login.com/x or https://shop.acme.pl, mail jan@acme.pl."))
    assert set(found) == {"acme-pl-login.com/x", "https://shop.acme.pl"}


def test_the_policy_link_rule_settings_apply_to_messages():
    shortener = "Verify your account: https://bit.ly/3abc"
    assert "shortener" in labels(shortener)
    allowing = parse_policy(
        """
organisation: {name: Acme, domains: [acme.pl]}
clauses: [{id: l, number: "1", title: {en: L}}]
rules: [{id: links, detector: security.link, params: {shorteners: []}, severity: review, clause: l}]
""",
        "p",
    )
    assert "shortener" not in {r.label for r in assess_message(shortener, allowing).reasons}

"""Polish organisation and product names with adjectival parts are found in every case, by every detector that
reads names, because all of them go through the shared matcher (`socialguard.textmatch`)."""

from __future__ import annotations

import pytest

from socialguard import Post, evaluate
from socialguard.inbox.understanding import TopicFinder
from socialguard.policy import parse_policy

POLICY = parse_policy("""
organisation:
  name: Bank Śląski S.A.
  brand_names: [Bank Śląski]
  competitors: [Polski Koncern]
confidential_terms: [Polska Grupa Zbrojeniowa]
packs: [general]
listening:
  topics:
    competitor_news: {pl: [Polski Koncern]}
""")
BANK_FORMS = ["Banku Śląskiego", "Bankiem Śląskim", "w Banku Śląskim", "Bankowi Śląskiemu", "Bank Śląski"]


def findings(text: str, detector: str, account: str = "personal"):
    verdict = evaluate(Post(text=text, lang="pl", account=account), POLICY)
    return [f for f in verdict.findings if f.detector == detector]


@pytest.mark.parametrize("form", BANK_FORMS)
def test_employee_disclosure_finds_the_employer_in_every_case(form):
    [finding] = findings(f"Świetny dzień pracy: nowa aplikacja, {form} rośnie!", "disclosure.employee")
    assert finding.match == form.removeprefix("w ")


@pytest.mark.parametrize("text", ["Umowa Polskiej Grupy Zbrojeniowej jest gotowa", "z Polską Grupą Zbrojeniową"])
def test_confidential_terms_find_every_case(text):
    [finding] = findings(text, "confidential.terms", account="brand")
    assert "Grup" in finding.match


@pytest.mark.parametrize("text", [
    "Nie znoszę Polskiego Koncernu: to oszuści i złodzieje, fatalna obsługa.",
    "Współpraca z Polskim Koncernem to porażka, oszuści i złodzieje, nie polecam.",
    "Fatalna obsługa w Polskim Koncernie, nie polecam, to oszuści.",
])
def test_disparagement_finds_a_competitor_in_every_case(text):
    [finding] = findings(text, "conduct.disparagement")
    assert finding.label == "competitors"


@pytest.mark.parametrize("form", ["Polskiego Koncernu", "Polskim Koncernem", "Polskiemu Koncernowi"])
def test_inbox_topics_find_every_case(form):
    assert "competitor_news" in TopicFinder.from_policy(POLICY.listening).find(f"Co słychać u {form}?")

"""The sector packs' rules on real posts: what each must catch and the near misses it must leave alone, EN and PL."""

from __future__ import annotations

import pytest

from socialguard import Post, evaluate
from socialguard.policy import parse_policy

SECTOR_PACKS = ("finance", "healthcare", "public-sector", "advertising")


@pytest.fixture(scope="module")
def policy():
    return parse_policy(f"organisation: {{name: Acme}}\npacks: [general, {', '.join(SECTOR_PACKS)}]\n")


def pack_findings(policy, text: str, account: str = "brand") -> set[str]:
    """The sector-pack rules that fire on `text` (the general pack's rules are tested with their detectors)."""
    pack_rules = {r.id for r in policy.rules} - {r.id for r in parse_policy("packs: [general]").rules}
    verdict = evaluate(Post(text=text, account=account, platform="linkedin"), policy)
    return {f.rule for f in verdict.findings if f.rule in pack_rules}


CASES = [
    # finance: promissory language (FINRA 2210(d)(1)) and its Polish forms
    ("brand", "Our fund offers guaranteed returns and you can't lose.", {"finance-promissory-language"}),
    ("brand", "Fundusz daje gwarantowany zysk bez ryzyka!", {"finance-promissory-language"}),
    ("brand", "Nie ma gwarantowanego zysku ani pewnego zysku w inwestowaniu.", {"finance-promissory-language"}),
    ("brand", "Investing involves risk; you may lose some or all of your money.", set()),
    ("brand", "Inwestowanie wiąże się z ryzykiem utraty części kapitału.", set()),
    # finance: testimonials (FINRA 2210(d)(6), SEC Marketing Rule)
    ("brand", "Client testimonial: they helped me retire early!",
     {"finance-testimonial-disclosure", "finance-testimonial-compensation"}),
    ("brand", "Client testimonial (unpaid): great advice. May not be representative of other clients' experience.",
     set()),
    ("brand", "Opinia klienta: polecam! Opinia nie musi być reprezentatywna. Autor otrzymał wynagrodzenie.", set()),
    # finance: KNF endorsement
    ("brand", "Produkt zatwierdzony przez KNF, bezpieczny dla każdego.", {"finance-regulator-endorsement"}),
    ("brand", "This fund is SEC-approved.", {"finance-regulator-endorsement"}),
    ("brand", "Podlegamy nadzorowi Komisji Nadzoru Finansowego.", set()),
    ("brand", "Depozyty są chronione przez BFG do 100 000 euro.", {"finance-deposit-guarantee"}),
    # finance: consumer credit (RRSO / APR, representative example)
    ("brand", "Kredyt gotówkowy z ratą już od 299 zł miesięcznie!", {"finance-credit-apr", "finance-credit-example"}),
    ("brand", "Personal loans from $199 a month!", {"finance-credit-apr", "finance-credit-example"}),
    ("brand", "Kredyt z ratą od 299 zł. RRSO 12,5%. Przykład reprezentatywny: 10 000 zł na 36 miesięcy.", set()),
    ("brand", "Lokata z oprocentowaniem 5% w skali roku.", set()),
    ("brand", "Nowa aplikacja pomoże Ci zarządzać kredytem.", set()),
    ("brand", "Pożyczka za 0 zł dla nowych klientów", {"finance-credit-free"}),
    # healthcare: patient status, records, stories, cure claims
    ("brand", "Dear Mr Smith, as your doctor I can confirm your visit on Monday went well.", {"health-confirms-patient"}),
    ("brand", "Pani wizyta w dniu 3 maja została odnotowana.", {"health-confirms-patient", "health-mentions-care"}),
    ("brand", "Przykro nam, że twoja wizyta była rozczarowaniem.", {"health-mentions-care"}),
    ("brand", "Book your appointment online today!", set()),
    ("brand", "Zarezerwuj wizytę online w naszej przychodni.", set()),
    ("brand", "Patient MRN 12345678 was discharged.", {"health-record-numbers"}),
    ("brand", "Nasza pacjentka pokonała chorobę dzięki nowej terapii.", {"health-patient-story"}),
    ("brand", "Our new therapy cures cancer and is 100% effective.", {"health-cure-claims"}),
    ("brand", "Ten suplement leczy raka i jest w 100% skuteczny.", {"health-cure-claims"}),
    ("brand", "Wczesna diagnostyka raka ratuje życie. Zbadaj się.", set()),
    # public sector: fundraising (24/7, any account), partisan content, official titles
    ("personal", "Please donate to my re-election campaign at actblue.com/jane", {"public-donation-solicitation"}),
    ("personal", "Wpłać na kampanię naszego kandydata!", {"public-donation-solicitation"}),
    ("personal", "Donate blood this Saturday at the city hall.", set()),
    ("brand", "Vote for Jane Doe on Tuesday!", {"public-partisan-official-account"}),
    ("brand", "Wybory odbędą się 15 października. Sprawdź swój lokal wyborczy.", set()),
    ("personal", "Vote for Jane Doe on Tuesday!", set()),  # personal opinion: allowed off duty
    ("personal", "As the Director of Parks, I urge you to vote for Jane Doe.", {"public-title-with-partisan"}),
    ("personal", "Jako dyrektor szkoły zachęcam: zagłosujcie na naszego kandydata!", {"public-title-with-partisan"}),
    ("personal", "Jako dyrektor szkoły zapraszam na dzień otwarty.", set()),
    # advertising: label at the start (FTC, UOKiK), ambiguous labels, contests
    ("personal", "Love this serum! Use my code ANNA20 for 20% off. #ad", {"ad-label-at-start"}),
    ("personal", "#ad Love this serum! Use my code ANNA20 for 20% off.", set()),
    ("personal", "Uwielbiam ten krem, z moim kodem ANNA20 będzie taniej. #reklama", {"ad-label-at-start"}),
    ("personal", "[REKLAMA] Uwielbiam ten krem, z moim kodem ANNA20 będzie taniej.", set()),
    ("personal", "Płatna współpraca z marką Acme. Z moim kodem ANNA20 taniej.", set()),
    ("brand", "Love this serum! Use code ACME20 for 20% off.", set()),  # the brand's own account: obviously an ad
    ("personal", "Great new sneakers #sp #collab", {"ad-ambiguous-labels"}),
    ("personal", "Nowa kolekcja #współpraca", {"ad-ambiguous-labels"}),
    ("personal", "#współpracareklamowa Nowa kolekcja", set()),
    ("personal", "Pracuję w Acme sp. z o.o. od pięciu lat.", set()),
    ("brand", "Giveaway! Follow us to win. #sweeps", {"ad-contest-label"}),
    ("brand", "Konkurs! Do wygrania rower.", {"ad-contest-label"}),
    ("brand", "Konkurs! Do wygrania rower. Regulamin na stronie.", set()),
]


@pytest.mark.parametrize(("account", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_pack_rules(policy, account, text, expected):
    assert pack_findings(policy, text, account) == expected


def test_findings_cite_the_pack_clause_and_the_rule_message_in_the_post_language(policy):
    verdict = evaluate(Post(text="Fundusz daje gwarantowany zysk, to pewne!", account="brand", lang="pl"), policy)
    finding = next(f for f in verdict.findings if f.rule == "finance-promissory-language")
    assert (finding.clause.number, finding.clause.title) == ("8.4.1", "Bez obietnic zysku")
    assert finding.message.startswith("Obietnica zysku")
    assert verdict.outcome.value == "blocked"

"""confidential.pii: validated identifiers are found, near misses are not, fixes mask the value (EN and PL)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Outcome, Post, evaluate, load_policy
from socialguard.detectors import Context, registry
from socialguard.detectors.pii import PiiDetector, PiiParams
from socialguard.policy import PolicyError, parse_policy
from socialguard.policy.schema import OrganisationProfile, Policy

OWN_DOMAIN_POLICY = Policy(organisation=OrganisationProfile(domains=["acme.pl"]))


def found(text: str, lang: str = "en", policy: Policy = OWN_DOMAIN_POLICY, **params) -> list[tuple[str, str]]:
    """(entity, matched text) of every hit, in text order."""
    detector = PiiDetector(PiiParams(**params), policy)
    return [(h.entity, text[h.start : h.end]) for h in detector.find(Context(Post(text=text), lang, policy))]


def hits(text: str, **params):
    detector = PiiDetector(PiiParams(**params), OWN_DOMAIN_POLICY)
    return list(detector.find(Context(Post(text=text), "pl", OWN_DOMAIN_POLICY)))


def test_registered_under_its_id():
    assert registry()["confidential.pii"] is PiiDetector


# --- Polish identifiers: a valid checksum is found, one wrong digit is not -----------------------------------


@pytest.mark.parametrize(
    "entity, valid, invalid",
    [
        ("PESEL", "44051401359", "44051401358"),
        ("PESEL", "02270803624", "02330803624"),  # born in 2002 (month + 20); month 33 is no month
        ("NIP", "123-456-32-18", "123-456-32-19"),
        ("NIP", "123-45-63-218", "123-45-63-219"),
        ("NIP", "PL1234563218", "PL1234563219"),
        ("REGON", "REGON 123456785", "REGON 123456786"),
        ("REGON", "12345678512347", "12345678512348"),
        ("PL_ID_CARD", "ABA300000", "ABA300001"),
        ("PL_ID_CARD", "ABA 300000", "ABB 300000"),
        ("IBAN", "PL61 1090 1014 0000 0712 1981 2874", "PL62 1090 1014 0000 0712 1981 2874"),
        ("IBAN", "PL61109010140000071219812874", "PL61109010140000071219812875"),
        ("IBAN", "61 1090 1014 0000 0712 1981 2874", "61 1090 1014 0000 0712 1981 2875"),
        ("IBAN", "DE89 3704 0044 0532 0130 00", "DE88 3704 0044 0532 0130 00"),
        ("PAYMENT_CARD", "4111 1111 1111 1111", "4111 1111 1111 1112"),
        ("PAYMENT_CARD", "5555-5555-5555-4444", "5555-5555-5555-4445"),
        ("PAYMENT_CARD", "378282246310005", "378282246310006"),
        ("US_SSN", "SSN 536-22-1234", "SSN 000-22-1234"),
    ],
)
def test_checksum_decides(entity, valid, invalid):
    text = "Dane do przelewu: {}. Dzięki!"
    assert [e for e, _ in found(text.format(valid), entities=[entity])] == [entity]
    assert found(text.format(invalid), entities=[entity]) == []


def test_the_span_is_the_identifier_with_its_separators():
    text = "Mój PESEL: 44051401359, NIP 123-456-32-18, dowód ABA300000."
    assert found(text, lang="pl") == [("PESEL", "44051401359"), ("NIP", "123-456-32-18"), ("PL_ID_CARD", "ABA300000")]


def test_eleven_digits_with_a_wrong_check_digit_are_not_a_pesel():
    assert found("Order number 44051401358 shipped today.", entities=["PESEL"]) == []


def test_card_digits_inside_an_iban_are_not_a_card():
    text = "Wpłaty na konto PL95 4111 1111 1111 1111 0000 1234, tytuł: darowizna."
    assert found("karta 4111 1111 1111 1111", entities=["PAYMENT_CARD"]) == [("PAYMENT_CARD", "4111 1111 1111 1111")]
    assert found(text, entities=["PAYMENT_CARD"]) == []
    assert found(text) == [("IBAN", "PL95 4111 1111 1111 1111 0000 1234")]


def test_iban_followed_by_a_number_is_still_found():
    assert found("konto PL61 1090 1014 0000 0712 1981 2874 2024 r.") == [("IBAN", "PL61 1090 1014 0000 0712 1981 2874")]


def test_regon_without_its_name_is_weak_and_loses_to_a_phone_number():
    [with_name] = hits("Nasz REGON: 123456785")
    assert (with_name.entity, with_name.score) == ("REGON", 1.0)
    assert [h.entity for h in hits("Zadzwoń: 601 234 567")] == ["PHONE"]


def test_ten_bare_digits_of_a_us_phone_are_a_phone_not_a_nip():
    assert found("For more info call 6179229545 today") == [("PHONE", "6179229545")]


def test_filler_digits_are_not_identifiers():
    assert found("NO TO JEST NIE DO PRZEBICIA!!!!1111111111ONE!!") == []


# --- contact details ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        ("Zadzwoń do mnie: +48 601 234 567", "+48 601 234 567"),
        ("Biuro: 22 123 45 67, pon.-pt.", "22 123 45 67"),
        ("Call us at (415) 555-2671 anytime", "(415) 555-2671"),
        ("London office +44 20 7946 0958", "+44 20 7946 0958"),
    ],
)
def test_phone_numbers_pl_us_and_international(text, number):
    assert found(text, entities=["PHONE"]) == [("PHONE", number)]


def test_dates_prices_and_times_are_not_phone_numbers():
    text = "Spotkanie 15.05.2024 o 12:30, bilety po 49,99 zł, wersja 3.11.7, rok 2024."
    assert found(text, lang="pl") == []


def test_personal_email_is_found_and_own_domain_is_not():
    text = "Pisz na jan.kowalski@gmail.com albo kontakt@acme.pl lub biuro@sklep.acme.pl"
    assert found(text, lang="pl") == [("EMAIL", "jan.kowalski@gmail.com")]
    everything = found(text, lang="pl", ignore_own_domains=False)
    assert [m for _, m in everything] == ["jan.kowalski@gmail.com", "kontakt@acme.pl", "biuro@sklep.acme.pl"]


def test_mentions_and_broken_addresses_are_not_emails():
    assert found("Thanks @jan_kowalski and @acme! Write to a@b or jan..k@example.com") == []


@pytest.mark.parametrize(
    "text",
    [
        "We grew revenue by 12% in 2024 and hired 150 people across 3 offices. #hiring",
        "Great to see so many of you at our booth today! Join the webinar at 10:00 CET.",
        "Dziękujemy za 25 lat z nami! Konferencja odbędzie się 12 czerwca w Krakowie.",
        "Zamówienie nr 12345 wysłaliśmy wczoraj, przepraszamy za opóźnienie.",
    ],
)
def test_ordinary_posts_have_no_hits(text):
    assert found(text) == []


# --- fixes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("PESEL 44051401359.", "PESEL [PESEL]."),
        ("dowód ABA300000", "dowód [PL_ID_CARD]"),
        ("karta 4111 1111 1111 1111!", "karta **** **** **** 1111!"),
        ("konto PL61 1090 1014 0000 0712 1981 2874", "konto **** **** **** **** **** **** 2874"),
        ("NIP 123-456-32-18", "NIP ***-***-**-18"),
        ("tel. +48 601 234 567", "tel. +** *** *** *67"),
        ("mail jan.kowalski@gmail.com", "mail j***@gmail.com"),
    ],
)
def test_fix_masks_the_value_in_the_whole_text(text, fixed):
    [hit] = hits(text)
    assert hit.fix == "pii.fix"
    assert hit.fix_text == fixed
    assert hit.message == f"pii.{hit.entity.lower()}"


def test_each_fix_masks_only_its_own_span():
    text = "PESEL 44051401359, mail jan@gmail.com"
    pesel, email = hits(text)
    assert pesel.fix_text == "PESEL [PESEL], mail jan@gmail.com"
    assert email.fix_text == "PESEL 44051401359, mail j***@gmail.com"


# --- params ----------------------------------------------------------------------------------------------


def test_entities_default_to_all_and_accept_any_case():
    assert "PESEL" in PiiParams().entities and "EMAIL" in PiiParams().entities
    assert PiiParams(entities=["pesel", "Iban"]).entities == ["PESEL", "IBAN"]


def test_unknown_entity_is_an_error_listing_the_valid_ones():
    with pytest.raises(ValidationError) as error:
        PiiParams(entities=["PESEL", "PASSPORT"])
    assert "unknown entity PASSPORT" in str(error.value)
    assert "valid: EMAIL, PHONE, PESEL, NIP, REGON, PL_ID_CARD, IBAN, PAYMENT_CARD, US_SSN" in str(error.value)


def test_unknown_entity_in_a_policy_file_names_the_rule():
    text = """
clauses: [{id: data, number: "1", title: {en: Data}}]
rules:
  - {id: ids, detector: confidential.pii, params: {entities: [PASSPORT]}, severity: block, clause: data}
"""
    with pytest.raises(PolicyError, match=r"rules\[0\]\.params\.entities: unknown entity PASSPORT; valid: EMAIL"):
        parse_policy(text, "policy.yaml")


# --- through the engine, with the built-in default policy -------------------------------------------------


@pytest.fixture(scope="module")
def default_policy():
    return load_policy()


def pii_findings(verdict):
    return [f for f in verdict.findings if f.detector == "confidential.pii"]


def test_polish_post_with_a_pesel_is_blocked_with_a_polish_message(default_policy):
    text = "Mój PESEL to 44051401359, proszę o kontakt w tej sprawie."
    verdict = evaluate(Post(text=text, lang="pl"), default_policy)
    [finding] = pii_findings(verdict)
    assert verdict.outcome is Outcome.blocked
    assert (finding.rule, finding.entity, finding.match) == ("pii-national-ids", "PESEL", "44051401359")
    assert finding.severity.value == "block"
    assert (finding.clause.id, finding.clause.number) == ("personal-data", "4.1")
    assert finding.clause.title == "Dane osobowe i dane klientów"
    assert finding.message == "Numer PESEL w treści posta"
    assert finding.fix.description == "Zamaskuj go: [PESEL]"
    assert finding.fix.text == "Mój PESEL to [PESEL], proszę o kontakt w tej sprawie."


def test_english_post_with_a_phone_needs_review_under_the_privacy_clause(default_policy):
    verdict = evaluate(Post(text="Call me on +48 601 234 567 if you have any questions about the order.", lang="en"),
                       default_policy)
    [finding] = pii_findings(verdict)
    assert (finding.rule, finding.entity, finding.severity.value) == ("pii-contact-details", "PHONE", "review")
    assert (finding.clause.number, finding.clause.title) == ("8.2", "Privacy and data protection")
    assert finding.message.startswith("Phone number in the post")
    assert finding.fix.text == "Call me on +** *** *** *67 if you have any questions about the order."


def test_polish_post_with_a_nip_warns(default_policy):
    verdict = evaluate(Post(text="Faktury wystawiamy na NIP 123-456-32-18, dziękujemy za zamówienie.", lang="pl"),
                       default_policy)
    [finding] = pii_findings(verdict)
    assert (finding.rule, finding.entity, finding.severity.value) == ("pii-business-ids", "NIP", "warn")
    assert finding.message == "Numer NIP w treści posta"


def test_iban_is_reported_once_not_as_a_card(default_policy):
    verdict = evaluate(Post(text="Zbiórka: wpłaty na konto PL61 1090 1014 0000 0712 1981 2874, dziękujemy!", lang="pl"),
                       default_policy)
    assert [(f.entity, f.rule) for f in pii_findings(verdict)] == [("IBAN", "pii-national-ids")]


def test_ordinary_posts_have_no_pii_findings(default_policy):
    for text, lang in [
        ("Great to see so many of you at our booth today, 120 visitors in 3 hours!", "en"),
        ("Dziękujemy za odwiedziny na naszym stoisku, do zobaczenia 12.06.2025!", "pl"),
    ]:
        assert pii_findings(evaluate(Post(text=text, lang=lang), default_policy)) == []


# --- phone numbers as people write them, and the numbers that are not phones ----------------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        ("Phone: 0490 75 40 81", "0490 75 40 81"),  # Australian mobile, national format
        ("Mobile: +41 (0)85 806 98 67", "+41 (0)85 806 98 67"),  # no valid Swiss number, but after `Mobile:`
        ("Tél 01.84.17.61.18", "01.84.17.61.18"),
        ("(579)888-3058", "(579)888-3058"),  # valid for Canada, no word needed
        ("Call me at 463-612-6138x036", "463-612-6138x036"),
        ("Phone: 780 6326", "780 6326"),  # seven digits, no area code: the word makes it a phone
        ("Fax (0161) 4960066", "(0161) 4960066"),
        ("text me on +44(0)115 4960914", "+44(0)115 4960914"),
        ("WhatsApp 0837 783533", "0837 783533"),
        ("tel. 22 123 45 67 wew. 123", "22 123 45 67 wew. 123"),
        ("kom. 043 387 83 84", "043 387 83 84"),  # passes the NIP check, but `kom.` says it is a phone
        ("zadzwoń 500-080-636", "500-080-636"),
        ("Telefon 601234567", "601234567"),
    ],
)
def test_phones_in_any_national_or_international_format(text, number):
    assert found(text) == [("PHONE", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Order 601234567 shipped on 2024-03-15 10:30",
        "Invoice 2024/03/118 for 12 500 000 zł due 15.04.2024",
        "Faktura FV 118/2024 na kwotę 601 234 567 zł",
        "Tracking number 1Z999AA10123456784, parcel 00340434161094042557",
        "Total: 1 299,00 zł, price $1,299.99, amount 4 500 000 PLN",
        "Meeting on 02/13/2025, room 646; we sold 387054830 units since launch",
        "Revenue 601 234 567 PLN in 2023",
        "Przesyłka 2987038176687 dotrze jutro",  # an EAN that passes Luhn after a tracking word
        "Zürich office +41 (0)85 806 98 67",  # no contact word and no valid Swiss number
    ],
)
def test_order_invoice_tracking_numbers_dates_and_amounts_are_not_phones(text):
    assert found(text, entities=["PHONE", "PAYMENT_CARD"]) == []


@pytest.mark.parametrize(
    "text, card",
    [
        ("Karta 4111 11 11 1111 1111 ważna 12/27", "4111 11 11 1111 1111"),
        ("card 4111111111111111 12/27", "4111111111111111"),
        ("karta 4111.1111.1111.1111", "4111.1111.1111.1111"),
        ("pay with 4111-111111-111111", "4111-111111-111111"),
        ("My card is 0604 6476 2511", "0604 6476 2511"),  # 12-digit Maestro: only with a card word
    ],
)
def test_cards_in_any_grouping(text, card):
    assert found(text, entities=["PAYMENT_CARD"]) == [("PAYMENT_CARD", card)]


def test_a_long_account_number_is_not_cut_into_a_card():
    assert found("rachunek 61109010140000071219812874", entities=["PAYMENT_CARD"]) == []


# --- replies: personal data moves to a private message ---------------------------------------------------------


def reply_hits(text: str, lang: str = "en", topic: str | None = None):
    detector = PiiDetector(PiiParams(), OWN_DOMAIN_POLICY)
    return list(detector.find(Context(Post(text=text, in_reply_to_topic=topic), lang, OWN_DOMAIN_POLICY)))


@pytest.mark.parametrize("lang, sentence", [("en", "We have sent you a private message."),
                                            ("pl", "Wysłaliśmy Ci wiadomość prywatną.")])
def test_a_reply_with_a_phone_number_offers_a_private_message_not_a_mask(lang, sentence):
    text = "@jan_k @acme call us back at +48 601 234 567, we will sort it out."
    [hit] = reply_hits(text, lang)
    assert hit.fix == "pii.fix_private"
    assert hit.fix_text == f"@jan_k @acme {sentence}"  # the public reply: no "+** *** *** *67"
    assert hit.private_text == text  # the whole reply goes privately


def test_a_reply_to_a_topic_without_mentions_offers_a_private_message_too():
    [hit] = reply_hits("Your PESEL 44051401359 is on file.", topic="complaint")
    assert (hit.fix_text, hit.private_text) == ("We have sent you a private message.",
                                                "Your PESEL 44051401359 is on file.")


def test_a_post_that_is_not_a_reply_keeps_the_mask():
    [hit] = reply_hits("Call +48 601 234 567 for details.")
    assert hit.fix == "pii.fix" and hit.private_text is None and "*67" in hit.fix_text


def test_the_engine_carries_the_private_message_in_the_fix():
    policy = parse_policy("organisation: {name: Acme}\nclauses: [{id: data, number: '1', title: {en: Data}}]\nrules:\n"
                          "  - {id: pii, detector: confidential.pii, severity: block, clause: data}\n")
    text = "@ola here is my number: tel. +48 601 234 567"
    [finding] = evaluate(Post(text=text, lang="en"), policy).findings
    assert finding.fix.text == "@ola We have sent you a private message."
    assert finding.fix.private_message == text
    assert finding.fix.description.startswith("Move this to a private message")

"""The document model: sections and numbered clauses, filled placeholders, tables from policy data, checks."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from socialguard.policy import available_packs, load_policy, parse_policy
from socialguard.policy.document import DocumentError, build_document, document_languages, number_key, parse_blocks
from socialguard.policy.loader import PACKS

SECTOR_PACKS = ["finance", "healthcare", "public-sector", "advertising"]
GENERAL_SECTIONS = ["purpose", "voice", "brand", "confidential", "conduct", "conflict", "personal", "legal", "security",
                    "closing"]
POLICY = """
version: "3.1"
effective: 2027-01-15
organisation: {name: "Zielona Łąka S.A.", languages: [pl, en]}
spokespeople:
  - {name: Anna Nowak, role: Rzeczniczka prasowa, topics: [wyniki, produkty]}
brand_accounts:
  - {platform: linkedin, handle: zielonalaka, owner: Zespół PR, publishers: [pr]}
teams:
  - {id: crisis, kind: crisis_response, name: {en: Crisis cell, pl: Sztab kryzysowy}, contacts: [kryzys@zl.pl]}
  - {id: care, kind: customer_service, name: {en: Customer care, pl: Biuro obsługi}, contacts: []}
personal_accounts:
  freedom: restricted
  disclaimer: {en: "My views, not my employer's.", pl: "Moje zdanie, nie pracodawcy."}
  disclosure_tags: ["#pracownik", "#employee"]
confidential_terms: [{term: Projekt Sokół, until: 2027-03-01}, Fuzja X]
saved_replies:
  - {id: dm, topic: complaint, title: {en: Move to DM, pl: Przejście do wiadomości}, text: {en: "Please DM us.", pl: "Napisz do nas."}}
security: {min_password_length: 16, rotation_days: null, require_2fa_personal: true, report_within_hours: 4}
packs: [general, finance]
overrides:
  profanity-personal: {enabled: false}
"""


@pytest.fixture(scope="module")
def policy():
    return parse_policy(POLICY, "zl.yaml")


def clause(doc, number):
    return next(c for s in doc.sections for c in s.clauses if c.number == number)


def text_of(doc_clause) -> str:
    parts = []
    for block in doc_clause.blocks:
        parts += [block.text, *block.items, *block.header, *(cell for row in block.rows for cell in row)]
    return "\n".join(parts)


def test_default_policy_has_every_section_in_order_with_numbered_clauses():
    doc = build_document(load_policy(), "en")
    assert [s.key for s in doc.sections] == GENERAL_SECTIONS
    assert [s.number for s in doc.sections] == [str(n) for n in range(1, 11)]
    numbers = [c.number for s in doc.sections for c in s.clauses]
    assert numbers == sorted(numbers, key=number_key) and len(numbers) == len(set(numbers)) == 27
    assert all(c.blocks for s in doc.sections for c in s.clauses), "every clause has text"


def test_both_languages_have_titles_and_texts_for_every_clause_of_every_pack():
    for pack in available_packs():
        data = yaml.safe_load((PACKS / f"{pack}.yaml").read_text(encoding="utf-8"))
        for item in data["clauses"]:
            for lang in ("en", "pl"):
                assert item["title"].get(lang), (pack, item["id"], lang)
                assert len(item["text"].get(lang, "")) > 150, (pack, item["id"], lang)
        for rule in data.get("rules", []):
            if pack != "general":
                assert set(rule["message"]) == set(rule["description"]) == {"en", "pl"}, rule["id"]


def test_clause_numbers_are_unique_across_any_combination_of_packs():
    packs = ["general", *SECTOR_PACKS]
    for size in range(1, len(SECTOR_PACKS) + 1):
        for combo in itertools.combinations(SECTOR_PACKS, size):
            policy = parse_policy(f"packs: [general, {', '.join(combo)}]")
            numbers = [c.number for c in policy.clauses]
            assert len(numbers) == len(set(numbers)), combo
    full = parse_policy(f"packs: [{', '.join(packs)}]")
    alone = {p: parse_policy(f"packs: [general, {p}]") for p in SECTOR_PACKS}
    for pack, policy in alone.items():  # the same clause has the same number whatever else is included
        for item in policy.clauses:
            assert full.clause(item.id).number == item.number, (pack, item.id)


def test_sector_pack_clauses_sit_in_the_legal_section_after_the_general_ones():
    doc = build_document(parse_policy(f"packs: [general, {', '.join(SECTOR_PACKS)}]"), "en")
    legal = next(s for s in doc.sections if s.key == "legal")
    numbers = [c.number for c in legal.clauses]
    assert numbers[:3] == ["8.1", "8.2", "8.3"]
    assert {"8.4", "8.4.1", "8.5.2", "8.6.3", "8.7.1"} <= set(numbers)
    assert clause(doc, "8.4").depth == 1 and clause(doc, "8.4.1").depth == 2


def test_placeholders_are_filled_from_the_policy(policy):
    en, pl = build_document(policy, "en"), build_document(policy, "pl")
    assert "Zielona Łąka S.A. in public" in text_of(clause(en, "2.1"))
    assert "Zielona Łąka S.A. (dalej: „Organizacja”)" in text_of(clause(pl, "1.1"))
    assert "{{" not in "".join(text_of(c) for s in en.sections for c in s.clauses)
    assert "My views, not my employer's." in text_of(clause(en, "7.1"))
    assert "#pracownik, #employee" in text_of(clause(pl, "7.1"))
    assert "at least 16 characters" in text_of(clause(en, "9.1"))
    assert "required on the personal accounts" in text_of(clause(en, "9.1"))
    assert "whenever someone who had access leaves" in text_of(clause(en, "9.1"))
    assert "w ciągu 4 godzin" in text_of(clause(pl, "9.4"))
    assert "version 3.1 of this policy" in text_of(clause(en, "10.2"))


def test_an_organisation_name_ending_in_a_full_stop_ends_a_sentence_once(policy):
    text = text_of(clause(build_document(policy, "en"), "6.1"))
    assert "on behalf of Zielona Łąka S.A." in text
    assert "S.A.." not in text


def test_polish_document_is_in_polish(policy):
    doc = build_document(policy, "pl")
    assert doc.title == "Polityka korzystania z mediów społecznościowych"
    assert [s.title for s in doc.sections][:2] == ["Cel i zakres", "Wypowiadanie się w imieniu organizacji"]
    body = "\n".join(text_of(c) for s in doc.sections for c in s.clauses)
    assert "Organizacja" in body and "This policy" not in body and "Never publish" not in body
    assert doc.effective == "15 stycznia 2027 r."
    assert build_document(policy, "en").effective == "15 January 2027"


def test_tables_come_from_policy_data(policy):
    doc = build_document(policy, "en")
    speakers = next(b for b in clause(doc, "2.1").blocks if b.kind == "table")
    assert speakers.rows == (("Anna Nowak", "Rzeczniczka prasowa", "wyniki, produkty"),)
    assert "except to share its official posts unchanged" in text_of(clause(doc, "2.1"))  # freedom: restricted
    accounts = next(b for b in clause(doc, "2.2").blocks if b.kind == "table")
    assert accounts.rows == (("linkedin", "zielonalaka", "Zespół PR", "pr", "pr"),)
    terms = next(b for b in clause(doc, "4.3").blocks if b.kind == "table")
    assert terms.rows == (("Projekt Sokół", "1 March 2027"), ("Fuzja X", "further notice"))
    teams = next(b for b in clause(doc, "6.1").blocks if b.kind == "table")
    assert teams.rows[0] == ("Crisis cell", teams.rows[0][1], "kryzys@zl.pl")
    assert teams.rows[1][2] == "not assigned yet"
    escalation = next(b for b in clause(doc, "6.2").blocks if b.kind == "table")
    assert [row[2] for row in escalation.rows] == ["Customer care", "not assigned yet", "Crisis cell (kryzys@zl.pl)"]
    replies = next(b for b in clause(build_document(policy, "pl"), "6.3").blocks if b.kind == "table")
    assert replies.rows == (("Przejście do wiadomości", "Napisz do nas."),)
    assert "financial services" in text_of(clause(doc, "8.3"))
    assert next(b for b in clause(doc, "10.2").blocks if b.kind == "signature").items == ("Name", "Signature", "Date")


def test_empty_policy_data_is_said_plainly():
    doc = build_document(parse_policy("packs: [general]"), "pl")
    assert "nie wskazano rzeczników" in text_of(clause(doc, "2.1"))
    assert "nie wymieniono kont firmowych" in text_of(clause(doc, "2.2"))
    assert "nie zawiera pakietów sektorowych" in text_of(clause(doc, "8.3"))


def test_each_clause_lists_the_enabled_rules_that_enforce_it(policy):
    en = build_document(policy, "en")
    checks = {c.rule: c for c in clause(en, "4.1").checks}
    assert checks["pii-national-ids"].effect == "blocks publication"
    assert "PESEL" in checks["pii-national-ids"].label and "bank account numbers" in checks["pii-national-ids"].label
    assert [c.rule for c in clause(en, "5.1").checks] == [  # profanity-personal is disabled
        "profanity-brand", "offensive-language-brand", "offensive-language-personal"]
    finance = {c.rule: c for c in clause(build_document(policy, "pl"), "8.4.1").checks}
    assert finance["finance-promissory-language"].effect == "blokuje publikację"
    assert "gwarantowany zysk" in finance["finance-promissory-language"].label
    assert clause(en, "1.1").checks == ()


def test_a_clause_of_the_policy_file_replaces_the_packs_and_can_use_placeholders():
    policy = parse_policy(
        "organisation: {name: Acme}\npacks: [general]\nclauses:\n"
        "  - {id: purpose, number: '1.1', section: purpose, title: {en: Why}, text: {en: '{{ organisation }} rules.'}}\n"
    )
    doc = build_document(policy, "pl")  # no Polish text: falls back to English
    assert clause(doc, "1.1").title == "Why"
    assert text_of(clause(doc, "1.1")) == "Acme rules."


def test_unknown_placeholder_is_a_clear_error():
    policy = parse_policy(
        "packs: [general]\nclauses:\n"
        "  - {id: purpose, number: '1.1', section: purpose, title: {en: Why}, text: {en: 'Hi {{ company }}'}}\n",
        "mine.yaml",
    )
    with pytest.raises(DocumentError) as caught:
        build_document(policy, "en")
    message = str(caught.value)
    assert message.startswith("mine.yaml: clauses.purpose.text: unknown placeholder {{ company }}")
    assert "organisation" in message and "\n" not in message


def test_unknown_language_is_a_clear_error():
    assert document_languages() == ["en", "pl"]
    with pytest.raises(DocumentError, match="unknown document language 'de'; available: en, pl"):
        build_document(load_policy(), "de")


def test_a_clause_without_a_section_goes_to_other_provisions():
    policy = parse_policy("clauses:\n  - {id: x, number: '11.1', title: {en: Extra}, text: {en: Text.}}\n")
    [section] = build_document(policy, "en").sections
    assert (section.number, section.title) == ("11", "Other provisions")


def test_parse_blocks_reads_paragraphs_lists_and_quotes():
    blocks = parse_blocks("First line\ncontinues.\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n")
    assert [(b.kind, b.text, b.items) for b in blocks] == [
        ("paragraph", "First line continues.", ()),
        ("bullets", "", ("one", "two")),
        ("numbered", "", ("first", "second")),
        ("quote", "quoted", ()),
    ]


def test_number_key_orders_numerically():
    assert sorted(["8.10", "10.1", "8.9", "8.4.1", "8.4", "9.4"], key=number_key) == [
        "8.4", "8.4.1", "8.9", "8.10", "9.4", "10.1"
    ]


def test_building_is_stable_for_the_same_version(policy):
    assert build_document(policy, "en") == build_document(parse_policy(POLICY, "zl.yaml"), "en")


def test_example_policies_in_the_repository_render():
    for path in sorted((Path(__file__).parents[2] / "examples").glob("*.yaml")):
        policy = load_policy(path)
        for lang in document_languages():
            assert build_document(policy, lang).sections

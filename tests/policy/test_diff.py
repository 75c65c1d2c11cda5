"""`diff_policies`: real edits between two versions of a policy, clause by clause, rule by rule."""

from __future__ import annotations

import json

from socialguard.policy import parse_policy
from socialguard.policy.diff import diff_markdown, diff_policies

OLD = """
version: "1"
effective: 2026-01-01
organisation: {name: Acme, languages: [en, pl]}
teams:
  - {id: crisis, kind: crisis_response, name: {en: Crisis team}, contacts: [crisis@acme.example]}
confidential_terms: [Project Falcon, Project Heron]
security: {rotation_days: 90}
packs: [general]
"""

# Version 2: the finance pack is added, one clause reworded in Polish, the profanity rule on personal accounts
# made stricter and the illegal-behaviour rule relaxed, a term released, passwords rotated more often.
NEW = """
version: "2"
effective: 2026-07-01
organisation: {name: Acme, languages: [en, pl]}
teams:
  - {id: crisis, kind: crisis_response, name: {en: Crisis team}, contacts: [crisis@acme.example, +48 600 000 000]}
confidential_terms: [Project Falcon]
security: {rotation_days: 60}
packs: [general, finance]
clauses:
  - id: fact-checking
    number: "7.2"
    section: personal
    title: {en: Fact checking, pl: Sprawdzanie faktów}
    text:
      en: Check before you share.
      pl: Sprawdź, zanim udostępnisz. Podaj źródło.
overrides:
  profanity-personal: {severity: block}
  illegal-behaviour: {severity: warn}
"""


def policies(old: str = OLD, new: str = NEW):
    return parse_policy(old, "v1.yaml"), parse_policy(new, "v2.yaml")


def test_versions_and_effective_dates():
    diff = diff_policies(*policies())
    assert (diff.old_version, diff.new_version) == ("1", "2")
    assert (diff.old_effective, diff.new_effective) == ("2026-01-01", "2026-07-01")


def test_added_pack_clauses_are_listed_in_number_order():
    diff = diff_policies(*policies())
    added = [c.number for c in diff.clauses if c.kind == "added"]
    assert added == ["8.4", "8.4.1", "8.4.2", "8.4.3", "8.4.4"]
    assert next(c for c in diff.clauses if c.number == "8.4.1").title == "No promises of returns"


def test_reworded_clause_shows_which_language_changed_and_how():
    diff = diff_policies(*policies(), lang="pl")
    change = next(c for c in diff.clauses if c.id == "fact-checking")
    assert change.kind == "changed" and change.title == "Sprawdzanie faktów"
    assert "text (pl) changed" in change.details and "text (en) changed" in change.details
    assert "+Podaj źródło." in change.text_diff["pl"]
    assert any(line.startswith("-Zanim coś opublikujesz") for line in change.text_diff["pl"])


def test_rule_changes_name_the_direction_of_severity():
    diff = diff_policies(*policies())
    rules = {r.id: r for r in diff.rules}
    assert rules["profanity-personal"].details == ["severity raised: review -> block"]
    assert rules["illegal-behaviour"].details == ["severity lowered: review -> warn"]
    assert rules["finance-promissory-language"].kind == "added"
    assert rules["finance-promissory-language"].clause == "finance-promissory"


def test_other_sections_are_summarised():
    diff = diff_policies(*policies())
    assert diff.sections["confidential_terms"] == ["removed Project Heron"]
    assert diff.sections["security"] == ["rotation_days: 90 -> 60"]
    assert diff.sections["packs"] == ["added finance"]
    assert diff.sections["teams"][0].startswith("changed crisis: contacts:")


def test_changed_clauses_or_stricter_rules_need_acknowledgement_again():
    assert diff_policies(*policies()).needs_acknowledgement
    only_looser = OLD + "overrides:\n  illegal-behaviour: {severity: warn}\n"
    diff = diff_policies(*policies(OLD, only_looser))
    assert [r.details for r in diff.rules] == [["severity lowered: review -> warn"]]
    assert not diff.needs_acknowledgement


def test_renumbered_and_retitled_clause():
    new = OLD + (
        "clauses:\n  - {id: fact-checking, number: '7.5', section: personal, title: {en: Checking facts, "
        "pl: Sprawdzanie faktów}, text: {en: x, pl: y}}\n"
    )
    change = next(c for c in diff_policies(*policies(OLD, new)).clauses if c.id == "fact-checking")
    assert "renumbered 7.2 -> 7.5" in change.details
    assert "title (en): 'Fact checking' -> 'Checking facts'" in change.details


def test_identical_policies_have_no_differences():
    diff = diff_policies(*policies(OLD, OLD))
    assert diff.empty and not diff.needs_acknowledgement
    assert "No differences in clauses, rules or settings." in diff_markdown(diff)


def test_markdown_changelog_and_json():
    diff = diff_policies(*policies())
    text = diff_markdown(diff)
    assert text.startswith("# Policy changes: version 1 -> 2")
    assert "Acknowledge again: yes" in text
    assert "- **8.4.1 No promises of returns** (finance-promissory): added" in text
    assert "- `profanity-personal` (clause offensive-content): changed; severity raised: review -> block" in text
    assert "```diff" in text and "+Podaj źródło." in text
    assert "- confidential_terms: removed Project Heron" in text
    data = json.loads(json.dumps(diff.as_dict()))
    assert data["new_version"] == "2" and data["needs_acknowledgement"] is True

"""The wizard: answers files (good and bad), the interactive interview, and the policy file it writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from socialguard import Post, evaluate
from socialguard.policy import parse_policy
from socialguard.policy.wizard import AnswersError, interview, policy_yaml, questions, read_answers

TODAY = dt.date(2026, 11, 24)
ANSWERS = """\
organisation: Zielona Łąka S.A.
industry: banking
size: 250-999
languages: [pl, en]
domains: [https://www.ZielonaLaka.pl/, zielonalaka.com]
brand_names: [Zielona Łąka]
brand_accounts: ["linkedin:zielonalaka", {platform: x, handle: "@zielona_laka", owner: Zespół PR}]
spokespeople: ["Anna Nowak (Rzeczniczka prasowa)", {name: Jan Kowalski, role: Prezes, topics: [wyniki]}]
employee_freedom: restricted
teams:
  crisis_response: [kryzys@zielonalaka.pl, "+48 600 100 200"]
  message_approval: [komunikacja@zielonalaka.pl]
confidential_terms: [Projekt Sokół, {term: Fuzja z Bankiem X, until: 2027-03-01}]
sectors: [finance]
advertising: true
security: {require_2fa_personal: true, rotation_days: 0, min_password_length: 16}
version: "2026.1"
"""


def answers_file(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(AnswersError) as caught:
        read_answers(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_answers_file_becomes_a_policy_that_load_policy_accepts(tmp_path):
    answers = read_answers(answers_file(tmp_path, ANSWERS))
    assert answers.domains == ["zielonalaka.pl", "zielonalaka.com"]
    assert answers.packs == ["general", "finance", "advertising"]
    text = policy_yaml(answers, TODAY)
    policy = parse_policy(text, "policy.yaml")
    assert policy.version == "2026.1" and policy.effective == TODAY
    assert policy.organisation.name == "Zielona Łąka S.A." and policy.organisation.size == "250-999"
    assert policy.organisation.languages == ["pl", "en"]
    assert [(a.platform, a.handle, a.owner) for a in policy.brand_accounts] == [
        ("linkedin", "zielonalaka", None), ("x", "@zielona_laka", "Zespół PR")
    ]
    assert [(s.name, s.role, s.topics) for s in policy.spokespeople] == [
        ("Anna Nowak", "Rzeczniczka prasowa", []), ("Jan Kowalski", "Prezes", ["wyniki"])
    ]
    teams = {t.kind: t for t in policy.teams}
    assert teams["crisis_response"].contacts == ["kryzys@zielonalaka.pl", "+48 600 100 200"]
    assert teams["crisis_response"].name == {"pl": "Zespół kryzysowy", "en": "Crisis response team"}
    assert teams["pr"].contacts == [] and "compliance" in teams  # every plan team, plus compliance for finance
    assert policy.personal_accounts.freedom == "restricted"
    assert policy.personal_accounts.disclosure_tags == ["#pracownik", "#employee", "#reklama", "#ad"]
    assert policy.personal_accounts.disclaimer["pl"].startswith("Wyrażam własne opinie")
    assert [(t.term, t.until) for t in policy.confidential_terms] == [
        ("Projekt Sokół", None), ("Fuzja z Bankiem X", dt.date(2027, 3, 1))
    ]
    assert policy.security.rotation_days is None and policy.security.min_password_length == 16
    assert policy.security.require_2fa_personal is True
    assert [r.id for r in policy.saved_replies] == ["complaint-acknowledge", "move-to-private", "holding-statement",
                                                    "thanks"]
    assert policy.packs == ["general", "finance", "advertising"]
    assert policy.clause("finance-credit").number == "8.4.4"


def test_policy_file_is_commented_and_enforced_as_written(tmp_path):
    text = policy_yaml(read_answers(answers_file(tmp_path, ANSWERS)), TODAY)
    assert text.startswith("# Social media policy of Zielona Łąka S.A., written by `socialguard init` on 2026-11-24.")
    assert "# Clause 2.1: who may speak for the organisation" in text
    assert "# Section 9: security requirements" in text
    assert "# overrides:" in text
    policy = parse_policy(text)
    leak = evaluate(Post(text="Jutro ogłaszamy Projekt Sokół!", account="brand", platform="linkedin",
                         role="rzeczniczka prasowa"), policy)
    assert any(f.rule == "confidential-terms" for f in leak.findings)
    promise = evaluate(Post(text="Gwarantowany zysk 10% rocznie!", account="brand", platform="linkedin"), policy)
    assert any(f.rule == "finance-promissory-language" for f in promise.findings)


def test_minimal_answers_take_defaults(tmp_path):
    answers = read_answers(answers_file(tmp_path, "organisation: Acme\n"))
    policy = parse_policy(policy_yaml(answers, TODAY))
    assert policy.effective == TODAY and policy.version == "1"
    assert policy.packs == ["general"] and policy.spokespeople == [] and policy.brand_accounts == []
    assert policy.personal_accounts.disclosure_tags == ["#employee", "#pracownik"]
    assert policy.security.rotation_days == 90


def test_generated_policy_keeps_quotes_and_colons_in_values(tmp_path):
    tricky = 'organisation: "Acme: \\"The\\" Company #1"\nconfidential_terms: ["a: b", "# not a comment"]\n'
    policy = parse_policy(policy_yaml(read_answers(answers_file(tmp_path, tricky)), TODAY))
    assert policy.organisation.name == 'Acme: "The" Company #1'
    assert [t.term for t in policy.confidential_terms] == ["a: b", "# not a comment"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("industry: retail\n", "answers.yaml: organisation: is required"),
        ("organisation: Acme\nsectors: [banking]\n",
         "answers.yaml:2: sectors: unknown pack 'banking'; available: finance, healthcare, public-sector"),
        ("organisation: Acme\nsize: huge\n", "answers.yaml:2: size: must be one of 1-9, 10-49, 50-249, 250-999, 1000+"),
        ("organisation: Acme\nlanguages: [de]\n", "answers.yaml:2: languages: unknown language 'de'; available: en, pl"),
        ("organisation: Acme\nbrand_accounts: [acme]\n", "answers.yaml:2: brand_accounts[0]: 'acme' is not platform:handle"),
        ("organisation: Acme\nspokespeople: [Anna]\n", "answers.yaml:2: spokespeople[0]: 'Anna' is not Name (Role)"),
        ("organisation: Acme\nteams: {marketing: [a@b.c]}\n", "answers.yaml:2: teams.marketing"),
        ("organisation: Acme\nsecurity: {min_password_length: 4}\n", "answers.yaml:2: security.min_password_length"),
        ("organisation: Acme\ncolour: green\n", "answers.yaml:2: colour: unknown field"),
        ("organisation: [Acme\n", "answers.yaml:2: invalid YAML"),
        ("- organisation\n", "answers.yaml:1: answers must be a mapping of question keys"),
    ],
)
def test_bad_answers_give_one_clear_line(tmp_path, text, expected):
    message = error_of(answers_file(tmp_path, text)).removeprefix(f"{tmp_path}/")
    assert message.startswith(expected), message


def test_missing_or_binary_answers_file(tmp_path):
    assert error_of(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: no such file"
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    assert error_of(binary).endswith("not UTF-8 text (byte 0)")


def scripted(replies: list[str]):
    """An `ask` that answers from a list and records the prompts, and a `say` that records problems."""
    asked, problems, pending = [], [], list(replies)

    def ask(prompt: str, default: str) -> str:
        asked.append((prompt, default))
        return pending.pop(0)

    return ask, problems.append, asked, problems


def replies_for(overrides: dict[str, list[str]]) -> list[str]:
    """One reply per question (empty = default), with some questions answered (maybe several times)."""
    out = []
    for question in questions():
        out += overrides.get(question.key, [""])
    return out


def test_interview_asks_every_question_and_re_asks_bad_answers():
    ask, say, asked, problems = scripted(replies_for({
        "organisation": ["", "Acme Bank"],
        "size": ["huge", "50-249"],
        "languages": ["de", "pl"],
        "brand_accounts": ["linkedin:acme, x:@acme"],
        "spokespeople": ["Anna Nowak (Head of PR); Jan Kowalski (CEO)"],
        "teams.crisis_response": ["crisis@acme.example, +48 600 000 000"],
        "sectors": ["banking", "finance"],
        "advertising": ["maybe", "tak"],
        "security.rotation_days": ["often", "0"],
        "effective": ["next week", "2027-01-01"],
    }))
    answers = interview(ask, say, lang="pl")
    assert len(problems) == 7, problems
    assert "unknown banking; choose from: finance, healthcare, public-sector" in problems
    assert asked[0] == ("Nazwa organizacji", "")
    assert ("Liczba pracowników", "10-49") in asked
    assert answers.organisation == "Acme Bank" and answers.size == "50-249" and answers.languages == ["pl"]
    assert [(a.platform, a.handle) for a in answers.brand_accounts] == [("linkedin", "acme"), ("x", "@acme")]
    assert [p.role for p in answers.spokespeople] == ["Head of PR", "CEO"]
    assert answers.teams["crisis_response"] == ["crisis@acme.example", "+48 600 000 000"]
    assert answers.packs == ["general", "finance", "advertising"]
    assert answers.security.rotation_days is None and answers.security.require_2fa is True
    assert answers.effective == dt.date(2027, 1, 1)
    policy = parse_policy(policy_yaml(answers, TODAY))
    assert policy.organisation.languages == ["pl"] and set(policy.saved_replies[0].text) == {"pl"}


def test_every_question_has_an_english_and_a_polish_prompt():
    for question in questions():
        assert question.prompt.get("en") and question.prompt.get("pl"), question.key

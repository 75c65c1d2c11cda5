"""The engine: context changes the verdict, suppressions work, findings explain themselves."""

from __future__ import annotations

from socialguard import Outcome, Post, evaluate, load_policy
from socialguard.engine import checker
from socialguard.policy import parse_policy

ACME = """
version: "7"
organisation: {name: Acme, domains: [acme.pl], brand_names: [Acme]}
spokespeople: [{name: Anna, role: spokesperson}]
personal_accounts:
  disclaimer: {en: "I work at Acme; views are my own.", pl: "Pracuję w Acme; to moje prywatne zdanie."}
packs: [general]
allow: [{text: "biuro@example.com"}]
"""


def policy(extra: str = ""):
    return parse_policy(ACME + extra)


def test_clean_post_is_ok_and_records_the_policy_version():
    verdict = evaluate(Post(text="Great to meet everyone at the conference in Warsaw today!"), policy())
    assert verdict.outcome is Outcome.ok
    assert verdict.findings == []
    assert verdict.policy_version == "7"


def test_same_text_brand_versus_personal():
    text = "This release is fucking great, congrats to the whole team"
    brand = evaluate(Post(text=text, account="brand", role="spokesperson"), policy())
    personal = evaluate(Post(text=text, account="personal"), policy())
    assert brand.outcome is Outcome.blocked
    assert personal.outcome is Outcome.needs_approval
    assert {f.rule for f in brand.findings if f.detector == "conduct.profanity"} == {"profanity-brand"}
    assert {f.rule for f in personal.findings if f.detector == "conduct.profanity"} == {"profanity-personal"}


def test_role_allowed_versus_not_on_a_brand_account():
    text = "We are proud to announce our new store in Gdańsk."
    allowed = evaluate(Post(text=text, account="brand", role="spokesperson"), policy())
    not_allowed = evaluate(Post(text=text, account="brand", role="intern"), policy())
    assert allowed.outcome is Outcome.ok
    assert not_allowed.outcome is Outcome.needs_approval  # sent for approval, no longer a hard block
    assert [f.rule for f in not_allowed.findings] == ["brand-spokesperson"]


def test_finding_carries_clause_severity_span_and_message_in_the_posts_language():
    text = "Mój PESEL to 44051401359, proszę o szybki kontakt w tej sprawie."
    verdict = evaluate(Post(text=text), policy())
    assert verdict.lang == "pl"
    finding = next(f for f in verdict.findings if f.entity == "PESEL")
    assert finding.match == "44051401359" == text[finding.start : finding.end]
    assert finding.severity.value == "block"
    assert finding.clause.number == "4.1"
    assert finding.clause.title == "Dane osobowe i dane klientów"
    assert finding.fix is not None and "44051401359" not in finding.fix.text
    assert verdict.outcome is Outcome.blocked


def test_policy_allow_list_drops_the_match():
    verdict = evaluate(Post(text="Write to biuro@example.com or to jan.kowalski@gmail.com about it"), policy())
    assert [f.match for f in verdict.findings if f.entity == "EMAIL"] == ["jan.kowalski@gmail.com"]


def test_per_post_exception_is_recorded_and_does_not_count():
    post = Post(
        text="Call our hotline at +48 601 234 567 for help with your order today",
        account="brand",
        role="spokesperson",
        exceptions=[{"rule": "pii-contact-details", "reason": "our public hotline number", "approved_by": "dpo"}],
    )
    verdict = evaluate(post, policy())
    phone = next(f for f in verdict.findings if f.entity == "PHONE")
    assert phone.suppressed == "our public hotline number (approved by dpo)"
    assert verdict.outcome is Outcome.ok


def test_exception_is_ignored_where_the_rule_forbids_exceptions():
    extra = "overrides:\n  pii-contact-details: {allow_exceptions: false}\n"
    post = Post(text="Call me at +48 601 234 567 about the order", exceptions=[{"rule": "pii-contact-details",
                                                                              "reason": "I want to"}])
    verdict = evaluate(post, policy(extra))
    assert verdict.outcome is Outcome.needs_approval
    assert all(f.suppressed is None for f in verdict.findings)


def test_disabled_rule_and_applies_to_platform():
    extra = (
        "rules:\n  - {id: no-x-secrets, detector: confidential.secret, severity: info, clause: credentials,"
        " applies_to: {platforms: [x]}}\noverrides:\n  secrets: {enabled: false}\n"
    )
    text = "deploy key AKIAIOSFODNN7EXAMPLE for the staging bucket"
    on_x = evaluate(Post(text=text, platform="x"), policy(extra))
    on_linkedin = evaluate(Post(text=text, platform="linkedin"), policy(extra))
    assert [f.rule for f in on_x.findings] == ["no-x-secrets"]
    assert on_x.outcome is Outcome.ok_with_warnings
    assert on_linkedin.findings == []


def test_explicit_language_wins_and_short_text_is_unknown():
    assert evaluate(Post(text="Hello there"), load_policy()).lang == "unknown"
    assert evaluate(Post(text="Hello there", lang="pl"), load_policy()).lang == "pl"


def test_policy_is_compiled_once():
    loaded = policy()
    assert checker(loaded) is checker(loaded)


def test_rule_message_override_is_used():
    extra = ('rules:\n  - {id: no-secret-words, detector: text.phrases, params: {phrases: [tajne]}, severity: warn,'
             ' clause: confidential-info, message: {en: "Do not say secret.", pl: "Nie pisz o tajemnicach."}}\n')
    verdict = evaluate(Post(text="To jest tajne i nie wolno o tym pisać na zewnątrz", lang="pl"), policy(extra))
    assert [f.message for f in verdict.findings] == ["Nie pisz o tajemnicach."]


def test_a_policy_text_is_compiled_once_and_a_changed_text_is_compiled_anew():
    from socialguard.engine import compile_policy, compiled

    first = compile_policy("version: one\n", "p")
    assert compile_policy("version: one\n", "p") is first is compiled(first.policy)
    assert first.get(_rule_ids) is first.get(_rule_ids)  # anything an app builds from the policy, built once
    changed = compile_policy("version: two\n", "p")
    assert changed is not first and changed.policy.version == "two"


def _rule_ids(policy) -> list[str]:
    return [rule.id for rule in policy.rules]

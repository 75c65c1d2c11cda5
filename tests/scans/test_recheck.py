"""Re-checking under a new policy version: what it newly flags, what it clears, how outcomes move (EN and PL)."""

from __future__ import annotations

from scan_archive import POLICY_YAML

from socialguard import Post, evaluate
from socialguard.engine import checker
from socialguard.model import Outcome
from socialguard.policy import parse_policy
from socialguard.scans.verdict_changes import compare, recheck

OLD = parse_policy(POLICY_YAML)
# the new version: phone numbers and emails block, IBANs are no longer reported, business ids are new
NEW = parse_policy(POLICY_YAML.replace("version: \"scan-test-1\"", "version: \"scan-test-2\"")
                   .replace("entities: [PESEL, IBAN]", "entities: [PESEL]")
                   .replace("severity: review", "severity: block")
                   + "  - {id: pii-business, detector: confidential.pii, params: {entities: [NIP]}, severity: warn,\n"
                     "     clause: personal-data}\n")

POSTS = {
    "en-clean": Post(text="Great to see so many of you at our booth in Warsaw today"),
    "pl-nip": Post(text="Faktura dla firmy, NIP 526-000-12-46, proszę o przelew", lang="pl"),
    "en-iban": Post(text="Please pay to PL61 1090 1014 0000 0712 1981 2874 by Friday", lang="en"),
    "pl-email": Post(text="Napisz do mnie na jan.kowalski@gmail.com w sprawie zamówienia", lang="pl"),
    "en-pesel": Post(text="My PESEL is 44051401359, please call me back", lang="en"),
}


def previous(policy=OLD):
    for post_id, post in POSTS.items():
        verdict = evaluate(post, policy)
        yield post_id, post, verdict.outcome.value, [f.rule for f in verdict.active]


def test_changes_between_policy_versions():
    result = recheck(previous(), NEW)
    assert result.checked == 5
    changes = {c.post_id: c for c in result.changes}
    assert set(changes) == {"pl-nip", "en-iban", "pl-email"}  # the clean post and the PESEL keep their verdicts
    nip = changes["pl-nip"]
    assert (nip.added, nip.removed, nip.old_outcome, nip.new_outcome) == (("pii-business",), (), Outcome.ok,
                                                                          Outcome.ok_with_warnings)
    assert nip.newly_flagged and nip.stricter
    assert nip.verdict.active[0].match == "526-000-12-46"
    iban = changes["en-iban"]
    assert (iban.added, iban.removed, iban.new_outcome) == ((), ("pii-national-ids",), Outcome.ok)
    assert iban.cleared and iban.laxer
    email = changes["pl-email"]
    assert (email.added, email.removed) == ((), ()) and email.stricter and not email.newly_flagged
    assert (email.old_outcome, email.new_outcome) == (Outcome.needs_approval, Outcome.blocked)
    assert [c.post_id for c in result.newly_flagged] == ["pl-nip"]
    assert [c.post_id for c in result.cleared] == ["en-iban"]
    assert [c.post_id for c in result.stricter] == ["pl-nip", "pl-email"]
    assert result.added_by_rule == {"pii-business": 1} and result.removed_by_rule == {"pii-national-ids": 1}


def test_the_same_policy_changes_nothing_and_a_compiled_policy_is_accepted():
    result = recheck(previous(NEW), checker(NEW))
    assert result.checked == 5 and result.changes == []


def test_old_verdicts_from_storage_as_strings_and_any_iterable_of_rules():
    verdict = evaluate(POSTS["en-pesel"], NEW)
    assert compare("x", Outcome("blocked"), {"pii-national-ids"}, verdict) is None
    change = compare("x", Outcome.blocked, {"pii-national-ids", "secrets"}, verdict)
    assert change.removed == ("secrets",) and change.added == () and not change.stricter and not change.laxer

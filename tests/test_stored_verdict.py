"""The stored verdict and the seams around a check: a verdict read back is the verdict stored, outcomes are
ranked like severities, a check record has the CLI's shape, and a brand account is found by handle or platform."""

from __future__ import annotations

from pathlib import Path

from socialguard import Outcome, Post, evaluate, load_policy
from socialguard.model import stored_verdict
from socialguard.workflow.checking import brand_account

ACME = load_policy(Path(__file__).parent.parent / "examples" / "acme.yaml")


def test_a_stored_verdict_reads_back_as_the_same_verdict_with_its_active_findings():
    verdict = evaluate(Post(text="Mój PESEL to 44051401359, zadzwoń."), ACME)
    read = stored_verdict(verdict.as_dict())
    assert read == verdict and read.findings
    assert [f.rule for f in read.active] == [f.rule for f in verdict.findings if f.suppressed is None]
    assert stored_verdict({}) is None and stored_verdict(None) is None


def test_outcomes_rank_like_the_severities_they_come_from():
    assert sorted(Outcome, key=lambda o: o.rank) == [Outcome.ok, Outcome.ok_with_warnings, Outcome.needs_approval,
                                                     Outcome.blocked]
    assert str(Outcome.needs_approval) == "needs_approval"


def test_a_check_record_names_the_outcome_verdict():
    verdict = evaluate(Post(text="Great to meet everyone in Warsaw today!"), ACME)
    record = verdict.record("p1")
    assert record == {"id": "p1", "verdict": verdict.outcome.value, "lang": verdict.lang,
                      "policy_version": verdict.policy_version, "findings": []}


def test_a_brand_account_is_found_by_handle_or_else_by_platform():
    assert brand_account(ACME, handle=" @ACME ").platform == "x"
    assert brand_account(ACME, handle="@nobody") is None
    assert brand_account(ACME, platform="linkedin").handle == "acme"
    assert brand_account(ACME, platform="rss").handle == "@acme"  # no account there: the first one

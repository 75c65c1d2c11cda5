"""The scenario data: every scenario's post, in English and Polish, gets a finding of its own detector under
the demo policy (the checker is what judges answers, so the data must really exercise the rule), the control
posts pass, and only scenarios whose rule is enabled (and whose placeholders the policy fills) are asked."""

from __future__ import annotations

import pytest
import yaml

from socialguard import evaluate
from socialguard.model import Outcome
from socialguard.policy import parse_policy
from socialguard.training.scenarios import LANGUAGES, all_scenarios, post_of, scenarios_for, text_of


@pytest.fixture(scope="module")
def demo_policy():
    from socialguard.web.demo import demo_policy_yaml

    data = yaml.safe_load(demo_policy_yaml())
    data["confidential_terms"] = ["Project Falcon"]
    return parse_policy(yaml.safe_dump(data, allow_unicode=True), name="demo")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("scenario", all_scenarios(), ids=lambda s: s.id)
def test_each_scenario_exercises_its_rule(demo_policy, scenario, lang):
    verdict = evaluate(post_of(scenario, demo_policy, lang, author="Ewa", role="employee"), demo_policy)
    if scenario.detector is None:
        assert verdict.outcome == Outcome.ok, verdict.findings
    else:
        assert scenario.detector in {f.detector for f in verdict.active}
        assert verdict.outcome != Outcome.ok


def test_placeholders_are_filled_from_the_policy(demo_policy):
    code_name = next(s for s in all_scenarios() if s.id == "code-name")
    assert "Project Falcon" in text_of(code_name, demo_policy, "pl")
    no_disclaimer = next(s for s in all_scenarios() if s.id == "no-disclaimer")
    assert text_of(no_disclaimer, demo_policy, "en").startswith("The new release of Acme Cloud")


def test_only_scenarios_of_enabled_rules_with_filled_placeholders_are_asked(demo_policy):
    from web_support import TEST_POLICY

    small = parse_policy(TEST_POLICY, name="test")
    assert [s.id for s in scenarios_for(small)] == ["customer-id-number", "customer-email", "thank-you",
                                                   "event-invitation"]
    everything = {s.id for s in scenarios_for(demo_policy)}
    assert everything == {s.id for s in all_scenarios()}
    from socialguard.web.demo import demo_policy_yaml

    data = yaml.safe_load(demo_policy_yaml())
    data["rules"] = [{"id": "secrets", "detector": "confidential.secret", "severity": "block",
                      "clause": "credentials", "enabled": False}]
    fewer = {s.id for s in scenarios_for(parse_policy(yaml.safe_dump(data, allow_unicode=True), name="x"))}
    assert everything - fewer == {"shared-password", "code-name"}

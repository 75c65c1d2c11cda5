"""An organisation's policy: versions validated by the core, the current one cached, and the policy's
requirement of two-factor sign-in for everyone read defensively."""

from __future__ import annotations

import pytest
from web_support import TEST_POLICY

from socialguard.orgs.policies import current_policy, requires_two_factor_for_everyone, save_policy
from socialguard.policy import PolicyError, parse_policy


@pytest.mark.django_db
def test_versions_count_up_and_the_current_one_is_used(acme):
    save_policy(acme.org, TEST_POLICY.replace("test-1", "test-2"))
    version, policy = current_policy(acme.org)
    assert (version.number, policy.version) == (2, "test-2")
    assert current_policy(acme.org)[1] is policy  # parsed once per version


@pytest.mark.django_db
def test_invalid_policy_is_not_saved(acme):
    with pytest.raises(PolicyError, match="acme policy:1: invalid YAML"):
        save_policy(acme.org, "version: [unclosed")
    assert acme.org.policy_versions.count() == 1


@pytest.mark.parametrize("extra, required", [
    ("", False),
    ("security:\n  require_2fa_for_socialguard_users: all\n", True),
    ("security:\n  require_2fa_for_socialguard_users: admins_and_approvers\n", False),
    ("security:\n  require_2fa_for_socialguard_users: none\n", False),
])
def test_policy_may_require_two_factor_for_everyone(extra, required):
    assert requires_two_factor_for_everyone(parse_policy(TEST_POLICY + extra)) is required


@pytest.mark.django_db
def test_a_reused_version_id_gets_what_is_compiled_from_its_own_text(acme):
    """SQLite gives a rolled-back version's id to the next one: nothing compiled from the old text may be
    reused for the new (the inbox's triage was once kept by version id alone)."""
    from socialguard.inbox.connectors.records import mention_from_record
    from socialguard.inbox.django_store import triage_for
    from socialguard.orgs.models import PolicyVersion

    def routed_to() -> str:
        mention = mention_from_record({"id": "m1", "text": "Nice weather today", "platform": "x"}, "webhook", "test")
        return triage_for(acme.org)[1]([mention])[0].assignment.team

    fallback = "listening:\n  fallback: {{team: {team}, sla_minutes: 240}}\n"
    first = save_policy(acme.org, TEST_POLICY + fallback.format(team="pr"))
    assert routed_to() == "pr"
    pk, number = first.pk, first.number
    PolicyVersion.objects.filter(pk=pk).delete()  # as a rolled-back transaction leaves it
    again = PolicyVersion.objects.create(pk=pk, org=acme.org, number=number,
                                         yaml=TEST_POLICY + fallback.format(team="legal"))
    assert again.pk == pk
    assert routed_to() == "legal"

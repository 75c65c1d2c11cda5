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

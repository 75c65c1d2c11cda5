"""The security audit: one finding per shortfall, each citing its clause with what to do (EN and PL)."""

from __future__ import annotations

import datetime as dt

import pytest

from socialguard import load_policy
from socialguard.security.audit import SocialguardUser, audit
from socialguard.security.registry import AccessGrant, RegisteredAccount, Registry

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def compliant_account(**changes) -> RegisteredAccount:
    values = dict(
        platform="instagram",
        handle="@acme",
        owner="Anna Nowak",
        access=[
            AccessGrant(holder="Anna Nowak", method="own_login"),
            AccessGrant(holder="Buffer", kind="tool", method="api_token"),
        ],
        two_factor="app",
        last_rotation=TODAY - dt.timedelta(days=30),
        recovery_email="security@acme.pl",
        recovery_email_owner="company",
        recovery_phone="+48 22 100 20 30",
        recovery_phone_owner="company",
    )
    return RegisteredAccount(**{**values, **changes})


def kinds(findings) -> list[str]:
    return [f.kind for f in findings]


def with_security(policy, **changes):
    return policy.model_copy(update={"security": policy.security.model_copy(update=changes)})


def test_a_compliant_registry_has_no_findings(policy):
    registry = Registry(accounts=[compliant_account(), compliant_account(platform="x", two_factor="hardware_key")])
    users = [SocialguardUser("admin", "admin", True), SocialguardUser("ewa", "employee", False)]
    assert audit(registry, policy, TODAY, users) == []


@pytest.mark.parametrize(
    ("changes", "expected", "risk", "clause"),
    [
        ({"two_factor": "none"}, "two_factor_missing", "high", "9.1"),
        ({"two_factor": "sms"}, "two_factor_sms_only", "medium", "9.1"),
        ({"last_rotation": TODAY - dt.timedelta(days=91)}, "rotation_overdue", "medium", "9.1"),
        ({"last_rotation": None}, "rotation_unknown", "low", "9.1"),
        ({"owner": None}, "no_owner", "medium", "2.2"),
        ({"recovery_email_owner": "person"}, "recovery_personal", "medium", "9.4"),
        ({"recovery_phone_owner": "person"}, "recovery_personal", "medium", "9.4"),
        ({"recovery_email": None, "recovery_email_owner": None, "recovery_phone": None,
          "recovery_phone_owner": None}, "recovery_missing", "medium", "9.4"),
    ],
)
def test_each_shortfall_is_one_finding_citing_its_clause(policy, changes, expected, risk, clause):
    findings = audit(Registry(accounts=[compliant_account(**changes)]), policy, TODAY)
    assert kinds(findings) == [expected]
    assert findings[0].risk == risk
    assert findings[0].clause.number == clause
    assert findings[0].account == "instagram @acme"
    assert findings[0].message and findings[0].action


def test_rotation_exactly_on_the_limit_is_still_fine(policy):
    account = compliant_account(last_rotation=TODAY - dt.timedelta(days=90))
    assert audit(Registry(accounts=[account]), policy, TODAY) == []


def test_overdue_rotation_says_when_and_how_long(policy):
    account = compliant_account(last_rotation=dt.date(2026, 1, 2))
    (finding,) = audit(Registry(accounts=[account]), policy, TODAY)
    assert finding.message == (
        "The credentials of instagram @acme were last changed on 2026-01-02, 150 days ago; "
        "the policy asks for a change every 90 days."
    )


def test_people_who_left_or_changed_role_are_offboarding_findings(policy):
    account = compliant_account(
        access=[
            AccessGrant(holder="Anna Nowak", method="own_login"),
            AccessGrant(holder="Jan Kowalski", method="shared_credential", status="left"),
            AccessGrant(holder="Ola Wiśniewska", method="own_login", status="changed_role"),
        ]
    )
    findings = audit(Registry(accounts=[account]), policy, TODAY)
    assert [(f.kind, f.risk, f.subject) for f in findings] == [
        ("access_left", "high", "Jan Kowalski"),
        ("access_changed_role", "medium", "Ola Wiśniewska"),
    ]
    assert findings[0].clause.id == "brand-accounts"
    assert "shared credential" in findings[0].message
    assert "change it" in findings[0].action


def test_offboarding_changes_the_audit(policy):
    registry = Registry(
        accounts=[
            compliant_account(access=[AccessGrant(holder="Anna Nowak", method="own_login"),
                                      AccessGrant(holder="Jan Kowalski", method="own_login")]),
        ]
    )
    assert audit(registry, policy, TODAY) == []
    left = registry.with_status("Jan Kowalski", "left")
    assert kinds(audit(left, policy, TODAY)) == ["access_left"]
    assert audit(left.without_access("Jan Kowalski"), policy, TODAY) == []
    # when the last active person leaves, the account has nobody who can act on it
    everyone_left = left.with_status("Anna Nowak", "left").without_access("Jan Kowalski")
    assert sorted(kinds(audit(everyone_left, policy, TODAY))) == ["access_left", "orphaned"]


def test_an_account_only_tools_can_reach_is_orphaned(policy):
    account = compliant_account(access=[AccessGrant(holder="Buffer", kind="tool", method="api_token")])
    findings = audit(Registry(accounts=[account]), policy, TODAY)
    assert [(f.kind, f.risk) for f in findings] == [("orphaned", "high")]


def test_socialguard_users_without_a_second_factor(policy):
    users = [
        SocialguardUser("root", "admin", False),
        SocialguardUser("ap", "approver", False),
        SocialguardUser("ewa", "employee", False),
        SocialguardUser("ok", "admin", True),
    ]
    registry = Registry(accounts=[compliant_account()])
    default = audit(registry, policy, TODAY, users)
    assert [(f.kind, f.subject, f.risk) for f in default] == [
        ("user_without_2fa", "ap", "high"),
        ("user_without_2fa", "root", "high"),
    ]
    everyone = audit(registry, with_security(policy, require_2fa_for_socialguard_users="all"), TODAY, users)
    assert sorted(f.subject for f in everyone) == ["ap", "ewa", "root"]
    assert audit(registry, with_security(policy, require_2fa_for_socialguard_users="none"), TODAY, users) == []


def test_policy_settings_change_what_is_a_finding(policy):
    sms = Registry(accounts=[compliant_account(two_factor="sms")])
    assert audit(sms, with_security(policy, sms_2fa_allowed=True), TODAY) == []
    assert audit(sms, with_security(policy, require_2fa=False), TODAY) == []
    keys_only = with_security(policy, allowed_2fa_methods=["hardware_key"])
    app = audit(Registry(accounts=[compliant_account()]), keys_only, TODAY)
    assert kinds(app) == ["two_factor_not_allowed"]
    assert "hardware_key" in app[0].message
    old = Registry(accounts=[compliant_account(last_rotation=None)])
    assert audit(old, with_security(policy, rotation_days=None), TODAY) == []
    personal = Registry(accounts=[compliant_account(recovery_phone_owner="person")])
    assert audit(personal, with_security(policy, company_owned_recovery=False), TODAY) == []


def test_findings_are_in_polish_with_polish_clause_titles(policy):
    account = compliant_account(
        two_factor="none",
        access=[AccessGrant(holder="Jan Kowalski", method="shared_credential", status="left"),
                AccessGrant(holder="Anna Nowak", method="own_login")],
    )
    findings = audit(Registry(accounts=[account]), policy, TODAY, lang="pl")
    by_kind = {f.kind: f for f in findings}
    assert by_kind["two_factor_missing"].message == "Konto instagram @acme nie ma uwierzytelniania dwuskładnikowego."
    assert by_kind["two_factor_missing"].clause.title == "Hasła i uwierzytelnianie dwuskładnikowe"
    assert "wspólne dane logowania" in by_kind["access_left"].message
    assert by_kind["access_left"].action.startswith("Jeszcze dziś odbierz dostęp")


def test_riskiest_findings_come_first(policy):
    registry = Registry(
        accounts=[
            compliant_account(platform="x", last_rotation=None),
            compliant_account(platform="facebook", two_factor="none"),
        ]
    )
    assert [f.risk for f in audit(registry, policy, TODAY)] == ["high", "low"]


def test_a_policy_without_the_clauses_still_audits():
    from socialguard.policy import parse_policy

    bare = parse_policy("organisation: {name: Bare}\n")
    (finding,) = audit(Registry(accounts=[compliant_account(two_factor="none")]), bare, TODAY)
    assert finding.clause is None and finding.kind == "two_factor_missing"

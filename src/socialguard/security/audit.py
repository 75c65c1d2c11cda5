"""The security audit: where the brand-account registry (and socialguard's own users) fall short of the
policy's security section. Pure: `audit(registry, policy, today)` reads data and returns findings.

Each finding names the account or person, how risky it is, the clause it enforces (number and title in the
requested language) and what to do, in English or Polish (messages in `locale/<lang>/security.yaml`).
Checks: second factor missing, SMS-only or not among the accepted methods; credentials older than the
rotation period (or of unknown age); access still held by people who left or changed role; accounts no
active person can get into, or without an owner; recovery e-mail or phone owned by a person, or missing;
socialguard users without a second factor where the policy requires one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Literal

from pydantic import BaseModel

from ..locale import message
from ..model import ClauseRef
from ..orgs.roles import ADMIN, APPROVE, PERMISSIONS
from ..policy.schema import Policy, localized
from .registry import RegisteredAccount, Registry

Risk = Literal["high", "medium", "low"]
RISK_ORDER: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
APPROVING_ROLES = frozenset({ADMIN} | {role for role, granted in PERMISSIONS.items() if APPROVE in granted})

CLAUSE_OF_KIND = {
    "two_factor_missing": "passwords-2fa",
    "two_factor_sms_only": "passwords-2fa",
    "two_factor_not_allowed": "passwords-2fa",
    "rotation_overdue": "passwords-2fa",
    "rotation_unknown": "passwords-2fa",
    "user_without_2fa": "passwords-2fa",
    "access_left": "brand-accounts",
    "access_changed_role": "brand-accounts",
    "orphaned": "brand-accounts",
    "no_owner": "brand-accounts",
    "recovery_personal": "breach-response",
    "recovery_missing": "breach-response",
}


@dataclass(frozen=True)
class SocialguardUser:
    """A member of the organisation in socialguard, as the audit sees them."""

    name: str
    role: str
    two_factor: bool


class SecurityFinding(BaseModel):
    """One shortfall: what (kind), where (account or person), how risky, which clause, what to do."""

    kind: str
    risk: Risk
    account: str | None = None
    subject: str | None = None  # the person, tool or detail the finding is about
    clause: ClauseRef | None = None
    message: str
    action: str


@dataclass(frozen=True)
class _Raw:
    kind: str
    risk: Risk
    account: str | None
    subject: str | None
    args: dict[str, object]


def audit(
    registry: Registry,
    policy: Policy,
    today: dt.date,
    socialguard_users: Iterable[SocialguardUser] | None = None,
    lang: str = "en",
) -> list[SecurityFinding]:
    """Every shortfall of `registry` (and of `socialguard_users`) against `policy` on `today`, riskiest first."""
    raw: list[_Raw] = []
    for account in registry.accounts:
        raw += _two_factor(account, policy)
        raw += _rotation(account, policy, today)
        raw += _access(account)
        raw += _recovery(account, policy)
    raw += _users(list(socialguard_users or ()), policy)
    findings = [_explain(r, policy, lang) for r in raw]
    findings.sort(key=lambda f: (RISK_ORDER[f.risk], f.account or "", f.kind, f.subject or ""))
    return findings


def _raw(kind: str, risk: Risk, account: RegisteredAccount | None, subject: str | None = None, **args: object) -> _Raw:
    label = account.label if account else None
    return _Raw(kind, risk, label, subject, {"account": label or "", "subject": subject or "", **args})


def _two_factor(account: RegisteredAccount, policy: Policy) -> list[_Raw]:
    security = policy.security
    if not security.require_2fa:
        return []
    if account.two_factor == "none":
        return [_raw("two_factor_missing", "high", account)]
    accepted = security.accepted_2fa_methods()
    if account.two_factor in accepted:
        return []
    if account.two_factor == "sms":
        return [_raw("two_factor_sms_only", "medium", account)]
    return [_raw("two_factor_not_allowed", "medium", account, method=account.two_factor, allowed=", ".join(sorted(accepted)))]


def _rotation(account: RegisteredAccount, policy: Policy, today: dt.date) -> list[_Raw]:
    limit = policy.security.rotation_days
    if limit is None:
        return []
    if account.last_rotation is None:
        return [_raw("rotation_unknown", "low", account, limit=limit)]
    age = (today - account.last_rotation).days
    if age <= limit:
        return []
    return [
        _raw("rotation_overdue", "medium", account, date=account.last_rotation.isoformat(), days=age, limit=limit)
    ]


def _access(account: RegisteredAccount) -> list[_Raw]:
    found: list[_Raw] = []
    for grant in account.access:
        if grant.kind == "person" and grant.status == "left":
            found.append(_raw("access_left", "high", account, grant.holder, method=grant.method))
        elif grant.kind == "person" and grant.status == "changed_role":
            found.append(_raw("access_changed_role", "medium", account, grant.holder, method=grant.method))
    if not any(g.is_active_person for g in account.access):
        found.append(_raw("orphaned", "high", account))
    if not account.owner:
        found.append(_raw("no_owner", "medium", account))
    return found


def _recovery(account: RegisteredAccount, policy: Policy) -> list[_Raw]:
    if not account.recovery_email and not account.recovery_phone:
        return [_raw("recovery_missing", "medium", account)]
    if not policy.security.company_owned_recovery:
        return []
    found = []
    if account.recovery_email and account.recovery_email_owner == "person":
        found.append(_raw("recovery_personal", "medium", account, account.recovery_email, detail="email"))
    if account.recovery_phone and account.recovery_phone_owner == "person":
        found.append(_raw("recovery_personal", "medium", account, account.recovery_phone, detail="phone"))
    return found


def _users(users: list[SocialguardUser], policy: Policy) -> list[_Raw]:
    scope = policy.security.require_2fa_for_socialguard_users
    if scope == "none":
        return []
    return [
        _raw("user_without_2fa", "high" if user.role in APPROVING_ROLES else "medium", None, user.name, role=user.role)
        for user in users
        if not user.two_factor and (scope == "all" or user.role in APPROVING_ROLES)
    ]


def _explain(raw: _Raw, policy: Policy, lang: str) -> SecurityFinding:
    args = dict(raw.args)
    for name in ("detail", "method"):
        if name in args:
            args[name] = message(f"security.term.{args[name]}", lang)
    clause = policy.clause(CLAUSE_OF_KIND[raw.kind])
    return SecurityFinding(
        kind=raw.kind,
        risk=raw.risk,
        account=raw.account,
        subject=raw.subject,
        clause=ClauseRef(id=clause.id, number=clause.number, title=localized(clause.title, lang)) if clause else None,
        message=message(f"security.audit.{raw.kind}", lang, **args),
        action=message(f"security.audit.{raw.kind}.fix", lang, **args),
    )

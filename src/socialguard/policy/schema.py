"""The policy file's schema: every section of the document and the rules that enforce it.

Validated with pydantic; unknown fields are errors so that a typo never silently disables a rule.
Texts meant for people (clause titles and bodies, disclaimers, saved replies) are `Localized`:
a mapping of language code to text, so a new language is data, not code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from ..model import Severity
from .listening import Listening

Localized = dict[str, str]
TeamKind = Literal[
    "crisis_response", "message_approval", "customer_service", "pr", "social_engagement", "compliance",
    "employees", "security", "legal",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def localized(texts: Localized, lang: str, fallback: str = "en") -> str:
    """The text in `lang`, else in `fallback`, else any."""
    return texts.get(lang) or texts.get(fallback) or next(iter(texts.values()), "")


class OrganisationProfile(Strict):
    """The policy's `organisation` section: who the policy is for (not the stored `orgs.Organisation`)."""

    name: str = "Our organisation"
    industry: str = "general"
    size: str | None = None
    languages: list[str] = Field(default_factory=lambda: ["en", "pl"], min_length=1)
    domains: list[str] = Field(default_factory=list)
    brand_names: list[str] = Field(default_factory=list)
    handles: list[str] = Field(default_factory=list)
    competitors: list[str] = Field(default_factory=list)

    @field_validator("domains")
    @classmethod
    def _domains_lower(cls, value: list[str]) -> list[str]:
        return [d.strip().lower().removeprefix("www.") for d in value]


class Spokesperson(Strict):
    name: str
    role: str
    topics: list[str] = Field(default_factory=list)


class BrandAccount(Strict):
    platform: str
    handle: str
    url: str | None = None
    owner: str | None = None
    publishers: list[str] = Field(default_factory=list)  # roles allowed to publish; empty = spokesperson roles
    complaint_handlers: list[str] = Field(default_factory=list)  # roles allowed to answer complaints


class PolicyTeam(Strict):
    """A team the policy names (mentions are routed to it); the stored membership teams are `orgs.Team`."""

    id: str
    kind: TeamKind
    name: Localized
    contacts: list[str] = Field(default_factory=list)
    responsibilities: Localized = Field(default_factory=dict)


class PersonalAccounts(Strict):
    disclaimer: Localized = Field(default_factory=dict)
    disclosure_tags: list[str] = Field(default_factory=list)
    # how freely employees talk about their work on personal accounts (the document states it in 2.1)
    freedom: Literal["open", "guided", "restricted"] = "guided"


class SavedReply(Strict):
    """A reply approved in advance for a recurring situation (topic), per language."""

    id: str
    topic: str
    text: Localized
    title: Localized = Field(default_factory=dict)
    examples: dict[str, list[str]] = Field(default_factory=dict)  # mentions it answers, per language (suggestions)


SecondFactor = Literal["sms", "app", "hardware_key"]


class RunbookStep(Strict):
    """One step of an incident runbook: what to do, which team does it, and by when."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    text: Localized
    owner: TeamKind
    deadline_hours: int | None = Field(default=None, ge=1)  # counted from the start of the incident
    when: Literal["always", "personal_data"] = "always"  # personal_data: only when personal data is involved


class RunbookOverride(Strict):
    """A runbook in the policy: replaces the built-in one with the same id (title, steps or both) or adds one."""

    title: Localized = Field(default_factory=dict)
    steps: list[RunbookStep] = Field(default_factory=list)  # empty: keep the built-in steps

    @field_validator("steps")
    @classmethod
    def _unique_step_ids(cls, steps: list[RunbookStep]) -> list[RunbookStep]:
        ids = [s.id for s in steps]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate step id(s): {', '.join(duplicates)}")
        return steps


class Security(Strict):
    """What the policy requires to keep accounts safe: the document states it, the security audit checks it."""

    require_2fa: bool = True  # on every brand account
    require_2fa_personal: bool = False  # on personal accounts used for work (otherwise strongly recommended)
    sms_2fa_allowed: bool = False  # whether SMS codes count as the second factor on brand accounts
    min_password_length: int = Field(default=14, ge=8, le=128)
    min_password_score: int = Field(default=3, ge=0, le=4)  # zxcvbn score of passwords chosen for brand accounts
    rotation_days: int | None = Field(default=90, ge=1)  # shared brand credentials; None: only when people leave
    update_days: int = Field(default=14, ge=1, le=365)  # security updates installed within this many days
    report_within_hours: int = Field(default=1, ge=1, le=72)  # suspected incidents reported within
    # second factors accepted on brand accounts; None: app and hardware key, plus SMS when sms_2fa_allowed
    allowed_2fa_methods: list[SecondFactor] | None = Field(default=None, min_length=1)
    require_2fa_for_socialguard_users: Literal["all", "admins_and_approvers", "none"] = "admins_and_approvers"
    company_owned_recovery: bool = True  # recovery e-mail and phone of brand accounts belong to the organisation
    runbooks: dict[str, RunbookOverride] = Field(default_factory=dict)  # incident runbooks replaced or added

    def accepted_2fa_methods(self) -> frozenset[str]:
        """The second factors that satisfy the policy on a brand account."""
        if self.allowed_2fa_methods is not None:
            return frozenset(self.allowed_2fa_methods)
        return frozenset({"app", "hardware_key", *(["sms"] if self.sms_2fa_allowed else [])})


class ConfidentialTerm(Strict):
    term: str
    until: dt.date | None = None  # confidential until this date (e.g. publication of results)
    note: str | None = None


class Clause(Strict):
    """A numbered clause of the policy document."""

    id: str
    number: str
    title: Localized
    text: Localized = Field(default_factory=dict)
    section: str | None = None


class AppliesTo(Strict):
    """Which posts a rule applies to; an empty list means all."""

    accounts: list[Literal["brand", "personal"]] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    platforms: list[str] = Field(default_factory=list)

    def matches(self, account: str, role: str | None, platform: str) -> bool:
        return (
            (not self.accounts or account in self.accounts)
            and (not self.roles or (role or "") in self.roles)
            and (not self.platforms or platform in self.platforms)
        )


class Rule(Strict):
    """A rule: one detector kind with its params, a severity and the clause it enforces."""

    id: str
    detector: str
    params: dict[str, Any] = Field(default_factory=dict)
    severity: Severity
    clause: str
    message: Localized = Field(default_factory=dict)  # overrides the detector's message
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    allow_exceptions: bool = True
    enabled: bool = True
    description: Localized = Field(default_factory=dict)
    _checked_params: Any = PrivateAttr(default=None)  # `params` as its detector's `Params`, validated when loaded

    @property
    def detector_params(self) -> BaseModel:
        """`params` as the detector's `Params` model: validated once, when the policy is loaded."""
        return self._checked_params


class Allow(Strict):
    """A policy-level allow-list entry: a match that is never a finding (for one rule or all)."""

    text: str
    rule: str | None = None


class Policy(Strict):
    """A whole social media policy, after packs are merged in."""

    version: str = "1"
    effective: dt.date | None = None
    organisation: OrganisationProfile = Field(default_factory=OrganisationProfile)
    spokespeople: list[Spokesperson] = Field(default_factory=list)
    brand_accounts: list[BrandAccount] = Field(default_factory=list)
    teams: list[PolicyTeam] = Field(default_factory=list)
    personal_accounts: PersonalAccounts = Field(default_factory=PersonalAccounts)
    confidential_terms: list[ConfidentialTerm] = Field(default_factory=list)
    saved_replies: list[SavedReply] = Field(default_factory=list)
    listening: Listening = Field(default_factory=Listening)
    security: Security = Field(default_factory=Security)
    packs: list[str] = Field(default_factory=list)
    clauses: list[Clause] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    allow: list[Allow] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)  # sections owned by later layers (escalation, ...)

    _source: str = PrivateAttr(default="<built-in>")
    _compiled: Any = PrivateAttr(default=None)  # the engine's `CompiledPolicy`, made on first use

    @field_validator("confidential_terms", mode="before")
    @classmethod
    def _terms_from_strings(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"term": v} if isinstance(v, str) else v for v in value]
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> "Policy":
        clause_ids = {c.id for c in self.clauses}
        for i, rule in enumerate(self.rules):
            if rule.clause not in clause_ids:
                raise ValueError(f"rules[{i}].clause: unknown clause {rule.clause!r}")
        return self

    @model_validator(mode="after")
    def _listening_references_resolve(self) -> "Policy":
        known_teams = {t.id for t in self.teams} | set(get_args(TeamKind))
        for where, team in self.listening.team_references():
            if team not in known_teams:
                raise ValueError(f"{where}: unknown team {team!r} (not a team id of the policy nor a team kind)")
        for where, topic in self.listening.unknown_topics():
            raise ValueError(f"{where}: unknown topic {topic!r}; topics: {', '.join(sorted(self.listening.topics))}")
        return self

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def source(self) -> str:
        return self._source

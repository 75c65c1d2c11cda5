"""The policy's `listening` section: where mentions come from, the topics read in them, the escalation
matrix, and the crisis settings.

Every field has a default from `listening.yaml` beside this file (EN and PL topic phrases, a matrix that
sends security reports, legal threats, crises, complaints and questions to the right team, a crisis
checklist and holding statement), so a policy without the section still has a working inbox. Topics merge
by name (a policy adds a topic or replaces one; `name: {}` removes it); the matrix and crisis settings
replace the defaults as a whole. Team references name a team id of the policy or a team kind.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..yamlfile import load_yaml

DEFAULTS = resources.files("socialguard.policy") / "listening.yaml"
Priority = Literal["urgent", "high", "normal", "low"]
SentimentLabel = Literal["negative", "neutral", "positive"]
TopicPhrases = dict[str, list[str]]  # language -> phrases (textmatch syntax: `stem*`, `=exact`)


@cache
def defaults() -> dict[str, Any]:
    return load_yaml(DEFAULTS.read_text("utf-8"), "listening.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MastodonSource(_Strict):
    instance: str
    hashtags: list[str] = Field(default_factory=list)
    queries: list[str] = Field(default_factory=list)  # a lone `#tag` is read from the tag timeline
    notifications: bool = False  # mentions of the token's account (the brand account)
    token_env: str | None = None  # the environment variable holding an access token (search needs one)

    @field_validator("queries")
    @classmethod
    def _searchable(cls, queries: list[str]) -> list[str]:
        for query in queries:
            if len(query.split()) == 1 and "@" in query:
                raise ValueError(f"Mastodon search skips a single @account query ({query!r}): "
                                 "set notifications: true to read the brand account's mentions")
        return queries


class BlueskySource(_Strict):
    """Search and the brand account's mentions, read through the account's PDS with an app password."""

    identifier: str | None = None  # the brand account's handle or DID
    app_password_env: str | None = None  # the environment variable holding an app password
    service: str = "https://bsky.social"  # the account's PDS
    queries: list[str] = Field(default_factory=list)
    notifications: bool = False  # mentions of and replies to the account
    lang: str | None = None


class FileSource(_Strict):
    path: str
    source: str = "import"  # the platform the export comes from, when its rows do not say
    fields: dict[str, str] = Field(default_factory=dict)  # field -> dotted path in a row


class Sources(_Strict):
    rss: list[str] = Field(default_factory=list)
    mastodon: list[MastodonSource] = Field(default_factory=list)
    bluesky: list[BlueskySource] = Field(default_factory=list)
    files: list[FileSource] = Field(default_factory=list)
    interval_minutes: int = Field(default=5, ge=1)


class Condition(_Strict):
    """When a matrix rule applies; every given condition must hold (an empty one always holds)."""

    topics: list[str] = Field(default_factory=list)  # any of these topics
    sentiment: list[SentimentLabel] = Field(default_factory=list)  # any of these labels
    min_reach: int | None = Field(default=None, ge=0)  # author followers at least
    offensive: bool | None = None  # True: offensive score at or above `offensive_threshold`
    lang: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)  # rss, mastodon, bluesky, or an import's platform

    @field_validator("sentiment", "topics", "lang", "sources", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Level(_Strict):
    """Who answers, how urgently, within how long, and who takes over when that time is missed."""

    team: str
    priority: Priority = "normal"
    sla_minutes: int = Field(ge=1)
    next_level: "Level | None" = None


class EscalationRule(Level):
    when: Condition = Field(default_factory=Condition)


class Crisis(_Strict):
    """Spike alerts on negative mentions, and what opening a crisis incident brings."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    window_hours: int = Field(default=24, ge=1)
    baseline_days: int = Field(default=7, ge=2)
    k: float = Field(default=3.0, gt=0)  # 3: about one false alert a month on pure noise; 2: about four
    min_count: int = Field(default=10, ge=1)  # negative mentions above the expected count before any alert
    team: str = "crisis_response"
    checklist: list[dict[str, str]] = Field(default_factory=lambda: list(defaults()["crisis"]["checklist"]))
    holding_statement: dict[str, str] = Field(default_factory=lambda: dict(defaults()["crisis"]["holding_statement"]))


class Listening(_Strict):
    model_config = ConfigDict(extra="forbid", validate_default=True)  # the defaults come from YAML: validate them
    sources: Sources = Field(default_factory=Sources)
    topics: dict[str, TopicPhrases] = Field(default_factory=lambda: dict(defaults()["topics"]))
    question_mark_topic: str | None = Field(default_factory=lambda: defaults()["question_mark_topic"])
    offensive_threshold: float = Field(default=0.5, ge=0, le=1)
    escalation: list[EscalationRule] = Field(default_factory=lambda: list(defaults()["escalation"]))
    fallback: Level = Field(default_factory=lambda: Level.model_validate(defaults()["fallback"]))
    crisis: Crisis = Field(default_factory=Crisis)

    @field_validator("topics", mode="after")
    @classmethod
    def _merge_default_topics(cls, topics: dict[str, TopicPhrases]) -> dict[str, TopicPhrases]:
        merged = {**defaults()["topics"], **topics}
        return {name: phrases for name, phrases in merged.items() if phrases}

    def team_references(self) -> list[tuple[str, str]]:
        """(where, team) for every team the section names, for the policy to check."""
        found = [("listening.crisis.team", self.crisis.team)]
        levels: list[tuple[str, Level | None]] = [("listening.fallback", self.fallback)]
        levels += [(f"listening.escalation[{i}]", rule) for i, rule in enumerate(self.escalation)]
        for where, level in levels:
            while level is not None:
                found.append((f"{where}.team", level.team))
                where, level = f"{where}.next_level", level.next_level
        return found

    def unknown_topics(self) -> list[tuple[str, str]]:
        """(where, topic) for matrix conditions naming a topic the section does not define."""
        found = [(f"listening.escalation[{i}].when.topics", topic) for i, rule in enumerate(self.escalation)
                 for topic in rule.when.topics if topic not in self.topics]
        if self.question_mark_topic is not None and self.question_mark_topic not in self.topics:
            found.append(("listening.question_mark_topic", self.question_mark_topic))
        return found

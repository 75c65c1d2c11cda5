"""The vocabulary of the core: what goes into a check (`Post`) and what comes out (`Finding`, `Verdict`).

Pure data, no I/O. Every interface (CLI, web, inbox, bulk scans) builds a `Post` and reads a `Verdict`.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Severity(str, Enum):
    """How bad a finding is; ordered info < warn < review < block."""

    info = "info"
    warn = "warn"
    review = "review"
    block = "block"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __str__(self) -> str:  # pages and messages show the value, as JSON does
        return self.value


_SEVERITY_RANK = {Severity.info: 0, Severity.warn: 1, Severity.review: 2, Severity.block: 3}


class Outcome(str, Enum):
    """The verdict of a post: the outcome of its worst (unsuppressed) finding."""

    ok = "ok"
    ok_with_warnings = "ok_with_warnings"
    needs_approval = "needs_approval"
    blocked = "blocked"

    @property
    def rank(self) -> int:
        """ok < ok_with_warnings < needs_approval < blocked."""
        return _OUTCOME_RANK[self]

    def __str__(self) -> str:
        return self.value


_OUTCOME_RANK = {Outcome.ok: 0, Outcome.ok_with_warnings: 1, Outcome.needs_approval: 2, Outcome.blocked: 3}

OUTCOME_OF_SEVERITY = {
    None: Outcome.ok,
    Severity.info: Outcome.ok_with_warnings,
    Severity.warn: Outcome.ok_with_warnings,
    Severity.review: Outcome.needs_approval,
    Severity.block: Outcome.blocked,
}

AccountKind = Literal["brand", "personal"]
MAX_TEXT_CHARS = 100_000  # far above any platform's limit; longer input is an error, not a post
# The networks the compose form and the API offer for a post; "generic" applies no network's own limits.
PLATFORMS = ["x", "linkedin", "facebook", "instagram", "threads", "tiktok", "youtube", "mastodon", "bluesky", "generic"]
_URL = re.compile(r"""(?:https?://|www\.)[^\s<>"'()\[\]{}]+""", re.IGNORECASE)


class Media(BaseModel):
    """An attached image, video or document, with what accessibility and attribution need."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["image", "video", "audio", "document", "other"] = "image"
    alt: str | None = None
    credit: str | None = None
    source: str | None = None
    own: bool = False  # made by the organisation itself: needs no credit


class PostException(BaseModel):
    """A per-post exception to one rule; it needs a reason, which the finding records."""

    model_config = ConfigDict(extra="forbid")
    rule: str
    reason: str = Field(min_length=3)
    approved_by: str | None = None


class Post(BaseModel):
    """A post (or reply) to be checked, with the context that changes how it is judged."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_TEXT_CHARS)
    links: list[str] = Field(default_factory=list)
    media: list[Media] = Field(default_factory=list)
    account: AccountKind = "personal"
    account_handle: str | None = None
    platform: str = "generic"
    author: str | None = None
    role: str | None = None
    lang: str | None = None  # None or "auto": detected
    in_reply_to: str | None = None  # the post it answers, by its id on the network (an at:// URI, a status URI)
    in_reply_to_topic: str | None = None  # e.g. "complaint" when answering a customer complaint
    exceptions: list[PostException] = Field(default_factory=list)

    @field_validator("platform", "role", "account_handle")
    @classmethod
    def _lower(cls, value: str | None) -> str | None:
        return value.strip().lower() if isinstance(value, str) else value

    def all_links(self) -> list[str]:
        """Explicit links plus the ones written in the text, without duplicates, in order."""
        found = [m.group(0).rstrip(".,;:!?") for m in _URL.finditer(self.text)]
        return list(dict.fromkeys([*self.links, *found]))


class Fix(BaseModel):
    """A concrete remedy: what to do, and the whole post text with it applied; `private_message`, when the
    remedy is to move something out of a public post: the text to send in a private message instead."""

    description: str
    text: str
    private_message: str | None = None


class ClauseRef(BaseModel):
    """The policy clause a finding enforces, in the post's language."""

    id: str
    number: str
    title: str


class Finding(BaseModel):
    """One problem in a post, explained: which rule, where, how bad, which clause, and the fix."""

    detector: str
    rule: str
    entity: str | None = None
    label: str | None = None
    start: int
    end: int
    match: str
    severity: Severity
    score: float = 1.0
    clause: ClauseRef | None = None
    message: str
    fix: Fix | None = None
    suppressed: str | None = None  # the recorded reason when a per-post exception applies


class Verdict(BaseModel):
    """The result of checking one post under one policy version."""

    outcome: Outcome
    lang: str
    policy_version: str
    findings: list[Finding]

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    def as_dict(self) -> dict[str, Any]:
        """The verdict as JSON data: how it is stored (see `stored_verdict`)."""
        return self.model_dump(mode="json")

    def record(self, item_id: Any) -> dict[str, Any]:
        """`{"id", "verdict", "lang", "policy_version", "findings"}`: one checked post as `socialguard check`
        writes it and `POST /api/check` answers it."""
        data = self.as_dict()
        return {"id": item_id, "verdict": data.pop("outcome"), **data}


def stored_verdict(data: Mapping[str, Any] | None) -> Verdict | None:
    """The `Verdict` kept as `as_dict()` data; None when nothing was stored (a post never checked)."""
    return Verdict.model_validate(data) if data else None

"""The API's request and response bodies (pydantic models via ninja `Schema`); unknown fields are refused.

`CheckResult` has the shape of one record of `socialguard check --format json`: the caller's `id`, the
`verdict` (outcome), the language, the policy version and the findings.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Field, Path, Schema
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, ConfigDict, StrictBool

from socialguard.model import PLATFORMS, Finding, Media, Outcome

MAX_CHARS = settings.SOCIALGUARD_MAX_POST_CHARS
Platform = Literal[tuple(PLATFORMS)]
NO_NUL = r"^[^\x00]*$"  # stored texts: PostgreSQL cannot hold the NUL character
PostId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The post's id.")]


def text_only(value: Any) -> Any:
    if not isinstance(value, str | dt.datetime):
        raise ValueError("expected an ISO 8601 date and time as text")
    return value


def in_utc_range(value: dt.datetime) -> dt.datetime:
    try:
        return value.astimezone(dt.timezone.utc)
    except OverflowError:
        raise ValueError("out of range: in UTC it falls before year 1 or after year 9999") from None


# RFC 3339 text with its offset (as the schema's `date-time` says), never a bare number; stored in UTC.
Timestamp = Annotated[AwareDatetime, BeforeValidator(text_only), AfterValidator(in_utc_range)]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class CheckIn(Strict):
    id: Any = Field(None, description="Anything; given back as `id` in the result.")
    text: str = Field(..., max_length=MAX_CHARS)
    links: list[str] = Field(default_factory=list, max_length=100)
    media: list[Media] = Field(default_factory=list, max_length=20)
    account: Literal["brand", "personal"] = "personal"
    account_handle: str | None = Field(None, max_length=120)
    platform: str = Field("generic", max_length=40)
    lang: str | None = Field(None, max_length=8, description="en, pl, or empty to detect")
    in_reply_to_topic: str | None = Field(None, max_length=60)


class CheckResult(Schema):
    id: Any = None
    verdict: Outcome
    lang: str
    policy_version: str
    findings: list[Finding]


class DraftIn(Strict):
    text: str = Field(..., min_length=1, max_length=MAX_CHARS, pattern=NO_NUL)
    account: Literal["brand", "personal"] = "personal"
    account_handle: str = Field("", max_length=120, pattern=NO_NUL,
                                description="A brand account of the policy (brand only).")
    platform: Platform = Field("generic", description="Personal posts only; a brand account fixes it.")
    scheduled_at: Timestamp | None = None
    submit: StrictBool = Field(False, description="Submit at once (the state then follows the verdict).")


class DraftOut(Schema):
    id: int
    state: str
    outcome: str
    account: str
    account_handle: str
    platform: str
    text: str
    scheduled_at: dt.datetime | None
    policy_version: int | None
    findings: list[dict[str, Any]]
    author: str
    updated_at: dt.datetime
    url: str


class ApprovalOut(Schema):
    id: int
    author: str
    account: str
    platform: str
    text: str
    outcome: str
    step: str
    round: int
    updated_at: dt.datetime
    url: str


class DecisionIn(Strict):
    decision: Literal["approve", "reject", "changes"]
    note: str = Field("", max_length=2000, pattern=NO_NUL, description="Required to reject or request changes.")


class MentionItemResult(Schema):
    position: str  # mentions[3], [3] or body
    status: Literal["stored", "duplicate", "rejected"]
    error: str | None = None  # why a rejected item was refused (it is kept for inspection)


class MentionsResult(Schema):
    received: int  # items in the body: stored + duplicates + rejected
    stored: int
    duplicates: int
    rejected: int
    errors: list[str]  # `position: error` of the first 50 rejected items
    items: list[MentionItemResult]


class RejectedItemOut(Schema):
    id: int
    channel: str  # webhook:<token name>, api:<token name>, or the source's connector
    position: str  # mentions[3], export.jsonl:12, id <external id>
    reason: str
    payload: str  # the item as it came, as ASCII JSON text, at most 20,000 characters
    received_at: dt.datetime


class ErrorOut(Schema):
    error: str

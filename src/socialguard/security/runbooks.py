"""Incident runbooks and the incidents run with them. Pure: no I/O except reading the built-in runbooks.

A runbook is a checklist as data (`runbooks/<id>.yaml`: account compromise, data leak, PR crisis,
ransomware/phishing): steps with EN/PL text, the kind of team that owns each, a deadline in hours from
the start, and whether a step applies only when personal data is involved (the DPO's 72-hour
notification). A policy replaces a runbook's title or steps, or adds runbooks, under `security.runbooks`.

An `Incident` is a small state machine over a runbook: started (who, when, with or without personal
data), each step done or skipped by someone at a time with a note, personal data found to be involved
later (which brings in its steps), then closed with a summary once no step is pending. Every transition
returns a new `Incident` and appends to its event log; invalid ones raise `IncidentError`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..policy.schema import Localized, Policy, RunbookStep, TeamKind
from ..yamlfile import load_yaml

RUNBOOKS = resources.files(__package__) / "runbooks"
StepStatus = Literal["pending", "done", "skipped", "not_applicable"]
EventKind = Literal["started", "personal_data", "done", "skipped", "closed"]
MAX_NOTE_CHARS = 4000


class Runbook(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: Localized
    summary: Localized = Field(default_factory=dict)
    steps: list[RunbookStep] = Field(min_length=1)


class RunbookError(ValueError):
    """A runbook in the policy that cannot be used (e.g. a new one without steps)."""


class IncidentError(ValueError):
    """A transition the incident cannot make, with a message for the person who tried it."""


@cache
def builtin_runbooks() -> dict[str, Runbook]:
    """The runbooks shipped with socialguard, by id."""
    found = {}
    for path in sorted(RUNBOOKS.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".yaml"):
            runbook = Runbook.model_validate(load_yaml(path.read_text(encoding="utf-8"), path.name))
            found[runbook.id] = runbook
    return found


def runbooks_for(policy: Policy) -> dict[str, Runbook]:
    """The built-in runbooks with the policy's replacements and additions applied."""
    merged = dict(builtin_runbooks())
    for runbook_id, override in policy.security.runbooks.items():
        base = merged.get(runbook_id)
        if base is None:
            if not override.title or not override.steps:
                raise RunbookError(f"security.runbooks.{runbook_id}: a new runbook needs a title and steps")
            merged[runbook_id] = Runbook(id=runbook_id, title=override.title, steps=override.steps)
        else:
            merged[runbook_id] = base.model_copy(
                update={"title": override.title or base.title, "steps": override.steps or base.steps}
            )
    return merged


class StepRecord(BaseModel):
    """A runbook step as it stands in one incident."""

    model_config = ConfigDict(extra="forbid")
    id: str
    text: Localized
    owner: TeamKind
    deadline_hours: int | None = None
    when: Literal["always", "personal_data"] = "always"
    status: StepStatus = "pending"
    by: str | None = None
    at: dt.datetime | None = None
    note: str = ""


class IncidentEvent(BaseModel):
    """One entry of an incident's log."""

    model_config = ConfigDict(extra="forbid")
    kind: EventKind
    by: str
    at: dt.datetime
    step: str | None = None
    note: str = ""


def _aware(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        raise IncidentError("timestamps need a time zone")
    return at


class Incident(BaseModel):
    """One incident handled with a runbook: who started it, each step's state, the log, and the closing."""

    model_config = ConfigDict(extra="forbid")
    runbook_id: str
    runbook_title: Localized
    title: str = Field(min_length=1, max_length=300)
    started_by: str
    started_at: dt.datetime
    personal_data: bool = False
    policy_version: str | None = None
    steps: list[StepRecord]
    events: list[IncidentEvent] = Field(default_factory=list)
    closed_by: str | None = None
    closed_at: dt.datetime | None = None
    summary: str = ""

    @field_validator("started_at")
    @classmethod
    def _started_aware(cls, value: dt.datetime) -> dt.datetime:
        return _aware(value)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def state(self) -> str:
        return "closed" if self.is_closed else "open"

    @property
    def active_steps(self) -> list[StepRecord]:
        """The steps that apply to this incident (not those waiting for personal data to be involved)."""
        return [s for s in self.steps if s.status != "not_applicable"]

    @property
    def pending(self) -> list[StepRecord]:
        return [s for s in self.steps if s.status == "pending"]

    def step(self, step_id: str) -> StepRecord:
        found = next((s for s in self.steps if s.id == step_id), None)
        if found is None:
            raise IncidentError(f"no step {step_id!r} in runbook {self.runbook_id!r}")
        return found

    def due(self, step: StepRecord) -> dt.datetime | None:
        return self.started_at + dt.timedelta(hours=step.deadline_hours) if step.deadline_hours else None

    def overdue(self, now: dt.datetime) -> list[StepRecord]:
        """Pending steps whose deadline has passed at `now`."""
        return [s for s in self.pending if (due := self.due(s)) is not None and due < now]

    # transitions

    def complete(self, step_id: str, by: str, at: dt.datetime, note: str = "") -> "Incident":
        """Mark a pending step done."""
        return self._finish_step(step_id, "done", by, at, note)

    def skip(self, step_id: str, by: str, at: dt.datetime, note: str) -> "Incident":
        """Skip a pending step; the note (why) is required."""
        if not note.strip():
            raise IncidentError(f"step {step_id!r}: say why it is skipped")
        return self._finish_step(step_id, "skipped", by, at, note)

    def involve_personal_data(self, by: str, at: dt.datetime, note: str = "") -> "Incident":
        """Record that personal data is involved: the steps for that case (the DPO's) become pending."""
        self._check_open(by, at)
        if self.personal_data:
            raise IncidentError("personal data is already recorded as involved")
        steps = [s.model_copy(update={"status": "pending"}) if s.status == "not_applicable" else s for s in self.steps]
        return self._with_event(IncidentEvent(kind="personal_data", by=by, at=at, note=_note(note)), steps=steps,
                                personal_data=True)

    def close(self, by: str, at: dt.datetime, summary: str) -> "Incident":
        """Close the incident; every applicable step must be done or skipped first."""
        self._check_open(by, at)
        if self.pending:
            raise IncidentError(
                "cannot close: steps still pending: " + ", ".join(s.id for s in self.pending)
            )
        if not summary.strip():
            raise IncidentError("closing needs a summary of what happened and what changes")
        return self._with_event(
            IncidentEvent(kind="closed", by=by, at=at, note=_note(summary)),
            closed_by=by, closed_at=at, summary=_note(summary),
        )

    def _finish_step(self, step_id: str, status: StepStatus, by: str, at: dt.datetime, note: str) -> "Incident":
        self._check_open(by, at)
        current = self.step(step_id)
        if current.status == "not_applicable":
            raise IncidentError(f"step {step_id!r} applies only when personal data is involved")
        if current.status != "pending":
            raise IncidentError(f"step {step_id!r} is already {current.status} (by {current.by})")
        updated = current.model_copy(update={"status": status, "by": by, "at": at, "note": _note(note)})
        steps = [updated if s.id == step_id else s for s in self.steps]
        return self._with_event(IncidentEvent(kind=status, by=by, at=at, step=step_id, note=_note(note)), steps=steps)

    def _check_open(self, by: str, at: dt.datetime) -> None:
        if self.is_closed:
            raise IncidentError("the incident is closed")
        if not by.strip():
            raise IncidentError("say who does it")
        if _aware(at) < self.started_at:
            raise IncidentError("a step cannot happen before the incident started")

    def _with_event(self, event: IncidentEvent, **changes: object) -> "Incident":
        return self.model_copy(update={**changes, "events": [*self.events, event]})


def _note(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_NOTE_CHARS:
        raise IncidentError(f"a note is limited to {MAX_NOTE_CHARS} characters")
    return text


def start_incident(
    runbook: Runbook,
    title: str,
    by: str,
    at: dt.datetime,
    personal_data: bool = False,
    policy_version: str | None = None,
) -> Incident:
    """A new incident following `runbook`; steps for personal data wait until it is involved."""
    if not title.strip():
        raise IncidentError("an incident needs a title")
    if not by.strip():
        raise IncidentError("say who starts the incident")
    steps = [
        StepRecord(
            **step.model_dump(),
            status="pending" if personal_data or step.when == "always" else "not_applicable",
        )
        for step in runbook.steps
    ]
    return Incident(
        runbook_id=runbook.id,
        runbook_title=runbook.title,
        title=title.strip(),
        started_by=by,
        started_at=_aware(at),
        personal_data=personal_data,
        policy_version=policy_version,
        steps=steps,
        events=[IncidentEvent(kind="started", by=by, at=at)],
    )

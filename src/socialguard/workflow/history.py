"""A post's history and its reviewers' notes, for the pages that show them.

The history is every state change (`Transition`), every step sign-off (`Decision`, of every round) and every
request for an exception, in the order they happened. The reviewers' notes are what the author has to act on:
the notes of the decisions that sent the post back (changes requested) or ended it (rejected) in its latest
round, or, for a copy of a rejected post, the notes that rejected the original.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .models import Decision, PostDraft

SENT_BACK = (Decision.Kind.REJECT, Decision.Kind.CHANGES)


@dataclass(frozen=True)
class Entry:
    """One line of the history: when, who, what kind of thing (`transition`, `decision`, `exception_request`),
    and the row."""

    at: dt.datetime
    actor: str
    kind: str
    row: Any


def history(post: PostDraft) -> list[Entry]:
    entries = [Entry(t.at, t.actor, "transition", t) for t in post.transitions.all()]
    entries += [Entry(d.at, d.actor_name, "decision", d)
                for d in post.decisions.select_related("user", "step__team")]
    entries += [Entry(r.at, r.requested_by.get_username(), "exception_request", r)
                for r in post.exception_requests.select_related("requested_by", "answered_by")]
    order = {"decision": 0, "transition": 1, "exception_request": 2}  # a decision comes before the move it causes
    return sorted(entries, key=lambda e: (e.at, order[e.kind], e.row.pk))


def review_notes(post: PostDraft) -> list[Decision]:
    """The notes the author has to act on (see the module's docstring), oldest first."""
    source = post
    if not post.decisions.exists() and post.copied_from_id:
        source = post.copied_from
    if source is None or source.round == 0:
        return []
    return list(source.decisions.filter(round=source.round, kind__in=SENT_BACK).exclude(note="")
                .select_related("user", "step__team"))


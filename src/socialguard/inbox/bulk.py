"""Acting on many mentions at once (the inbox list's bulk assign, close and priority).

Each mention goes through the very action a single one does (`actions.assign`, `actions.change_status`,
`actions.set_priority`), in its own transaction, so the rules, the history and the audit trail are the same
and one mention that is refused does not stop the others. The result counts the mentions changed, those
that needed no change, and names each one that failed with the reason. Mentions are looked up inside the
given organisation only: another organisation's id fails as "not found", like an id that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from django.utils.translation import gettext as _

from . import actions
from .models import Mention, Status

LIMIT = 100  # mentions per request: two pages of the list


@dataclass
class Result:
    changed: int = 0
    unchanged: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (mention id, reason)


def close(user: Any) -> Callable[[Mention], bool]:
    def change(mention: Mention) -> bool:
        return actions.change_status(mention, user, Status.CLOSED).status != mention.status

    return change


def set_priority(user: Any, priority: str) -> Callable[[Mention], bool]:
    def change(mention: Mention) -> bool:
        return actions.set_priority(mention, user, priority).priority != mention.assignment.priority

    return change


def assign(user: Any, *, assignee: Any = None, team: str | None = None) -> Callable[[Mention], bool]:
    """To a person (`assignee`), or to a team (`team`, which releases the person, as the single action does)."""

    def change(mention: Mention) -> bool:
        before = (mention.assignment.assignee_id, mention.assignment.team)
        after = actions.assign(mention, user, assignee=assignee, team=team)
        return (after.assignee_id, after.team) != before

    return change


def apply(org: Any, ids: list[int], change: Callable[[Mention], bool]) -> Result:
    """Run `change` on each mention of `org` among `ids`, in the order given, each on its own."""
    found = {m.pk: m for m in Mention.objects.filter(org=org, pk__in=ids).select_related("assignment").defer("raw")}
    result = Result()
    for pk in ids:
        mention = found.get(pk)
        if mention is None:
            result.failed.append((pk, _("not found in this inbox")))
            continue
        try:
            if change(mention):
                result.changed += 1
            else:
                result.unchanged += 1
        except actions.InboxError as exc:
            result.failed.append((pk, str(exc)))
    return result

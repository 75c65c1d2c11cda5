"""What a reviewer's decision leads to: the confirmation that names the post and what happens next, and
approving many posts at once, each one on its own under the same rules as approving it alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import actions, routing
from .models import Decision, PostDraft, State

BULK_LIMIT = 100  # posts in one bulk approval: one page of the queue and more


def what_next(post: PostDraft, decision: Decision) -> str:
    """The confirmation after `decision` on `post` (read again from the database): what happened and what next."""
    post.refresh_from_db()
    number = {"pk": post.pk}
    if post.state == State.REJECTED:
        return _("Post %(pk)s rejected. Its author was told why and can copy it into a new draft.") % number
    if post.state == State.CHANGES_REQUESTED:
        return _("Changes requested on post %(pk)s. It went back to its author with your note.") % number
    if post.state == State.PENDING:
        step = routing.current_step(post)
        if step is not None and step.pk == decision.step_id:
            return _("Post %(pk)s: your approval is recorded. The step %(step)s still waits for its other "
                     "members.") % {**number, "step": step.label}
        return _("Post %(pk)s approved. It now waits for %(step)s.") % {**number, "step": step.label if step else ""}
    if post.scheduled_at:
        when = date_format(timezone.localtime(post.scheduled_at), "DATETIME_FORMAT")
        return _("Post %(pk)s approved: all steps are signed off. It is scheduled for %(time)s.") % {
            **number, "time": when}
    return _("Post %(pk)s approved: all steps are signed off. It can be published now.") % number


@dataclass(frozen=True)
class Result:
    """One post of a bulk approval: whether it was approved, and the confirmation or the reason it was not."""

    pk: int
    post: PostDraft | None
    approved: bool
    message: str


def approve_each(org: Any, user: Any, pks: list[int], note: str = "") -> list[Result]:
    """Approve each post as if approved alone (`actions.decide`); a post that cannot be approved by this user is
    reported with the reason, never skipped."""
    posts = PostDraft.objects.filter(org=org, pk__in=pks).in_bulk()
    results = []
    for pk in dict.fromkeys(pks):
        post = posts.get(pk)
        if post is None:
            results.append(Result(pk, None, False, _("There is no post %(pk)s in this organisation.") % {"pk": pk}))
            continue
        try:
            decision = actions.decide(post, Decision.Kind.APPROVE, note, user=user)
        except actions.WorkflowError as exc:
            results.append(Result(pk, post, False, str(exc)))
        else:
            results.append(Result(pk, post, True, what_next(post, decision)))
    return results

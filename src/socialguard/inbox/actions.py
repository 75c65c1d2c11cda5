"""What people do with a mention, and the rules each action enforces.

- `assign`: give the mention to a person and/or another team; a new mention taken by a person becomes assigned.
- `change_status`: new -> assigned -> replied -> closed, with reopening (replied or closed -> assigned); a
  status that is not a move the table allows is refused.
- `set_priority`: how urgent an open or replied mention is (the SLA timer keeps its due time); a closed one
  keeps its priority.
- `add_note`: an internal note.
- `reply`: the text is checked by the engine like any post (`workflow.checking.core_post`: a brand-account post
  on the mention's platform answering its topic, by the agent), with the same fields the workflow post gets if
  it needs approval, so both see one verdict. ok / ok_with_warnings: the reply is ready to send and
  the mention is replied. needs_approval: a workflow post with `in_reply_to_topic` is created and submitted
  through the workflow app (its own rules, approvers and notifications); the mention is replied once that
  post is approved (`settle_replies`). blocked: nothing is sent; the findings say why.
Every change is a `MentionEvent` (status, assignment) and an audit event.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.chain import SYSTEM, actor_label, record
from socialguard.model import Outcome, Post
from socialguard.orgs.models import Membership
from socialguard.orgs.policies import current_policy
from socialguard.workflow import actions as workflow
from socialguard.workflow.checking import brand_account, check_text, core_post
from socialguard.workflow.models import State as PostState

from . import mention as pure
from .models import Assignment, Mention, MentionEvent, Note, Priority, Reply, Status
from .replies import reply_platform

MAX_NOTE_CHARS = 4000
ALLOWED = {
    Status.NEW: {Status.ASSIGNED, Status.REPLIED, Status.CLOSED},
    Status.ASSIGNED: {Status.NEW, Status.REPLIED, Status.CLOSED},
    Status.REPLIED: {Status.ASSIGNED, Status.CLOSED},
    Status.CLOSED: {Status.ASSIGNED},
}
SENT_POST_STATES = {PostState.APPROVED, PostState.PUBLISHED}
FAILED_POST_STATES = {PostState.REJECTED, PostState.EXPIRED}


class InboxError(Exception):
    """An action the rules do not allow; the message is meant for the person who tried it."""


def assign(mention: Mention, user: Any, *, assignee: Any = None, team: str | None = None) -> Assignment:
    """Give the mention to `assignee` (a member of its organisation, or None to release it) and/or `team`."""
    actor = actor_label(user)
    with transaction.atomic():
        mention = _locked(mention)
        assignment = mention.assignment
        if assignee is not None and not Membership.objects.filter(org=mention.org, user=assignee).exists():
            raise InboxError(_("%(user)s is not a member of this organisation.") % {"user": assignee.get_username()})
        changes = []
        if team and team != assignment.team:
            changes.append(("team", assignment.team, team))
            assignment.team = team
            assignment.org_team = mention.org.teams.filter(kind=team).first()
        if assignee != assignment.assignee:
            before = assignment.assignee.get_username() if assignment.assignee else ""
            changes.append(("assignee", before, assignee.get_username() if assignee else ""))
            assignment.assignee = assignee
        if not changes:
            return assignment
        assignment.save()
        for field, before, after in changes:
            _event(mention, MentionEvent.Kind.ASSIGNMENT, before, after, actor, field)
            record(mention.org, "mention_assign", actor=actor, obj=mention, data={field: after, "previous": before})
        if assignee is not None and mention.status == Status.NEW:
            _move(mention, Status.ASSIGNED, actor)
        elif assignee is None and mention.status == Status.ASSIGNED:
            _move(mention, Status.NEW, actor, _("Released."))
    return assignment


def change_status(mention: Mention, user: Any, to: str, note: str = "") -> Mention:
    with transaction.atomic():
        mention = _locked(mention)
        if to not in Status.values:
            raise InboxError(_("Unknown status."))
        if to == mention.status:
            return mention
        if to not in ALLOWED[Status(mention.status)]:
            raise InboxError(_("A mention cannot go from %(from)s to %(to)s.")
                             % {"from": mention.get_status_display(), "to": Status(to).label})
        _move(mention, Status(to), actor_label(user), note.strip())
    return mention


def set_priority(mention: Mention, user: Any, priority: str) -> Assignment:
    """Change the mention's priority; its SLA due time stays as the matrix set it."""
    if priority not in Priority.values:
        raise InboxError(_("Unknown priority."))
    with transaction.atomic():
        mention = _locked(mention)
        assignment = mention.assignment
        if priority == assignment.priority:
            return assignment
        if mention.status == Status.CLOSED:
            raise InboxError(_("A closed mention keeps its priority; reopen it first."))
        before, assignment.priority = assignment.priority, priority
        assignment.save(update_fields=["priority"])
        actor = actor_label(user)
        _event(mention, MentionEvent.Kind.ASSIGNMENT, before, priority, actor, "priority")
        record(mention.org, "mention_priority", actor=actor, obj=mention, data={"priority": priority, "previous": before})
    return assignment


def add_note(mention: Mention, user: Any, text: str) -> Note:
    text = text.strip()
    if not text:
        raise InboxError(_("A note needs some text."))
    if len(text) > MAX_NOTE_CHARS:
        raise InboxError(_("A note can be at most %(limit)s characters long.") % {"limit": MAX_NOTE_CHARS})
    with transaction.atomic():
        note = Note.objects.create(mention=mention, author=user, text=text)
        record(mention.org, "mention_note", actor=actor_label(user), obj=mention, data={"note": note.pk,
                                                                                       "chars": len(text)})
    return note


def reply(mention: Mention, membership: Membership, text: str, saved_reply: str = "") -> Reply:
    """Check the reply with the engine and send it on: ready, through approval, or blocked (see the docstring)."""
    text = text.strip()
    if not text:
        raise InboxError(_("A reply needs some text."))
    if len(text) > settings.SOCIALGUARD_MAX_POST_CHARS:
        raise InboxError(_("The reply is %(length)s characters long; the limit is %(limit)s.")
                         % {"length": len(text), "limit": settings.SOCIALGUARD_MAX_POST_CHARS})
    account = brand_account(current_policy(mention.org)[1], platform=mention.source)
    topics = mention.topics or []
    post = core_post(text=text, account_kind="brand", account_handle=account.handle if account else "",
                     platform=reply_platform(mention.source), membership=membership,
                     in_reply_to_topic=topics[0] if topics else "")
    verdict = check_text(mention.org, post)
    user = membership.user
    actor = actor_label(user)
    with transaction.atomic():
        mention = _locked(mention)
        row = Reply(mention=mention, author=user, text=text, saved_reply=saved_reply[:120],
                    verdict=verdict.as_dict(), outcome=verdict.outcome.value)
        if verdict.outcome == Outcome.blocked:
            row.state = Reply.State.BLOCKED
        elif verdict.outcome == Outcome.needs_approval:
            row.post = _through_workflow(membership, post)
            row.state = _state_of_post(row.post)
        else:
            row.state = Reply.State.SENT
        row.save()
        record(mention.org, "mention_reply", actor=actor, obj=mention, data={
            "reply": row.pk, "outcome": row.outcome, "state": row.state, "post": row.post_id,
            "saved_reply": row.saved_reply, "policy_version": verdict.policy_version})
        if row.state == Reply.State.SENT and mention.status != Status.REPLIED:
            _move(mention, Status.REPLIED, actor, _("Reply ready to send."))
    return row


def settle_replies(org: Any = None) -> int:
    """Replies waiting for approval whose workflow post was decided: approved (the mention is replied) or
    rejected/expired. Returns how many were settled."""
    pending = Reply.objects.filter(state=Reply.State.PENDING, post__state__in=SENT_POST_STATES | FAILED_POST_STATES)
    if org is not None:
        pending = pending.filter(mention__org=org)
    settled = 0
    for row in pending.select_related("post", "mention"):
        with transaction.atomic():
            mention = _locked(row.mention)
            approved = row.post.state in SENT_POST_STATES
            row.state = Reply.State.SENT if approved else Reply.State.REJECTED
            row.save(update_fields=["state"])
            record(mention.org, "mention_reply_settled", actor=SYSTEM, obj=mention,
                   data={"reply": row.pk, "post": row.post_id, "post_state": row.post.state})
            if approved and mention.status in (Status.NEW, Status.ASSIGNED):
                _move(mention, Status.REPLIED, SYSTEM, _("Reply approved (post %(post)s).") % {"post": row.post_id})
            settled += 1
    return settled


def as_pure(mention: Mention) -> pure.Mention:
    """The stored mention as the pure value the suggestion and check functions take."""
    understanding = pure.Understanding(mention.lang or "unknown", mention.sentiment, mention.sentiment_label,
                                       mention.offensive, tuple(mention.topics))
    return pure.Mention(source=mention.source, external_id=mention.external_id, text=mention.text,
                        url=mention.url or None, author=mention.author or None, author_followers=mention.reach,
                        lang=mention.lang or None, created_at=mention.created_at, understanding=understanding)


def _through_workflow(membership: Membership, reply_post: Post):
    """The reply as a workflow post with the very fields it was checked with, submitted for approval."""
    post = workflow.create_draft(membership, text=reply_post.text, account_kind="brand",
                                 account_handle=reply_post.account_handle or "", platform=reply_post.platform,
                                 in_reply_to_topic=reply_post.in_reply_to_topic or "")
    workflow.submit(post, membership.user)
    post.refresh_from_db()
    return post


def _state_of_post(post) -> str:
    """The reply's state from its workflow post right after submitting (the workflow re-checks the text)."""
    if post.state in SENT_POST_STATES:
        return Reply.State.SENT
    return Reply.State.BLOCKED if post.state == PostState.DRAFT else Reply.State.PENDING


def _locked(mention: Mention) -> Mention:
    return Mention.objects.select_for_update(of=("self",)).select_related("org", "assignment").get(pk=mention.pk)


def _move(mention: Mention, to: Status, actor: str, note: str = "") -> None:
    _event(mention, MentionEvent.Kind.STATUS, mention.status, to, actor, note)
    record(mention.org, "mention_status", actor=actor, obj=mention, data={"from": mention.status, "to": str(to),
                                                                          "note": note})
    mention.status = to
    mention.save(update_fields=["status"])


def _event(mention: Mention, kind: str, before: str, after: str, actor: str, note: str = "") -> None:
    MentionEvent.objects.create(mention=mention, kind=kind, before=before, after=after, actor=actor, note=note,
                                at=timezone.now())

"""What people do with a mention, and the rules each action enforces.

- `assign`: give the mention to a person and/or another team; a new mention taken by a person becomes assigned.
- `change_status`: new -> assigned -> replied -> closed, with reopening (replied or closed -> assigned); a
  status that is not a move the table allows is refused.
- `set_priority`: how urgent an open or replied mention is (the SLA timer keeps its due time); a closed one
  keeps its priority.
- `add_note`: an internal note.
- `reply`: every reply becomes a workflow post on the brand account the mention came to
  (`sending.sending_connection`), answering the mention (`reply_to`, `in_reply_to_topic`), built by
  `workflow.checking.core_post` and judged once (`workflow.actions.create_draft`, then `submit_as_checked`).
  ok / ok_with_warnings: approved at once, so the outbox sends it now; needs_approval: it waits in the approval
  queue and is sent when approved; blocked: it stays a draft with its findings. The mention is replied only
  when the network accepted the reply (`reply_sent`, the outbox's `on_sent` handler), never before.
- `retry_reply`: a reply that failed (network down, credential revoked, not connected) is sent again.
Every change is a `MentionEvent` (status, assignment) and an audit event.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.chain import SYSTEM, actor_label, record
from socialguard.orgs import roles
from socialguard.orgs.models import Membership
from socialguard.orgs.policies import current_policy
from socialguard.outbox import scheduling
from socialguard.outbox.models import Delivery
from socialguard.workflow import actions as workflow
from socialguard.workflow.checking import brand_account

from . import mention as pure
from .models import Assignment, Mention, MentionEvent, Note, Priority, Reply, Status
from .replies import reply_platform
from .sending import progress, sending_connection

MAX_NOTE_CHARS = 4000
ALLOWED = {
    Status.NEW: {Status.ASSIGNED, Status.REPLIED, Status.CLOSED},
    Status.ASSIGNED: {Status.NEW, Status.REPLIED, Status.CLOSED},
    Status.REPLIED: {Status.ASSIGNED, Status.CLOSED},
    Status.CLOSED: {Status.ASSIGNED},
}


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
    """Make the reply a workflow post, judge it once and send it on: approved (sent now), waiting for approval,
    or blocked (see the docstring)."""
    text = text.strip()
    if not text:
        raise InboxError(_("A reply needs some text."))
    if len(text) > settings.SOCIALGUARD_MAX_POST_CHARS:
        raise InboxError(_("The reply is %(length)s characters long; the limit is %(limit)s.")
                         % {"length": len(text), "limit": settings.SOCIALGUARD_MAX_POST_CHARS})
    connection = sending_connection(mention)
    account = brand_account(current_policy(mention.org)[1], platform=mention.source)
    handle = connection.account_handle if connection else (account.handle if account else "")
    topics = mention.topics or []
    user = membership.user
    with transaction.atomic():
        mention = _locked(mention)
        post = workflow.create_draft(membership, text=text, account_kind="brand", account_handle=handle,
                                     platform=reply_platform(mention.source), reply_to=mention.external_id,
                                     in_reply_to_topic=topics[0] if topics else "")
        row = Reply.objects.create(mention=mention, author=user, text=text, saved_reply=saved_reply[:120],
                                   verdict=post.verdict, outcome=post.outcome, post=post)
        workflow.submit_as_checked(post, user)  # approved: the outbox schedules it through `reply_targets`
        row.post.refresh_from_db()
        record(mention.org, "mention_reply", actor=actor_label(user), obj=mention, data={
            "reply": row.pk, "outcome": row.outcome, "post": post.pk, "post_state": row.post.state,
            "account": handle, "saved_reply": row.saved_reply,
            "policy_version": post.policy_version.number if post.policy_version else None})
    return row


def retry_reply(row: Reply, membership: Membership) -> None:
    """Send a failed reply again: its failed delivery once more through the same connection, or, when that
    connection was revoked or none was there, through the account connected now. Only the reply's author or
    an approver may."""
    found = progress(row)
    if not found.retryable:
        raise InboxError(_("Only a reply that failed can be sent again."))
    try:
        if found.delivery is not None and found.delivery.connection.active:
            scheduling.retry(found.delivery, membership)
            return
        if row.post.author_id != membership.user_id and not membership.can(roles.APPROVE):
            raise InboxError(_("Only the author or an approver can retry or reschedule this post."))
        if not scheduling.schedule(row.post, actor=actor_label(membership.user)):
            raise InboxError(_("Still no account can send it: %(cause)s") % {"cause": found.cause})
    except scheduling.OutboxError as exc:
        raise InboxError(str(exc)) from None


def reply_sent(delivery: Delivery) -> None:
    """The outbox's `on_sent` handler: the network accepted a reply, so its open mention is replied now."""
    for row in Reply.objects.filter(post_id=delivery.post_id).select_related("mention"):
        mention = _locked(row.mention)
        record(mention.org, "mention_reply_sent", actor=SYSTEM, obj=mention, data={
            "reply": row.pk, "post": delivery.post_id, "delivery": delivery.pk, "remote_id": delivery.remote_id,
            "url": delivery.url, "network": delivery.connection.network, "handle": delivery.connection.handle})
        if mention.status in (Status.NEW, Status.ASSIGNED):
            _move(mention, Status.REPLIED, SYSTEM, _("The reply went out on %(network)s: %(url)s")
                  % {"network": delivery.connection.get_network_display(), "url": delivery.url or delivery.remote_id})


def as_pure(mention: Mention) -> pure.Mention:
    """The stored mention as the pure value the suggestion and check functions take."""
    understanding = pure.Understanding(mention.lang or "unknown", mention.sentiment, mention.sentiment_label,
                                       mention.offensive, tuple(mention.topics))
    return pure.Mention(source=mention.source, external_id=mention.external_id, text=mention.text,
                        url=mention.url or None, author=mention.author or None, author_followers=mention.reach,
                        lang=mention.lang or None, created_at=mention.created_at, understanding=understanding)


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

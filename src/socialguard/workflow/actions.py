"""What people do with a post, and the rules each action enforces.

- `submit`: the core checks the post; its state follows the verdict. ok / ok_with_warnings -> approved,
  unless a workflow applies to the account; needs_approval -> pending through the matching (else default)
  workflow; blocked -> stays a draft with its findings until fixed or excepted. A post with a recorded
  exception always needs a second person, so it is at least needs_approval. `submit_as_checked` submits a
  draft just made with the verdict it was made with (an inbox reply is judged once).
- `decide`: approve, reject (with a note) or request changes (with a note) on the step now due; nobody
  decides on their own post; Any/All sign-off per step; the last completed step approves the post.
- `edit`: the author, or an approver changing only the time; the post is re-checked. A pending or approved
  post whose text, account or verdict changed starts a new round of the workflow (approved -> pending) and
  loses its exceptions (granted for the old text); a new time alone keeps its state (a `reschedule` audit
  event and `signals.rescheduled`, so the outbox moves its deliveries). A reply (`reply_to`) keeps its account
  and network.
- `expire_overdue`: posts not approved by their scheduled time expire.
- `copy_to_draft`: the author starts again from a rejected or expired post: a new draft with its text.
- `publish` marks an approved post published by hand (an account with no connection); `published_everywhere`
  is the outbox saying it went out through every connection.
Every state change is a `Transition`, an audit event and a `signals.state_changed` (the outbox schedules an
approved post and withdraws the deliveries of one that leaves approved); decisions, findings and exceptions
are audited too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.chain import SYSTEM, actor_label, record
from socialguard.model import Outcome, Verdict, stored_verdict
from socialguard.orgs import roles
from socialguard.orgs.models import Membership
from socialguard.orgs.policies import current_policy

from . import routing
from .checking import check_draft
from .media import Attachment, attach, media_changed
from .models import Decision, OutsideInvite, PostDraft, State, Transition
from .notify import notify, post_url
from .outside import link_for
from .signals import rescheduled, state_changed

SUBMITTABLE = {State.DRAFT, State.CHANGES_REQUESTED}
EDITABLE = {State.DRAFT, State.CHANGES_REQUESTED, State.PENDING, State.APPROVED}
EXPIRABLE = {State.DRAFT, State.PENDING, State.CHANGES_REQUESTED}
COPYABLE = {State.REJECTED, State.EXPIRED}
ALLOWED = {
    State.DRAFT: {State.PENDING, State.APPROVED, State.EXPIRED},
    State.CHANGES_REQUESTED: {State.PENDING, State.APPROVED, State.EXPIRED},
    State.PENDING: {State.PENDING, State.APPROVED, State.REJECTED, State.CHANGES_REQUESTED, State.EXPIRED, State.DRAFT},
    State.APPROVED: {State.PENDING, State.PUBLISHED, State.DRAFT},
    State.REJECTED: set(),
    State.EXPIRED: set(),
    State.PUBLISHED: set(),
}
OK_OUTCOMES = {Outcome.ok.value, Outcome.ok_with_warnings.value}


class WorkflowError(Exception):
    """An action that the rules do not allow; the message is meant for the person who tried it."""


def create_draft(
    membership: Membership, *, text: str, account_kind: str, account_handle: str, platform: str,
    scheduled_at: dt.datetime | None = None, in_reply_to_topic: str = "", reply_to: str = "",
    media: Sequence[Attachment] = (),
) -> PostDraft:
    draft = PostDraft(
        org=membership.org, author=membership.user, account_kind=account_kind, account_handle=account_handle,
        platform=platform, text=text, scheduled_at=scheduled_at, in_reply_to_topic=in_reply_to_topic,
        reply_to=reply_to,
    )
    if not media:
        check_draft(draft)
        draft.save()
        return draft
    with transaction.atomic():
        draft.save()
        attach(draft, media)
        check_draft(draft)
        draft.save()
    return draft


def submit(post: PostDraft, user: Any) -> Verdict:
    """Check and submit the author's draft; returns the verdict (blocked: the post stays a draft)."""
    with transaction.atomic():
        post = _submittable(post, user)
        verdict = check_draft(post)
        _submit(post, verdict, actor_label(user))
    return verdict


def submit_as_checked(post: PostDraft, user: Any) -> Verdict:
    """Submit a draft `create_draft` has just made, with the verdict it was made with, so the text is judged
    once (an inbox reply). A draft checked under an older policy version is checked again."""
    with transaction.atomic():
        post = _submittable(post, user)
        verdict = stored_verdict(post.verdict)
        if verdict is None or post.policy_version_id != current_policy(post.org)[0].pk:
            verdict = check_draft(post)
        _submit(post, verdict, actor_label(user))
    return verdict


def _submittable(post: PostDraft, user: Any) -> PostDraft:
    post = _locked(post)
    if post.author_id != user.pk:
        raise WorkflowError(_("Only the author can submit this post."))
    if post.state not in SUBMITTABLE:
        raise WorkflowError(_("A post that is %(state)s cannot be submitted.") % {"state": post.get_state_display()})
    return post


def _submit(post: PostDraft, verdict: Verdict, actor: str) -> None:
    record(post.org, "submit", actor=actor, obj=post, data=_summary(post))
    _record_findings(post, verdict, actor)
    if verdict.outcome == Outcome.blocked:
        post.save()
    else:
        _route(post, actor, restart=False)


def edit(
    post: PostDraft, user: Any, *, text: str, account_kind: str, account_handle: str, platform: str,
    scheduled_at: dt.datetime | None, media: Sequence[Attachment] | None = None,
) -> Verdict:
    """Change a post: its author anything (`media`: its images from now on; None keeps them), an approver only
    its time (rescheduling). The post is checked again; a pending or approved post whose text, account, images
    or verdict changed goes (back) through the workflow, while a new time alone keeps its state, its round and
    its exceptions (granted for the same text)."""
    with transaction.atomic():
        post = _locked(post)
        same_content = (text, account_kind, account_handle, platform) == (
            post.text, post.account_kind, post.account_handle, post.platform) and not (
            media is not None and media_changed(post, media))
        if post.author_id != user.pk and not (same_content and _may_approve(post, user)):
            raise WorkflowError(_("Only the author can edit this post."))
        if post.state not in EDITABLE:
            raise WorkflowError(_("A post that is %(state)s cannot be edited.") % {"state": post.get_state_display()})
        if post.reply_to and (account_kind, account_handle.lower(), platform) != (
                post.account_kind, post.account_handle.lower(), post.platform):
            raise WorkflowError(_("A reply stays on the account and network of the post it answers."))
        before, moved = stored_verdict(post.verdict), scheduled_at != post.scheduled_at
        post.text, post.account_kind, post.account_handle = text, account_kind, account_handle
        post.platform, post.scheduled_at = platform, scheduled_at
        if not same_content:
            post.exceptions = []
        if media is not None:
            attach(post, media)
        verdict = check_draft(post)
        if post.state in SUBMITTABLE:
            post.save()
            return verdict
        actor = actor_label(user)
        if same_content and _same_check(before, verdict):
            post.save()
            if moved:
                record(post.org, "reschedule", actor=actor, obj=post,
                       data={"scheduled_at": scheduled_at.isoformat() if scheduled_at else None})
                rescheduled.send(PostDraft, post=post, actor=actor)  # the outbox moves its deliveries
            return verdict
        record(post.org, "edit", actor=actor, obj=post, data=_summary(post))
        _record_findings(post, verdict, actor)
        if verdict.outcome == Outcome.blocked:
            _move(post, State.DRAFT, actor, _("Edited; the new text is blocked by findings."))
        else:
            _route(post, actor, restart=True)
    return verdict


def decide(
    post: PostDraft, kind: str, note: str = "", *, user: Any = None, invite: OutsideInvite | None = None
) -> Decision:
    """Record one sign-off decision (by a user or an invited outside approver) on the step now due."""
    with transaction.atomic():
        post = _locked(post)
        if post.state != State.PENDING:
            raise WorkflowError(_("Only a pending post can be decided on."))
        step = routing.current_step(post)
        if step is None:
            raise WorkflowError(_("This post has no approval step waiting."))
        if kind not in Decision.Kind.values:
            raise WorkflowError(_("Unknown decision."))
        if kind != Decision.Kind.APPROVE and not note.strip():
            raise WorkflowError(_("Please say why in a note."))
        decision = Decision(post=post, round=post.round, step=step, kind=kind, note=note.strip())
        if invite is not None:
            _check_outside(post, step, invite)
            decision.outside_email, actor = invite.email, actor_label(outside_email=invite.email)
        else:
            _check_member(post, step, user)
            decision.user, actor = user, actor_label(user)
        decision.save()
        record(post.org, _DECISION_EVENT[kind], actor=actor, obj=post,
               data={"step": step.order, "round": post.round, "note": decision.note})
        _after_decision(post, step, decision, actor)
    return decision


def publish(post: PostDraft, membership: Membership) -> None:
    with transaction.atomic():
        post = _locked(post)
        if post.state != State.APPROVED:
            raise WorkflowError(_("Only an approved post can be published."))
        if post.author_id != membership.user_id and not membership.can(roles.PUBLISH):
            raise WorkflowError(_("Only the author or a publisher can publish this post."))
        actor = actor_label(membership.user)
        record(post.org, "publish", actor=actor, obj=post, data=_summary(post))
        _move(post, State.PUBLISHED, actor)


def published_everywhere(post: PostDraft, note: str) -> None:
    """The outbox sent an approved post to every account it goes to: it is published (by the system)."""
    with transaction.atomic():
        post = _locked(post)
        if post.state == State.APPROVED:
            _move(post, State.PUBLISHED, SYSTEM, note)


def grant_exception(post: PostDraft, user: Any, rule_id: str, reason: str) -> Verdict:
    """Record a per-post exception to one rule (never by the author), then re-check the post."""
    with transaction.atomic():
        post = _locked(post)
        if post.author_id == user.pk:
            raise WorkflowError(_("You cannot grant an exception for your own post."))
        if post.state not in SUBMITTABLE:
            raise WorkflowError(_("Exceptions can only be added to a draft."))
        if len(reason.strip()) < 3:
            raise WorkflowError(_("An exception needs a reason."))
        policy = current_policy(post.org)[1]
        rule = policy.rule(rule_id)
        stored = stored_verdict(post.verdict)
        found = {f.rule for f in stored.active} if stored else set()
        if rule is None or rule_id not in found:
            raise WorkflowError(_("This post has no finding of rule %(rule)s.") % {"rule": rule_id})
        if not rule.allow_exceptions:
            raise WorkflowError(_("The policy allows no exceptions to rule %(rule)s.") % {"rule": rule_id})
        post.exceptions = [e for e in post.exceptions if e["rule"] != rule_id] + [
            {"rule": rule_id, "reason": reason.strip(), "approved_by": user.get_username()}
        ]
        verdict = check_draft(post)
        post.save()
        record(post.org, "exception", actor=actor_label(user), obj=post,
               data={"rule": rule_id, "reason": reason.strip()})
    return verdict


def invite_outside(post: PostDraft, user: Any, email: str) -> OutsideInvite:
    """Ask an outside approver to sign off the step now due; they get an e-mail with a signed link."""
    with transaction.atomic():
        post = _locked(post)
        if post.state != State.PENDING:
            raise WorkflowError(_("Only a pending post can be sent to an outside approver."))
        if post.author_id == user.pk:
            raise WorkflowError(_("You cannot choose the approver of your own post."))
        step = routing.current_step(post)
        invite, created = OutsideInvite.objects.get_or_create(
            post=post, round=post.round, step=step, email=email.strip().lower(), defaults={"invited_by": user}
        )
        record(post.org, "outside_invite", actor=actor_label(user), obj=post,
               data={"email": invite.email, "step": step.order, "round": post.round})
        body = _("%(who)s asks you to review a post:\n\n%(text)s\n\n"
                 "Approve or reject it here (the link expires): %(link)s")
        notify(post, _("Please review a post for %(org)s") % {"org": post.org.name},
               body % {"who": user.get_username(), "text": post.text, "link": link_for(invite)}, [invite.email])
    return invite


def copy_to_draft(post: PostDraft, membership: Membership) -> PostDraft:
    """A new draft of the author's rejected or expired post, with its text and account, linked back to it."""
    if post.author_id != membership.user_id:
        raise WorkflowError(_("Only the author can copy this post."))
    if post.state not in COPYABLE:
        raise WorkflowError(_("A post that is %(state)s cannot be copied.") % {"state": post.get_state_display()})
    with transaction.atomic():
        copy = create_draft(membership, text=post.text, account_kind=post.account_kind,
                            account_handle=post.account_handle, platform=post.platform,
                            in_reply_to_topic=post.in_reply_to_topic)
        copy.copied_from = post
        copy.save(update_fields=["copied_from"])
        record(post.org, "copy", actor=actor_label(membership.user), obj=copy, data={"from": post.pk})
    return copy


def expire_overdue(now: dt.datetime | None = None) -> int:
    """Expire every post not approved by its scheduled time; returns how many expired."""
    now = now or timezone.now()
    overdue = PostDraft.objects.filter(state__in=EXPIRABLE, scheduled_at__lte=now).values_list("pk", flat=True)
    count = 0
    for pk in list(overdue):
        with transaction.atomic():
            post = PostDraft.objects.select_for_update(of=("self",)).select_related("org", "author").get(pk=pk)
            if post.state in EXPIRABLE and post.scheduled_at and post.scheduled_at <= now:
                _move(post, State.EXPIRED, SYSTEM, _("Not approved by its scheduled time."))
                _tell_author(post, _("Your post expired before it was approved"))
                count += 1
    return count


_DECISION_EVENT = {Decision.Kind.APPROVE: "approval", Decision.Kind.REJECT: "rejection",
                   Decision.Kind.CHANGES: "changes_requested"}


def _may_approve(post: PostDraft, user: Any) -> bool:
    membership = Membership.objects.filter(org=post.org, user=user).first()
    return bool(membership and membership.can(roles.APPROVE))


def _same_check(before: Verdict | None, after: Verdict) -> bool:
    """Whether a new check of a post found what the last one did (same outcome, same active findings)."""
    def found(verdict: Verdict) -> list[tuple]:
        return sorted((f.rule, f.start, f.end, f.severity.value) for f in verdict.active)

    return before is not None and before.outcome == after.outcome and found(before) == found(after)


def _locked(post: PostDraft) -> PostDraft:
    locked = PostDraft.objects.select_for_update(of=("self",))  # "self": the nullable workflow join can't be locked
    return locked.select_related("org", "author", "workflow").get(pk=post.pk)


def _route(post: PostDraft, actor: str, *, restart: bool) -> None:
    """Send a checked post on: approved directly, or into (a new round of) a workflow."""
    outcome = post.outcome
    if post.exceptions and outcome in OK_OUTCOMES:
        outcome = Outcome.needs_approval.value
    workflow = routing.matching_workflow(post.org, post.account_handle, outcome)
    if workflow is None and outcome in OK_OUTCOMES and not restart:
        post.workflow = None
        _move(post, State.APPROVED, actor, _("No approval needed: %(outcome)s.") % {"outcome": outcome})
        return
    post.workflow = workflow or routing.default_workflow(post.org)
    post.step_index, post.round = 0, post.round + 1
    _move(post, State.PENDING, actor, _("Waiting for: %(step)s.") % {"step": routing.current_step(post).assignee})
    _tell_approvers(post)


def _check_member(post: PostDraft, step, user: Any) -> None:
    if user is None or post.author_id == user.pk:
        raise WorkflowError(_("You cannot approve your own post."))
    if Decision.objects.filter(post=post, round=post.round, step=step, user=user).exists():
        raise WorkflowError(_("You have already decided on this step."))
    if not routing.can_sign(user, post, step):
        raise WorkflowError(_("This step is assigned to %(who)s.") % {"who": step.assignee})


def _check_outside(post: PostDraft, step, invite: OutsideInvite) -> None:
    if invite.post_id != post.pk or invite.round != post.round or invite.step_id != step.pk:
        raise WorkflowError(_("This link is for an earlier version of the post."))
    if Decision.objects.filter(post=post, round=post.round, step=step, outside_email=invite.email).exists():
        raise WorkflowError(_("You have already decided on this post."))


def _after_decision(post: PostDraft, step, decision: Decision, actor: str) -> None:
    if decision.kind == Decision.Kind.REJECT:
        _move(post, State.REJECTED, actor, decision.note)
        _tell_author(post, _("Your post was rejected"), decision.note)
    elif decision.kind == Decision.Kind.CHANGES:
        _move(post, State.CHANGES_REQUESTED, actor, decision.note)
        _tell_author(post, _("Changes were requested to your post"), decision.note)
    elif routing.step_complete(post, step):
        if post.step_index + 1 >= len(routing.steps_of(post)):
            _move(post, State.APPROVED, actor, _("All steps signed off."))
            _tell_author(post, _("Your post was approved"))
        else:
            post.step_index += 1
            post.save(update_fields=["step_index", "updated_at"])
            _tell_approvers(post)


def _move(post: PostDraft, to: State, actor: str, note: str = "") -> None:
    if to not in ALLOWED[State(post.state)]:
        raise WorkflowError(_("A post cannot go from %(from)s to %(to)s.") % {"from": post.state, "to": to})
    before = post.state
    Transition.objects.create(post=post, from_state=before, to_state=to, actor=actor, note=note)
    record(post.org, "state_change", actor=actor, obj=post, data={"from": before, "to": str(to), "note": note})
    post.state = to
    post.save()
    state_changed.send(PostDraft, post=post, from_state=before, to_state=to, actor=actor)  # the outbox follows


def _record_findings(post: PostDraft, verdict: Verdict, actor: str) -> None:
    for finding in verdict.active:
        record(post.org, "finding", actor=actor, obj=post, data={
            "rule": finding.rule, "detector": finding.detector, "severity": finding.severity.value,
            "clause": finding.clause.number if finding.clause else None, "start": finding.start, "end": finding.end,
            "policy_version": post.policy_version.number if post.policy_version else None,
        })


def _summary(post: PostDraft) -> dict[str, Any]:
    return {
        "outcome": post.outcome, "account": post.account_handle or post.account_kind, "platform": post.platform,
        "policy_version": post.policy_version.number if post.policy_version else None, "text": post.text,
    }


def _tell_approvers(post: PostDraft) -> None:
    step = routing.current_step(post)
    emails = list(routing.eligible_users(step, post).values_list("email", flat=True))
    notify(post, _("A post is waiting for your approval"),
           _("A post by %(author)s on %(account)s waits for %(step)s: %(url)s")
           % {"author": post.author.get_username(), "account": post.account_label, "step": step.assignee,
              "url": post_url(post)}, emails)


def _tell_author(post: PostDraft, subject: str, note: str = "") -> None:
    text = f"{subject}: {post_url(post)}" + (f"\n\n{note}" if note else "")
    notify(post, subject, text, [post.author.email])

"""An author asks for an exception to one rule that blocks their draft; someone who may grant exceptions grants
it (through `actions.grant_exception`, the one way an exception is recorded) or refuses it with a note.

Asking needs: the author, a draft (or a post sent back for changes), an active finding of that rule, a rule the
policy allows exceptions to, a reason, and no open request for the same rule. Asking, granting and refusing are
audit events (`exception_request`, `exception`, `exception_refused`); the people who can answer, and then the
author, are told by e-mail.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.chain import actor_label, record
from socialguard.model import stored_verdict
from socialguard.orgs import roles
from socialguard.orgs.policies import current_policy

from . import actions
from .models import ExceptionRequest, PostDraft
from .notify import notify, post_url

MIN_REASON = 3


def exceptable_rules(post: PostDraft) -> list[str]:
    """The rules of the post's active findings that the current policy allows exceptions to."""
    stored = stored_verdict(post.verdict)
    if stored is None:
        return []
    policy = current_policy(post.org)[1]
    return list(dict.fromkeys(f.rule for f in stored.active if (rule := policy.rule(f.rule)) and rule.allow_exceptions))


def ask(post: PostDraft, user: Any, rule_id: str, reason: str) -> ExceptionRequest:
    """The author asks for an exception to `rule_id` on their post."""
    with transaction.atomic():
        post = PostDraft.objects.select_for_update(of=("self",)).select_related("org").get(pk=post.pk)
        if post.author_id != user.pk:
            raise actions.WorkflowError(_("Only the author can ask for an exception for this post."))
        if post.state not in actions.SUBMITTABLE:
            raise actions.WorkflowError(_("Exceptions can only be added to a draft."))
        if len(reason.strip()) < MIN_REASON:
            raise actions.WorkflowError(_("An exception needs a reason."))
        if rule_id not in exceptable_rules(post):
            raise actions.WorkflowError(
                _("No exception can be asked for rule %(rule)s on this post: it has no such finding, or the policy "
                  "allows no exceptions to it.") % {"rule": rule_id})
        if post.exception_requests.filter(rule=rule_id, answer=ExceptionRequest.Answer.OPEN).exists():
            raise actions.WorkflowError(_("You have already asked for an exception to rule %(rule)s.")
                                        % {"rule": rule_id})
        asked = ExceptionRequest.objects.create(post=post, rule=rule_id, reason=reason.strip(), requested_by=user)
        record(post.org, "exception_request", actor=actor_label(user), obj=post,
               data={"rule": rule_id, "reason": asked.reason})
    notify(post, _("An exception is asked for a post"),
           _("%(author)s asks for an exception to rule %(rule)s: %(reason)s\n\n%(url)s")
           % {"author": user.get_username(), "rule": rule_id, "reason": asked.reason, "url": post_url(post)},
           _granters(post))
    return asked


def answer(asked: ExceptionRequest, user: Any, *, grant: bool, note: str = "") -> ExceptionRequest:
    """Grant (the exception is recorded and the post checked again) or refuse (with a note) an open request."""
    with transaction.atomic():
        asked = ExceptionRequest.objects.select_for_update(of=("self",)).select_related("post__org").get(pk=asked.pk)
        if asked.answer != ExceptionRequest.Answer.OPEN:
            raise actions.WorkflowError(_("This request has already been answered."))
        post = asked.post
        if grant:
            actions.grant_exception(post, user, asked.rule, asked.reason)
        else:
            if post.author_id == user.pk:
                raise actions.WorkflowError(_("You cannot answer a request for your own post."))
            if not note.strip():
                raise actions.WorkflowError(_("Please say why in a note."))
            record(post.org, "exception_refused", actor=actor_label(user), obj=post,
                   data={"rule": asked.rule, "note": note.strip()})
        asked.answer = ExceptionRequest.Answer.GRANTED if grant else ExceptionRequest.Answer.REFUSED
        asked.answered_by, asked.answer_note, asked.answered_at = user, note.strip(), timezone.now()
        asked.save()
    subject = _("Your exception was granted") if grant else _("Your exception was refused")
    notify(post, subject, f"{subject} ({asked.rule}): {post_url(post)}" + (f"\n\n{asked.answer_note}"
                                                                          if asked.answer_note else ""),
           [post.author.email])
    return asked


def _granters(post: PostDraft) -> list[str]:
    members = post.org.memberships.filter(role__in=[r for r in roles.ROLES if roles.allows(r, roles.GRANT_EXCEPTION)], user__is_active=True)
    return [email for email in members.exclude(user=post.author).values_list("user__email", flat=True) if email]

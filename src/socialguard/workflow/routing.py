"""Which workflow a post goes through, who may sign off each step, and when a step is complete.

- A workflow applies when its account handle (empty: any) and its outcomes (empty: any) match the post;
  the first active one by position wins, handle-specific ones before general ones.
- A post that needs approval but matches none goes through the organisation's default workflow
  (one step: any approver), created on first use.
- Eligible for a step: members of its team, or members of the organisation with its role, never the author,
  and never someone who already signed off an earlier step of the same round (each step is a different person).
- Any: one approval completes the step. All: every eligible member and every invited outside approver approved.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from socialguard.model import Outcome
from socialguard.orgs import roles
from socialguard.orgs.models import Organisation

from .models import Decision, OutsideInvite, PostDraft, SignOff, Workflow, WorkflowStep

DEFAULT_WORKFLOW_NAME = "Default approval"


def matching_workflow(org: Organisation, account_handle: str, outcome: str) -> Workflow | None:
    candidates = [w for w in org.workflows.filter(active=True) if w.applies_to(account_handle, outcome)]
    candidates.sort(key=lambda w: (not w.account_handle, w.position, w.pk))
    return next((w for w in candidates if w.steps.filter(active=True).exists()), None)


def default_workflow(org: Organisation) -> Workflow:
    workflow, created = Workflow.objects.get_or_create(
        org=org, name=DEFAULT_WORKFLOW_NAME,
        defaults={"outcomes": [Outcome.needs_approval.value], "position": 1000},
    )
    if created or not workflow.steps.filter(active=True).exists():
        WorkflowStep.objects.get_or_create(
            workflow=workflow, order=1, defaults={"role": roles.APPROVER, "sign_off": SignOff.ANY}
        )
    return workflow


def steps_of(post: PostDraft) -> list[WorkflowStep]:
    return list(post.workflow.steps.filter(active=True).select_related("team").order_by("order")) if post.workflow else []


def current_step(post: PostDraft) -> WorkflowStep | None:
    steps = steps_of(post)
    return steps[post.step_index] if post.step_index < len(steps) else None


def assigned_users(step: WorkflowStep, org: Organisation) -> QuerySet:
    """Members of the organisation the step is assigned to (its team, or everyone with its role there).

    The organisation and the role are conditions on one and the same membership (one `filter` call), so a
    role held in another organisation never counts here.
    """
    users = get_user_model().objects.filter(is_active=True)
    if step.team_id:
        return users.filter(memberships__org=org, teams=step.team)
    return users.filter(memberships__org=org, memberships__role=step.role)


def eligible_users(step: WorkflowStep, post: PostDraft) -> QuerySet:
    earlier = Decision.objects.filter(post=post, round=post.round, kind=Decision.Kind.APPROVE).exclude(step=step)
    return (
        assigned_users(step, post.org)
        .exclude(pk=post.author_id)
        .exclude(pk__in=earlier.exclude(user=None).values("user_id"))
        .distinct()
    )


def can_sign(user: Any, post: PostDraft, step: WorkflowStep) -> bool:
    return eligible_users(step, post).filter(pk=user.pk).exists()


def step_complete(post: PostDraft, step: WorkflowStep) -> bool:
    approvals = Decision.objects.filter(post=post, round=post.round, step=step, kind=Decision.Kind.APPROVE)
    if not approvals.exists():
        return False
    if step.sign_off == SignOff.ANY:
        return True
    approved_users = set(approvals.exclude(user=None).values_list("user_id", flat=True))
    approved_emails = {e.lower() for e in approvals.exclude(outside_email="").values_list("outside_email", flat=True)}
    required_users = set(eligible_users(step, post).values_list("pk", flat=True))
    invites = OutsideInvite.objects.filter(post=post, round=post.round, step=step)
    invited = {e.lower() for e in invites.values_list("email", flat=True)}
    return required_users <= approved_users and invited <= approved_emails

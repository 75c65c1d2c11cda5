"""Approvals through the API: the pending posts whose current step you may sign off, and deciding one
(approve, reject with a note, request changes with a note) with the workflow's own rules: nobody decides on
their own post, the step must be assigned to you, each step needs a different person."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja import Field as NinjaField

from socialguard.orgs import roles
from socialguard.workflow import actions, queue
from socialguard.workflow.models import PostDraft, WorkflowStep

from .audit import api_call
from .auth import grant
from .drafts import ERRORS, draft_out
from .schemas import ApprovalOut, DecisionIn, DraftOut, PostId
from .tokens import APPROVALS

router = Router(tags=["approvals"])


class Page(Schema):
    limit: int = NinjaField(20, ge=1, le=100)
    offset: int = NinjaField(0, ge=0, le=1_000_000_000)  # past what any list holds; larger ones overflow SQL


@router.get("/approvals", response={200: list[ApprovalOut], **ERRORS})
def waiting(request: HttpRequest, page: Query[Page]):
    """Pending posts whose current step you can sign off now, oldest first."""
    grant(request, APPROVALS, roles.APPROVE)
    waiting = queue.waiting_for(request.membership).select_related("author").order_by("updated_at", "pk")
    posts = list(waiting[page.offset:page.offset + page.limit])
    steps = WorkflowStep.objects.select_related("team").in_bulk({post.due for post in posts})
    return [_approval_out(post, steps[post.due]) for post in posts]


@router.post("/approvals/{post_id}", response={200: DraftOut, **ERRORS})
def decide(request: HttpRequest, post_id: PostId, body: DecisionIn):
    """Approve, reject (note required) or request changes (note required) on the step now due."""
    grant(request, APPROVALS, roles.APPROVE)
    post = get_object_or_404(PostDraft, org=request.org, pk=post_id)
    actions.decide(post, body.decision, body.note, user=request.user)
    post.refresh_from_db()
    api_call(request, "approvals.decide", post, decision=body.decision)
    return draft_out(post)


def _approval_out(post: PostDraft, step) -> dict:
    return {
        "id": post.pk, "author": post.author.get_username(), "account": post.account_label,
        "platform": post.platform, "text": post.text, "outcome": post.outcome, "step": step.assignee,
        "round": post.round, "updated_at": post.updated_at, "url": reverse("workflow:detail", args=[post.pk]),
    }

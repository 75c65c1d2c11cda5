"""Drafts through the API: create one (and submit it at once if asked), read one, submit one.

The same workflow actions as the pages (`workflow.actions`), so the state follows the verdict and every step is
audited; each call is also an `api_call` audit event naming the token. A brand post must name a brand account
of the policy, whose platform it takes; a person sees their own posts, or any with the queue permission.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Status

from socialguard.orgs import roles
from socialguard.orgs.policies import current_policy
from socialguard.workflow import actions
from socialguard.workflow.checking import brand_account, findings_of
from socialguard.workflow.models import PostDraft

from .audit import api_call
from .auth import grant
from .errors import ApiError
from .schemas import DraftIn, DraftOut, ErrorOut, PostId
from .tokens import DRAFTS

router = Router(tags=["drafts"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut,
          503: ErrorOut}


@router.post("/drafts", response={201: DraftOut, **ERRORS})
def create(request: HttpRequest, body: DraftIn):
    """Create a draft (checked at once); with `submit: true` also submit it."""
    grant(request, DRAFTS, roles.COMPOSE)
    kind, handle, platform = _target(request, body)
    post = actions.create_draft(request.membership, text=body.text, account_kind=kind, account_handle=handle,
                                platform=platform, scheduled_at=body.scheduled_at)
    if body.submit:
        actions.submit(post, request.user)
        post.refresh_from_db()
    api_call(request, "drafts.create", post, submitted=body.submit)
    return Status(201, draft_out(post))


@router.get("/drafts/{post_id}", response={200: DraftOut, **ERRORS})
def read(request: HttpRequest, post_id: PostId):
    """One post: your own, or anyone's if your role sees the queues."""
    grant(request, DRAFTS, roles.COMPOSE)
    post = get_object_or_404(PostDraft.objects.select_related("author", "policy_version"), org=request.org,
                             pk=post_id)
    if post.author_id != request.user.pk and not request.membership.can(roles.VIEW_QUEUE):
        raise ApiError(404, "not found in your organisation")
    return draft_out(post)


@router.post("/drafts/{post_id}/submit", response={200: DraftOut, **ERRORS})
def submit(request: HttpRequest, post_id: PostId):
    """Submit your draft: the state follows the verdict (approved, pending, or still a draft when blocked)."""
    grant(request, DRAFTS, roles.COMPOSE)
    post = get_object_or_404(PostDraft, org=request.org, pk=post_id, author=request.user)
    actions.submit(post, request.user)
    post.refresh_from_db()
    api_call(request, "drafts.submit", post)
    return draft_out(post)


def draft_out(post: PostDraft) -> dict:
    return {
        "id": post.pk, "state": post.state, "outcome": post.outcome, "account": post.account_kind,
        "account_handle": post.account_handle, "platform": post.platform, "text": post.text,
        "scheduled_at": post.scheduled_at,
        "policy_version": post.policy_version.number if post.policy_version else None,
        "findings": [f.model_dump(mode="json") for f in findings_of(post.verdict)], "author": post.author.get_username(),
        "updated_at": post.updated_at, "url": reverse("workflow:detail", args=[post.pk]),
    }


def _target(request: HttpRequest, body: DraftIn) -> tuple[str, str, str]:
    if body.account == "personal":
        return "personal", "", body.platform
    policy = current_policy(request.org)[1]
    account = brand_account(policy, handle=body.account_handle)
    if account is None:  # like an id: a reference to something the organisation does not have
        known = ", ".join(a.handle for a in policy.brand_accounts) or "none"
        raise ApiError(404, f"account_handle: not a brand account of the policy (known: {known})")
    return "brand", account.handle, account.platform

"""The approvals queue as database queries: which posts each tab holds, the step each pending post waits at,
and the filters, search and sort a reviewer applies.

"Waiting for me" asks the database what `routing` decides one post at a time: a pending post whose due step
(the `step_index`-th active step of its workflow, by order) is assigned to one of my teams or to my role, that
I did not write, and on which I have not decided in this round (each step of a round needs a different person).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from socialguard.orgs.models import Membership

from .models import Decision, PostDraft, State, WorkflowStep

WAITING = "waiting"
TAB_STATES = {"pending": State.PENDING, "rejected": State.REJECTED, "expired": State.EXPIRED}
TABS = (WAITING, *TAB_STATES)
SORTS = {
    "oldest": (F("updated_at").asc(), F("pk").asc()),
    "newest": (F("updated_at").desc(), F("pk").desc()),
    "scheduled": (F("scheduled_at").asc(nulls_last=True), F("pk").asc()),
}
DEFAULT_SORT = "oldest"
PERSONAL = "personal"  # the account filter's value for posts on personal accounts


def due_step() -> Subquery:
    """The id of the step a post waits at: the active step of its workflow with `step_index` active steps
    before it."""
    earlier = (WorkflowStep.objects.filter(workflow=OuterRef("workflow"), active=True, order__lt=OuterRef("order"))
               .order_by().values("workflow").annotate(n=Count("pk")).values("n"))
    steps = (WorkflowStep.objects.filter(workflow=OuterRef("workflow"), active=True)
             .annotate(rank=Coalesce(Subquery(earlier), 0)).filter(rank=OuterRef("step_index")))
    return Subquery(steps.values("pk")[:1])


def waiting_for(membership: Membership) -> QuerySet:
    """Pending posts the member can sign off now (the same people `routing.can_sign` lets decide)."""
    user, org = membership.user, membership.org
    assigned = WorkflowStep.objects.filter(active=True, workflow__org=org).filter(
        Q(team__members=user, team__org=org) | Q(team=None, role=membership.role))
    decided = Decision.objects.filter(post=OuterRef("pk"), round=OuterRef("round"), user=user)
    return (PostDraft.objects.filter(org=org, state=State.PENDING).exclude(author=user)
            .annotate(due=due_step()).filter(due__in=assigned.values("pk")).exclude(Exists(decided)))


def tab_posts(membership: Membership, tab: str) -> QuerySet:
    """The posts of one tab of the queue (`TABS`), each annotated with `due`, the step it waits at."""
    if tab == WAITING:
        return waiting_for(membership)
    return PostDraft.objects.filter(org=membership.org, state=TAB_STATES[tab]).annotate(due=due_step())


def apply_filters(posts: QuerySet, filters: dict[str, Any]) -> QuerySet:
    """Narrow `posts` by the cleaned filters (`forms.QueueFilterForm`) and order them."""
    if filters.get("q"):
        posts = posts.filter(text__icontains=filters["q"])
    account = filters.get("account")
    if account == PERSONAL:
        posts = posts.filter(account_kind=PERSONAL)
    elif account:
        posts = posts.filter(account_handle__iexact=account)
    if filters.get("author"):
        posts = posts.filter(author__username=filters["author"])
    if filters.get("outcome"):
        posts = posts.filter(outcome=filters["outcome"])
    if filters.get("step"):
        posts = posts.filter(due=filters["step"])
    return posts.order_by(*SORTS[filters.get("sort") or DEFAULT_SORT])


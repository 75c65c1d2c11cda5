"""The approvals queue: tabs (waiting for me, all pending, rejected, expired), search, filters, sort and pages;
bulk approval with a confirmation step and a result per post; and the open requests for exceptions."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.access import requires
from socialguard.orgs.policies import current_policy

from . import queue, review
from .forms import QueueFilterForm
from .models import ExceptionRequest, PostDraft, WorkflowStep

PAGE_SIZE = 30


@requires(roles.VIEW_QUEUE)
def approvals(request: HttpRequest, name: str = queue.WAITING) -> HttpResponse:
    if name not in queue.TABS:
        raise Http404(name)
    handles = [account.handle for account in current_policy(request.org)[1].brand_accounts]
    form = QueueFilterForm(request.GET, membership=request.membership, brand_handles=handles)
    form.is_valid()
    filters = form.filters()
    posts = queue.apply_filters(queue.tab_posts(request.membership, name), filters).select_related("author")
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    steps = WorkflowStep.objects.select_related("team").in_bulk({post.due for post in page if post.due})
    for post in page:
        post.due_step = steps.get(post.due)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workflow/approvals.html", {
        "page": page, "tab": name, "form": form, "query": query.urlencode(),
        "filtered": any(filters.get(key) for key in ("q", "account", "author", "outcome", "step")),
        "can_bulk": name in (queue.WAITING, "pending") and request.membership.can(roles.APPROVE),
        "open_requests": _open_requests(request).count() if request.membership.can(roles.GRANT_EXCEPTION) else None,
    })


@require_POST
@requires(roles.APPROVE)
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """First the list of ticked posts to confirm; with `confirm`, approve each one and show what happened."""
    values = request.POST.getlist("post")
    pks = [int(value) for value in values if value.isdigit()][:review.BULK_LIMIT]
    wrong = [value for value in values if not value.isdigit()]
    if not pks or wrong:
        error = (_("Not a post number: %(value)s.") % {"value": wrong[0][:40]} if wrong
                 else _("Tick at least one post to approve."))
        return render(request, "workflow/bulk.html", {"error": error}, status=400)
    note = request.POST.get("note", "")
    if request.POST.get("confirm") != "yes":
        posts = PostDraft.objects.filter(org=request.org, pk__in=pks).select_related("author").in_bulk()
        return render(request, "workflow/bulk.html", {
            "confirming": [(pk, posts.get(pk)) for pk in dict.fromkeys(pks)], "note": note,
            "too_many": len(values) > review.BULK_LIMIT, "limit": review.BULK_LIMIT})
    results = review.approve_each(request.org, request.user, pks, note)
    return render(request, "workflow/bulk.html", {
        "results": results, "approved": sum(r.approved for r in results),
        "refused": sum(not r.approved for r in results)})


@requires(roles.GRANT_EXCEPTION)
def exception_requests(request: HttpRequest) -> HttpResponse:
    page = Paginator(_open_requests(request).select_related("post__author", "requested_by"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workflow/exception_requests.html", {"page": page, "tab": "exceptions",
                                                                "open_requests": page.paginator.count})


def _open_requests(request: HttpRequest):
    return ExceptionRequest.objects.filter(post__org=request.org, answer=ExceptionRequest.Answer.OPEN).order_by("at")

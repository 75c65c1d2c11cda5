"""The re-check pages: the organisation's re-checks, and one re-check's changed posts (newly flagged, no
longer flagged, findings changed), with the rules behind each change and links to the posts."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from socialguard.orgs import roles
from socialguard.orgs.access import in_org, requires

from .models import Recheck, RecheckResult

RECHECKS_SHOWN = 50
RESULTS_PER_PAGE = 100


@requires(roles.VIEW_DASHBOARD)
def rechecks(request: HttpRequest) -> HttpResponse:
    shown = (Recheck.objects.filter(org=request.org).select_related("from_version", "to_version")
             [:RECHECKS_SHOWN])
    return render(request, "rechecks/list.html", {"rechecks": shown})


@requires(roles.VIEW_DASHBOARD)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = in_org(request, Recheck.objects.select_related("from_version", "to_version"), pk=pk)
    kind = request.GET.get("kind", RecheckResult.Kind.NEWLY_FLAGGED)
    if kind not in RecheckResult.Kind.values:
        kind = RecheckResult.Kind.NEWLY_FLAGGED
    results = job.results.filter(kind=kind).select_related("post__author").order_by("post_id")
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "rechecks/detail.html", {
        "recheck": job, "kind": kind, "kinds": RecheckResult.Kind.choices, "page": page,
        "added_by_rule": sorted(job.added_by_rule.items(), key=lambda item: (-item[1], item[0])),
        "removed_by_rule": sorted(job.removed_by_rule.items(), key=lambda item: (-item[1], item[0])),
    })

"""The audit log page (compliance and admins) and its CSV/JSON download for a date range."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from socialguard.orgs import roles
from socialguard.orgs.access import requires

from . import export
from .chain import verify
from .models import AuditEvent

PAGE_SIZE = 50


@requires(roles.VIEW_AUDIT)
def log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.filter(org=request.org).order_by("-seq")
    kind = request.GET.get("kind", "").strip()
    if kind:
        events = events.filter(kind=kind)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "kind": kind, "kinds": _kinds(request), "verified": None}
    if request.GET.get("verify"):
        context["verified"] = verify([request.org])
    return render(request, "audit/log.html", context)


@requires(roles.EXPORT_AUDIT)
def download(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    try:
        start = _date(request.GET.get("from"))
        end = _date(request.GET.get("to"))
    except ValueError:
        return HttpResponse(_("Dates must be written as YYYY-MM-DD."), status=400, content_type="text/plain")
    if fmt not in export.FORMATS:
        return HttpResponse(_("Format must be csv or json."), status=400, content_type="text/plain")
    events = export.events_between(start, end, [request.org])
    response = StreamingHttpResponse(_stream(events, fmt), content_type=f"text/{fmt}; charset=utf-8")
    name = f"audit-{request.org.slug}-{start or 'start'}-{end or 'now'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stream(events, fmt: str):
    for chunk, _written in export.chunks(events, fmt):
        yield chunk


def _kinds(request: HttpRequest) -> list[str]:
    return list(AuditEvent.objects.filter(org=request.org).values_list("kind", flat=True).distinct().order_by("kind"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None

"""The audit log page (compliance and admins) and its CSV/JSON download for a date range.

The page reads a million-event log as fast as a short one: it pages by `seq` (keyset: `?before=<seq>` for
older events, `?after=<seq>` for newer ones) instead of an OFFSET, takes the log's length from the chain's
head instead of counting rows, and lists the recorded kinds with one index probe per kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from socialguard.orgs import roles
from socialguard.orgs.access import requires
from socialguard.orgs.models import Organisation

from . import export
from .models import AuditEvent, AuditHead
from .verification import verify_archive

PAGE_SIZE = 50


@dataclass(frozen=True)
class Window:
    """One page of events, newest first, and whether there are newer or older ones beyond it."""

    events: list[AuditEvent]
    has_newer: bool
    has_older: bool

    @property
    def first_seq(self) -> int | None:
        return self.events[0].seq if self.events else None

    @property
    def last_seq(self) -> int | None:
        return self.events[-1].seq if self.events else None


@requires(roles.VIEW_AUDIT)
def log(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "").strip()
    events = AuditEvent.objects.filter(org=request.org)
    if kind:
        events = events.filter(kind=kind)
    window = page_of(events, before=_seq(request.GET.get("before")), after=_seq(request.GET.get("after")))
    head = AuditHead.objects.filter(org=request.org).values_list("seq", flat=True).first()
    context = {"window": window, "kind": kind, "kinds": recorded_kinds(request.org), "total": head or 0,
               "verified": None}
    if request.GET.get("verify"):
        context["verified"] = verify_archive([request.org])
    return render(request, "audit/log.html", context)


def page_of(events, *, before: int | None = None, after: int | None = None) -> Window:
    """`PAGE_SIZE` events of `events` by `seq`, newest first: the newest ones, those just older than `before`,
    or those just newer than `after` (`after=0` gives the oldest). Reads one row more than it shows to know
    whether the list goes on in the direction of travel, and probes the index for the other direction."""
    if after is not None:
        rows = list(events.filter(seq__gt=after).order_by("seq")[:PAGE_SIZE + 1])
        more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE][::-1]
        older = bool(rows) and events.filter(seq__lt=rows[-1].seq).exists()
        return Window(rows, has_newer=more, has_older=older)
    older_than = events.filter(seq__lt=before) if before is not None else events
    rows = list(older_than.order_by("-seq")[:PAGE_SIZE + 1])
    more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    newer = before is not None and events.filter(seq__gt=rows[0].seq if rows else before - 1).exists()
    return Window(rows, has_newer=newer, has_older=more)


def recorded_kinds(org: Organisation) -> list[str]:
    """The distinct kinds in the organisation's log, in order: a loose index scan (each step asks the
    `(org, kind, seq)` index for the next kind), so it costs one probe per kind, not a pass over the log."""
    table = AuditEvent._meta.db_table
    sql = (
        f"WITH RECURSIVE kinds(kind) AS ("
        f" SELECT MIN(kind) FROM {table} WHERE org_id = %s"
        f" UNION ALL SELECT (SELECT MIN(e.kind) FROM {table} e WHERE e.org_id = %s AND e.kind > kinds.kind)"
        f" FROM kinds WHERE kinds.kind IS NOT NULL"
        f") SELECT kind FROM kinds WHERE kind IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [org.pk, org.pk])
        return [row[0] for row in cursor.fetchall()]


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


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _seq(value: str | None) -> int | None:
    """A page cursor from the query string; anything but a whole number (up to 18 digits) counts as none."""
    return int(value) if value and len(value) <= 18 and value.isascii() and value.isdigit() else None

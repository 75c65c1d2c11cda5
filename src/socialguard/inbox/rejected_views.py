"""`/inbox/rejected/`: the items webhook calls, API calls and polled sources sent that could not become
mentions, with where they came from, why, and their payload as it arrived (ASCII-escaped). For those who
manage the inbox (admin, comms lead): they fix the sender or the export and send the item again."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from socialguard.orgs import roles

from .access import requires_inbox
from .models import RejectedItem

SHOWN = 200


@requires_inbox(roles.MANAGE_INBOX)
def rejected(request: HttpRequest) -> HttpResponse:
    items = RejectedItem.objects.filter(org=request.org)
    return render(request, "inbox/rejected.html", {"items": items[:SHOWN], "total": items.count(), "shown": SHOWN})

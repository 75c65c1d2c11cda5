"""Crisis pages: the organisation's crisis incidents (and starting one by hand), one incident with the numbers
behind its alert in plain words, the mentions behind it, its holding statement and checklist, and the actions
on it (tick an item, give it an owner, pause or resume scheduled posts, close the incident)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.access import in_org

from . import crisis
from .access import RUN_CRISIS, SEE_CRISES, requires_inbox
from .models import ChecklistItem, CrisisIncident


@requires_inbox(SEE_CRISES)
def incidents(request: HttpRequest) -> HttpResponse:
    rows = CrisisIncident.objects.filter(org=request.org).order_by("-opened_at")[:100]
    return render(request, "inbox/crises.html", {"incidents": rows, "can_run": RUN_CRISIS in request.inbox_perms})


@require_POST
@requires_inbox(RUN_CRISIS)
def start(request: HttpRequest) -> HttpResponse:
    title = request.POST.get("title", "").strip()
    if not title:
        messages.error(request, _("Say in a few words what the crisis is about."))
        return redirect("inbox:crises")
    row = crisis.start(request.org, request.user, title)
    return redirect("inbox:crisis", pk=row.pk)


@requires_inbox(SEE_CRISES)
def incident(request: HttpRequest, pk: int) -> HttpResponse:
    row = in_org(request, CrisisIncident, pk=pk)
    lang = translation.get_language() or "en"
    items = [(item, _localized(item.text, lang)) for item in row.items.select_related("owner", "done_by")]
    members = get_user_model().objects.filter(memberships__org=request.org, is_active=True).order_by("username")
    mentions = crisis.mentions_behind(row)
    return render(request, "inbox/crisis.html", {
        "incident": row, "items": items, "statement": _localized(row.holding_statement, lang),
        "statements": sorted(row.holding_statement.items()), "members": members,
        "can_run": RUN_CRISIS in request.inbox_perms, "can_close": roles.MANAGE_INBOX in request.inbox_perms,
        "can_answer": roles.ANSWER_MENTIONS in request.inbox_perms,
        "mentions": mentions[:crisis.MENTIONS_SHOWN], "mention_count": mentions.count(),
        "scheduled": crisis.scheduled_posts(request.org).count(),
    })


@require_POST
@requires_inbox(RUN_CRISIS)
def publishing(request: HttpRequest, pk: int) -> HttpResponse:
    """Pause (`action=pause`) or resume (`action=resume`) every scheduled post of the organisation."""
    row = in_org(request, CrisisIncident, pk=pk)
    action = request.POST.get("action")
    if action == "pause":
        crisis.pause_publishing(request.org, request.user, row)
        messages.success(request, _("Scheduled posts are paused: nothing is published until you resume."))
    elif action == "resume":
        crisis.resume_publishing(request.org, request.user, row)
        messages.success(request, _("Scheduled posts are published again; those that fell due meanwhile go now."))
    else:
        messages.error(request, _("Choose pause or resume."))
    return redirect("inbox:crisis", pk=row.pk)


@require_POST
@requires_inbox(RUN_CRISIS)
def tick(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    row = in_org(request, CrisisIncident, pk=pk)
    found = get_object_or_404(ChecklistItem, incident=row, position=item)
    if row.closed_at is not None:
        messages.error(request, _("This crisis incident is closed."))
    else:
        crisis.tick_item(found, request.user, request.POST.get("done") == "1")
    return redirect("inbox:crisis", pk=row.pk)


@require_POST
@requires_inbox(RUN_CRISIS)
def owner(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    row = in_org(request, CrisisIncident, pk=pk)
    found = get_object_or_404(ChecklistItem, incident=row, position=item)
    chosen = request.POST.get("owner", "")
    person = get_user_model().objects.filter(memberships__org=request.org, pk=chosen).first() if chosen else None
    if chosen and person is None:
        messages.error(request, _("Choose a member of this organisation."))
    else:
        crisis.set_owner(found, request.user, person)
    return redirect("inbox:crisis", pk=row.pk)


@require_POST
@requires_inbox(roles.MANAGE_INBOX)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    row = in_org(request, CrisisIncident, pk=pk)
    crisis.close(row, request.user)
    messages.success(request, _("Crisis incident closed."))
    return redirect("inbox:crisis", pk=row.pk)


def _localized(texts: dict, lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")

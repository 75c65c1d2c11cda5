"""Inbox pages: the list of mentions (filters, volume and sentiment chart), a mention with its suggested saved
replies and where its replies are, and the actions on it (assign, status, note, reply, retry a failed reply).
Every view checks the inbox permission and looks mentions up inside the current organisation only."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from socialguard.engine import compiled
from socialguard.orgs import roles
from socialguard.orgs.access import in_org
from socialguard.orgs.models import Membership
from socialguard.orgs.policies import current_policy
from socialguard.workflow.checking import findings_of
from socialguard.workflow.highlight import pieces

from . import actions
from .access import requires_inbox
from .health import failing_sources
from .labels import source_label, team_labels, topic_label
from .models import CrisisIncident, Mention, Priority, ReplyState, Sentiment, Status
from .replies import fill, suggester_for
from .sending import progress

PAGE_SIZE = 50
SEARCH_MAX_CHARS = 200
SORTS = {"newest": ("-occurred_at", "-pk"), "oldest": ("occurred_at", "pk"), "due": ("assignment__due_at", "pk")}
SORT_LABELS = {"newest": pgettext_lazy("inbox sort", "Newest first"), "oldest": pgettext_lazy("inbox sort", "Oldest first"),
               "due": pgettext_lazy("inbox sort", "SLA due soonest")}
CHART_DAYS = 14
SUGGESTIONS = 3
FAILED_STATES = (ReplyState.BLOCKED, ReplyState.FAILED)


@requires_inbox(roles.ANSWER_MENTIONS)
def mention_list(request: HttpRequest) -> HttpResponse:
    policy = current_policy(request.org)[1]
    chosen = list_filters(request.GET)
    mentions = (_filtered(request, chosen).select_related("assignment", "assignment__assignee").defer("raw")
                .order_by(*SORTS[chosen.get("sort", "newest")]))
    page = Paginator(mentions, PAGE_SIZE).get_page(request.GET.get("page"))
    teams = team_labels(policy)
    context = {
        "page": page, "chosen": chosen, "query": urlencode(chosen), "team_names": teams,
        "statuses": Status.choices, "priorities": Priority.choices, "sentiments": Sentiment.choices,
        "topics": sorted(((t, topic_label(t)) for t in policy.listening.topics), key=lambda pair: pair[1].lower()),
        "teams": sorted(teams.items(), key=lambda pair: pair[1].lower()),
        "sources": sorted(((s, source_label(s)) for s in _sources(request, chosen)), key=lambda pair: pair[1].lower()),
        "sorts": [(key, label) for key, label in SORT_LABELS.items()],
        "members": _assignable(request),
    }
    if request.htmx:
        return render(request, "inbox/_mention_rows.html", context)
    context["chart"] = _chart(request)
    context["open_crisis"] = CrisisIncident.objects.filter(org=request.org, closed_at=None).first()
    context["failing_sources"] = failing_sources(request.org, policy.listening.sources.interval_minutes,
                                                 timezone.now())
    return render(request, "inbox/list.html", context)


@requires_inbox(roles.ANSWER_MENTIONS)
def mention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mention = in_org(request, Mention.objects.select_related("assignment", "assignment__assignee"), pk=pk)
    policy = current_policy(request.org)[1]
    suggestions = compiled(policy).get(suggester_for).suggest(actions.as_pure(mention), SUGGESTIONS)
    draft = request.GET.get("use", "")
    chosen = next((s for s in suggestions if s.reply.id == draft), None)
    replies = list(mention.replies.select_related("author", "post").prefetch_related("post__deliveries"))
    progresses = [progress(r) for r in replies]
    return render(request, "inbox/detail.html", {
        "mention": mention, "assignment": getattr(mention, "assignment", None), "suggestions": suggestions,
        "draft_text": fill(chosen.text, {"name": mention.author})[0] if chosen else "",
        "draft_reply": chosen.reply.id if chosen else "",
        "events": mention.events.all(), "notes": mention.notes.select_related("author"), "replies": replies,
        "reply_findings": [(r, p, (found := findings_of(r.verdict)), pieces(r.text, found))
                           for r, p in zip(replies, progresses)],
        "latest_reply": progresses[-1] if progresses and mention.is_open else None,
        "statuses": [(s, label) for s, label in Status.choices if s in actions.ALLOWED[Status(mention.status)]],
        "members": _assignable(request), "teams": _teams(request),
    })


@require_POST
@requires_inbox(roles.ANSWER_MENTIONS)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    mention = in_org(request, Mention, pk=pk)
    who = request.POST.get("assignee", "")
    if who == "me":
        assignee = request.user
    elif who:
        assignee = _assignable(request).filter(pk=who).first()
        if assignee is None:
            messages.error(request, _("Choose a member of this organisation."))
            return redirect("inbox:detail", pk=mention.pk)
    else:
        assignee = None
    team = request.POST.get("team", "").strip() or None
    return _act(request, mention, lambda: actions.assign(mention, request.user, assignee=assignee, team=team))


@require_POST
@requires_inbox(roles.ANSWER_MENTIONS)
def status(request: HttpRequest, pk: int) -> HttpResponse:
    mention = in_org(request, Mention, pk=pk)
    to, note = request.POST.get("status", ""), request.POST.get("note", "")
    return _act(request, mention, lambda: actions.change_status(mention, request.user, to, note))


@require_POST
@requires_inbox(roles.ANSWER_MENTIONS)
def note(request: HttpRequest, pk: int) -> HttpResponse:
    mention = in_org(request, Mention, pk=pk)
    return _act(request, mention, lambda: actions.add_note(mention, request.user, request.POST.get("text", "")))


@require_POST
@requires_inbox(roles.ANSWER_MENTIONS)
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    mention = in_org(request, Mention, pk=pk)
    text, saved = request.POST.get("text", ""), request.POST.get("saved_reply", "")
    try:
        row = actions.reply(mention, request.membership, text, saved)
    except actions.InboxError as exc:
        messages.error(request, str(exc))
        return redirect("inbox:detail", pk=mention.pk)
    found = progress(row)
    messages.add_message(request, messages.ERROR if found.state in FAILED_STATES else messages.SUCCESS, {
        ReplyState.SENDING: _("The reply passed the check and is being sent."),
        ReplyState.PENDING: _("The reply needs approval; it was sent for approval as post %(post)s.")
        % {"post": row.post_id},
        ReplyState.BLOCKED: _("The reply is blocked by the policy; see the findings below."),
        ReplyState.FAILED: _("The reply passed the check but cannot be sent: %(cause)s") % {"cause": found.cause},
    }.get(found.state, found.state.label))
    return redirect("inbox:detail", pk=mention.pk)


@require_POST
@requires_inbox(roles.ANSWER_MENTIONS)
def retry_reply(request: HttpRequest, pk: int, reply: int) -> HttpResponse:
    mention = in_org(request, Mention, pk=pk)
    row = get_object_or_404(mention.replies.select_related("post"), pk=reply)
    try:
        actions.retry_reply(row, request.membership)
    except actions.InboxError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The reply is being sent again."))
    return redirect("inbox:detail", pk=mention.pk)


def _act(request: HttpRequest, mention: Mention, action) -> HttpResponse:
    try:
        action()
    except actions.InboxError as exc:
        messages.error(request, str(exc))
    return redirect("inbox:detail", pk=mention.pk)


def list_filters(params: QueryDict) -> dict[str, str]:
    """The list's filters, search and sort asked for, each kept only when it is a known value (team and
    platform are compared as they are; the search is cut to `SEARCH_MAX_CHARS` with its spaces tidied)."""
    allowed = {"status": set(Status.values), "priority": set(Priority.values), "sentiment": set(Sentiment.values),
               "mine": {"1"}, "sort": set(SORTS) - {"newest"}}
    chosen = {name: params.get(name, "") for name in (*allowed, "topic", "team", "source")}
    chosen["q"] = " ".join(params.get("q", "").split())[:SEARCH_MAX_CHARS]
    return {name: value for name, value in chosen.items() if value and (name not in allowed or value in allowed[name])}


def _filtered(request: HttpRequest, chosen: dict[str, str]) -> QuerySet:
    mentions = Mention.objects.filter(org=request.org)
    lookups = {"status": "status", "priority": "assignment__priority", "sentiment": "sentiment_label",
               "team": "assignment__team", "source": "source"}
    mentions = mentions.filter(**{lookups[name]: value for name, value in chosen.items() if name in lookups})
    if "topic" in chosen:
        mentions = mentions.filter(topics__icontains=f'"{chosen["topic"]}"')
    if "mine" in chosen:
        mentions = mentions.filter(assignment__assignee=request.user)
    if "q" in chosen:
        mentions = mentions.filter(Q(text__icontains=chosen["q"]) | Q(author__icontains=chosen["q"]))
    return mentions


def _teams(request: HttpRequest) -> list[str]:
    from .models import Assignment

    return sorted(set(Assignment.objects.filter(mention__org=request.org).values_list("team", flat=True).distinct()))


def _sources(request: HttpRequest, chosen: dict[str, str]) -> set[str]:
    """The platforms the organisation's mentions came from, and the one asked for: one step down the
    (org, source) index per platform (a plain DISTINCT reads every mention: 180-300 ms at 100,000)."""
    table = connection.ops.quote_name(Mention._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"""WITH RECURSIVE platforms(source) AS (
                               SELECT MIN(source) FROM {table} WHERE org_id = %s
                               UNION ALL
                               SELECT (SELECT MIN(source) FROM {table} WHERE org_id = %s AND source > platforms.source)
                               FROM platforms WHERE platforms.source IS NOT NULL)
                           SELECT source FROM platforms WHERE source IS NOT NULL""", [request.org.pk, request.org.pk])
        found = {source for (source,) in cursor.fetchall()}
    return found | ({chosen["source"]} if "source" in chosen else set())


def _assignable(request: HttpRequest) -> QuerySet:
    """Members who may work in the inbox: everyone but employees (team grants are checked when they act)."""
    workers = Membership.objects.filter(org=request.org).exclude(role=roles.EMPLOYEE)  # this organisation's role
    return get_user_model().objects.filter(is_active=True, pk__in=workers.values("user_id")).order_by("username")


def _chart(request: HttpRequest) -> dict[str, Any]:
    """Mentions per day and sentiment over the last days, with the days a crisis was opened. One count per
    day and sentiment, each a range of the (org, sentiment, time) index: no row is read or converted."""
    today = timezone.localdate()
    days = [today - dt.timedelta(days=CHART_DAYS - 1 - i) for i in range(CHART_DAYS)]
    starts = [timezone.make_aware(dt.datetime.combine(day, dt.time())) for day in days]
    ends = starts[1:] + [starts[-1] + dt.timedelta(days=1)]
    labels = Sentiment.values
    mentions = Mention.objects.filter(org=request.org)
    counts = {f"{label}_{i}": mentions.filter(sentiment_label=label, occurred_at__gte=start, occurred_at__lt=end).count()
              for i, (start, end) in enumerate(zip(starts, ends)) for label in labels}
    opened = CrisisIncident.objects.filter(org=request.org, opened_at__gte=starts[0]).values_list("opened_at", flat=True)
    alerts = {timezone.localdate(at) for at in opened}
    bars = [{"day": day, "alert": day in alerts, **{label: counts[f"{label}_{i}"] for label in labels}}
            for i, day in enumerate(days)]
    top = max([sum(bar[label] for label in labels) for bar in bars] + [1])
    for bar in bars:
        bar["total"] = sum(bar[label] for label in labels)
        below = 0.0
        for label in ("positive", "neutral", "negative"):  # stacked from the bottom of an SVG 100 units tall
            bar[f"{label}_pct"] = round(100 * bar[label] / top, 1)
            below += bar[f"{label}_pct"]
            bar[f"{label}_y"] = round(100 - below, 1)
    return {"bars": bars, "top": top}

"""The queue and calendar pages: a week and a month of deliveries (at most `PER_DAY` of a day, the rest one link
to the list from that day, so a busy month stays one bounded page), and a paged list of them, each narrowed by
account, author and state; rescheduling a post (through `workflow.actions.edit`, so it is checked again and
goes back for approval when its check changed) and retrying a failed delivery.

Every page works without script: moving a post is a form with a new time; `static/socialguard/calendar.js`
only lets the same form be sent by dragging the post onto another day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.access import in_org, requires
from socialguard.workflow import actions
from socialguard.workflow.models import PostDraft, State

from . import calendar_periods as periods
from . import scheduling
from .calendar_forms import CalendarFilter, RescheduleForm
from .models import OUTSTANDING, Delivery, DeliveryState

PAGE_SIZE = 50
PER_DAY = {"week": 10, "month": 3}  # deliveries a day of the grid shows


@requires(roles.VIEW_QUEUE)
def week(request: HttpRequest) -> HttpResponse:
    form, deliveries, day = _filtered(request)
    days = periods.week_of(day)
    context = _grid_context(request, form, deliveries, days, days, view="week")
    context.update(previous=days[0] - dt.timedelta(days=7), following=days[0] + dt.timedelta(days=7))
    return render(request, "outbox/calendar_week.html", context, status=_status(form))


@requires(roles.VIEW_QUEUE)
def month(request: HttpRequest) -> HttpResponse:
    form, deliveries, day = _filtered(request)
    weeks = periods.month_of(day)
    context = _grid_context(request, form, deliveries, [d for w in weeks for d in w], weeks[0], view="month")
    context.update(first=day.replace(day=1), previous=periods.month_step(day, -1),
                   following=periods.month_step(day, 1),
                   count=sum(total for shown, total in context["totals"].items() if shown.month == day.month))
    return render(request, "outbox/calendar_month.html", context, status=_status(form))


@requires(roles.VIEW_QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    """Every delivery, newest time first (or from the chosen day on, earliest first), 50 a page."""
    form, deliveries, _day = _filtered(request)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("day"):
        start = periods.span(form.cleaned_data["day"], form.cleaned_data["day"])[0]
        deliveries = deliveries.filter(due_at__gte=start).order_by("due_at", "pk")
    else:
        deliveries = deliveries.order_by("-due_at", "-pk")
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    _mark_actions(request, page.object_list)
    return render(request, "outbox/calendar_list.html", {
        "form": form, "page": page, "view": "list", "filters": _filters_query(request),
    }, status=_status(form))


@require_POST
@requires(roles.COMPOSE)
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a post a new time (its author, or an approver). Through `actions.edit`: the post is checked again,
    a changed check sends it back for approval, and the outbox moves its deliveries to the new time."""
    post = in_org(request, PostDraft, pk=pk)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Post %(id)s was not moved: %(problem)s") % {
            "id": post.pk, "problem": " ".join(form.errors["scheduled_at"])})
        return _back(request)
    moment = form.cleaned_data["scheduled_at"]
    try:
        actions.edit(post, request.user, text=post.text, account_kind=post.account_kind,
                     account_handle=post.account_handle, platform=post.platform, scheduled_at=moment)
    except actions.WorkflowError as exc:
        messages.error(request, _("Post %(id)s was not moved: %(problem)s") % {"id": post.pk, "problem": exc})
        return _back(request)
    post.refresh_from_db()
    when = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if post.state == State.APPROVED:
        messages.success(request, _("Post %(id)s moved to %(when)s.") % {"id": post.pk, "when": when})
    else:
        messages.warning(request, _("Post %(id)s moved to %(when)s. Its check changed, so it is %(state)s again.")
                         % {"id": post.pk, "when": when, "state": post.get_state_display()})
    return _back(request)


@require_POST
@requires(roles.COMPOSE)
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a failed delivery again now (the post's author, or an approver)."""
    delivery = in_org(request, Delivery.objects.select_related("post", "connection"), pk=pk)
    try:
        scheduling.retry(delivery, request.membership)
    except scheduling.OutboxError as exc:
        messages.error(request, _("Post %(id)s was not sent again: %(problem)s") % {
            "id": delivery.post_id, "problem": exc})
        return _back(request)
    messages.success(request, _("Post %(id)s goes out again to %(account)s now.") % {
        "id": delivery.post_id, "account": delivery.connection.account_handle})
    return _back(request)


def _filtered(request: HttpRequest) -> tuple[CalendarFilter, object, dt.date]:
    """The filter form, the organisation's deliveries it selects, and the day the page is about."""
    form = CalendarFilter(request.GET or None, org=request.org)
    deliveries = Delivery.objects.filter(org=request.org).select_related("post", "post__author", "connection")
    day = periods.today()
    if form.is_bound and form.is_valid():
        deliveries = form.apply(deliveries)
        day = form.cleaned_data.get("day") or day
    elif form.is_bound:
        deliveries = deliveries.none()
    return form, deliveries, day


def _status(form: CalendarFilter) -> int:
    """400 when the filters asked for cannot be read (the page names the field), else 200."""
    return 400 if form.is_bound and not form.is_valid() else 200


def _grid_context(request, form, deliveries, days, first_row, *, view: str) -> dict:
    """Each day with its first `PER_DAY[view]` deliveries and how many more it has: one count per day, the ids
    of the shown rows and those rows, however many deliveries the period holds."""
    start, end = periods.span(days[0], days[-1])
    in_period = (deliveries.filter(due_at__gte=start, due_at__lt=end)
                 .annotate(day=TruncDate("due_at", tzinfo=timezone.get_current_timezone())))
    totals = dict(in_period.order_by().values_list("day").annotate(n=Count("pk")))
    ranked = in_period.annotate(rank=Window(RowNumber(), partition_by=F("day"), order_by=[F("due_at"), F("pk")]))
    first = list(ranked.filter(rank__lte=PER_DAY[view]).values_list("pk", flat=True))  # from the index alone
    shown = list(in_period.filter(pk__in=first).order_by("due_at", "pk"))
    _mark_actions(request, shown)
    by_day = defaultdict(list)
    for delivery in shown:
        by_day[delivery.day].append(delivery)
    return {
        "form": form, "view": view, "filters": _filters_query(request), "today": periods.today(),
        "days": [(day, by_day.get(day, []), totals.get(day, 0) - len(by_day.get(day, []))) for day in days],
        "weekdays": first_row, "count": sum(totals.values()), "totals": totals,
    }


def _mark_actions(request: HttpRequest, deliveries) -> None:
    """Set `can_move` and `can_retry` on each delivery for the signed-in person."""
    for delivery in deliveries:
        allowed = scheduling.may_manage(request.membership, delivery) and delivery.post.state == State.APPROVED
        delivery.can_move = allowed and delivery.state in OUTSTANDING
        delivery.can_retry = allowed and delivery.state == DeliveryState.FAILED


def _filters_query(request: HttpRequest) -> str:
    """The filters of this page as a query string without the day and page (for the tabs and paging)."""
    query = request.GET.copy()
    for key in ("day", "page"):
        query.pop(key, None)
    return query.urlencode()


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("calendar:week")
    return redirect(target)

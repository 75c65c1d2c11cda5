"""The numbers behind the dashboard, computed in the database where it can.

- findings by rule per week, and by team: the audit log's `finding` events (each names its rule and actor),
  counted per week, rule and actor in one query; a week that is over never changes (the log is append-only),
  so its counts are cached and only the weeks not cached yet (at least the current one) are read;
- approval times per week: from a post entering `pending` to its `approved` transition;
- acknowledgement coverage per team, and training results per team.
Periods are whole weeks ending now; weeks without data show as zero.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from socialguard.audit.models import AuditEvent
from socialguard.orgs.models import Organisation, Team
from socialguard.policy_pages.acknowledgement import coverage
from socialguard.workflow.models import State, Transition

TOP_RULES = 6
SETTLED_AFTER = dt.timedelta(minutes=5)  # a week's counts are cached once it ended this long ago
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Weekly:
    weeks: list[dt.date]
    series: dict[str, list[float]]


def week_starts(weeks: int, now: dt.datetime | None = None) -> list[dt.date]:
    today = timezone.localdate(now or timezone.now())
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


@dataclass(frozen=True)
class FindingCounts:
    """Finding events per week start, each a Counter of (rule, actor)."""

    weeks: list[dt.date]
    per_week: dict[dt.date, Counter]


def finding_counts(org: Organisation, weeks: int, now: dt.datetime | None = None) -> FindingCounts:
    """The period's finding events counted per week, rule and actor: cached weeks from the cache, the rest
    (always the current week) in one grouped query over the `(org, kind, at)` index."""
    now = now or timezone.now()
    starts = week_starts(weeks, now)
    keys = {w: f"dashboard:findings:{org.pk}:{w.isoformat()}" for w in starts
            if _midnight(w + dt.timedelta(weeks=1)) + SETTLED_AFTER <= now}
    cached = cache.get_many(keys.values())
    per_week = {w: cached[key] for w, key in keys.items() if key in cached}
    missing = [w for w in starts if w not in per_week]
    if missing:
        fresh: dict[dt.date, Counter] = {w: Counter() for w in missing}
        rows = (_findings(org, missing[0]).annotate(week=TruncWeek("at"), rule=KeyTextTransform("rule", "data"))
                .values("week", "rule", "actor").annotate(n=Count("id")))
        for row in rows:
            week = _day(row["week"])
            if week in fresh:
                fresh[week][(row["rule"] or "?", row["actor"])] += row["n"]
        cache.set_many({keys[w]: fresh[w] for w in missing if w in keys}, CACHE_SECONDS)
        per_week.update(fresh)
    return FindingCounts(starts, per_week)


def findings_by_rule(counts: FindingCounts) -> Weekly:
    """Finding events per week for the most frequent rules (the rest summed as "other")."""
    starts = counts.weeks
    per_rule: dict[str, Counter] = defaultdict(Counter)
    for week in starts:
        for (rule, _actor), n in counts.per_week[week].items():
            per_rule[rule][week] += n
    ranked = sorted(per_rule, key=lambda rule: -sum(per_rule[rule].values()))
    series = {rule: [per_rule[rule][w] for w in starts] for rule in ranked[:TOP_RULES]}
    if len(ranked) > TOP_RULES:
        series[_("other")] = [sum(per_rule[r][w] for r in ranked[TOP_RULES:]) for w in starts]
    return Weekly(starts, series)


def findings_by_team(org: Organisation, counts: FindingCounts) -> list[tuple[str, int]]:
    """Finding events in the period per team of their author (someone in two teams counts for both)."""
    by_actor: Counter = Counter()
    for week_counts in counts.per_week.values():
        for (_rule, actor), n in week_counts.items():
            by_actor[actor] += n
    totals = []
    for team in Team.objects.filter(org=org).prefetch_related("members").order_by("name"):
        totals.append((team.name, sum(by_actor.get(u.get_username(), 0) for u in team.members.all())))
    return totals


def approval_hours(org: Organisation, weeks: int) -> Weekly:
    """Median and 90th percentile hours from entering `pending` to approval, per week of approval."""
    starts = week_starts(weeks)
    since = _midnight(starts[0])
    approvals = list(Transition.objects.filter(post__org=org, from_state=State.PENDING, to_state=State.APPROVED,
                                               at__gte=since).values_list("post_id", "at"))
    entered: dict[int, list[dt.datetime]] = defaultdict(list)
    pending = Transition.objects.filter(post__org=org, to_state=State.PENDING,
                                        post_id__in={post for post, _at in approvals})
    for post, at in pending.values_list("post_id", "at"):
        entered[post].append(at)
    hours: dict[dt.date, list[float]] = defaultdict(list)
    for post, at in approvals:
        began = max((t for t in entered.get(post, []) if t <= at), default=None)
        if began is not None:
            hours[_week_of(at)].append((at - began).total_seconds() / 3600)
    return Weekly(starts, {
        "median": [round(statistics.median(hours[w]), 1) if hours[w] else 0 for w in starts],
        "p90": [round(_percentile(hours[w], 0.9), 1) if hours[w] else 0 for w in starts],
    })


def acknowledgement_by_team(org: Organisation) -> list[tuple[str, int, int]]:
    """Per team: (name, members covered by their acknowledgement, members)."""
    covered = {row.membership.user_id for row in coverage(org) if row.covered}
    rows = []
    for team in Team.objects.filter(org=org).prefetch_related("members").order_by("name"):
        members = [u.pk for u in team.members.all() if u.is_active]
        rows.append((team.name, sum(pk in covered for pk in members), len(members)))
    return rows


def _findings(org: Organisation, since: dt.date):
    return AuditEvent.objects.filter(org=org, kind="finding", at__gte=_midnight(since)).order_by()


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _day(value: dt.datetime | dt.date) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def _week_of(at: dt.datetime) -> dt.date:
    day = timezone.localdate(at)
    return day - dt.timedelta(days=day.weekday())


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

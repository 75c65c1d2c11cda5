"""The dashboard page: charts (inline SVG) with the same numbers in tables, for the last `weeks` weeks."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from socialguard.orgs import roles
from socialguard.orgs.access import requires
from socialguard.training.scoring import team_results

from . import stats
from .charts import bar_chart, line_chart, stacked_columns

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_WEEKS = 12


@requires(roles.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    weeks = _weeks(request.GET.get("weeks", ""))
    counts = stats.finding_counts(request.org, weeks)
    findings = stats.findings_by_rule(counts)
    by_team = stats.findings_by_team(request.org, counts)
    approvals = stats.approval_hours(request.org, weeks)
    acknowledged = stats.acknowledgement_by_team(request.org)
    training = team_results(request.org)
    week_labels = [date_format(w, "j M") for w in findings.weeks]
    return render(request, "dashboard/dashboard.html", {
        "weeks": weeks, "week_choices": WEEK_CHOICES, "week_labels": week_labels,
        "findings": findings, "findings_chart": stacked_columns(week_labels, findings.series,
                                                                 title=_("Findings per week, by rule")),
        "by_team": by_team, "by_team_chart": bar_chart(by_team, title=_("Findings by team")),
        "approvals": approvals, "approvals_chart": line_chart(
            week_labels, {_("median"): approvals.series["median"], _("90th percentile"): approvals.series["p90"]},
            title=_("Hours from submission to approval"), unit=" h"),
        "acknowledged": acknowledged, "acknowledged_chart": bar_chart(
            [(name, 100 * covered / total if total else 0) for name, covered, total in acknowledged],
            title=_("Acknowledgement coverage by team"), unit="%", max_value=100),
        "training": training, "training_chart": bar_chart(
            [(row.team, row.percent_correct) for row in training if row.answers],
            title=_("Training: correct answers by team"), unit="%", max_value=100),
    })


def _weeks(value: str) -> int:
    return int(value) if value in {str(w) for w in WEEK_CHOICES} else DEFAULT_WEEKS

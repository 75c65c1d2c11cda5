"""The dashboard page: findings by rule and by team, approval times, acknowledgement coverage and training
results, drawn from real workflow activity; only for admins, comms leads and compliance; one org's data."""

from __future__ import annotations

import pytest
from django.urls import reverse
from web_support import BLOCK_TEXT, REVIEW_TEXT, ROLES

from socialguard.orgs.roles import PERMISSIONS
from socialguard.policy_pages.acknowledgement import acknowledge
from socialguard.workflow import actions

pytestmark = pytest.mark.django_db


def _submitted(fixture, role: str, text: str):
    post = actions.create_draft(fixture.membership(role), text=text, account_kind="personal", account_handle="",
                                platform="linkedin")
    actions.submit(post, fixture.users[role])
    post.refresh_from_db()
    return post


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_is_allowed_exactly_for_roles_with_the_permission(acme, client_as, role):
    expected = 200 if "view_dashboard" in PERMISSIONS[role] else 403
    assert client_as(acme.users[role]).get(reverse("dashboard:dashboard")).status_code == expected


def test_dashboard_renders_with_data(acme, globex, client_as):
    _submitted(acme, "employee", BLOCK_TEXT)
    pending = _submitted(acme, "employee", REVIEW_TEXT)
    actions.decide(pending, "approve", user=acme.users["approver"])
    _submitted(globex, "employee", BLOCK_TEXT)
    _submitted(globex, "employee", BLOCK_TEXT)
    acknowledge(acme.users["employee"], acme.org, 1)
    client_as(acme.users["employee"]).post(reverse("training:question", args=["thank-you"]), {"answer": "publish"})
    response = client_as(acme.users["compliance"]).get(reverse("dashboard:dashboard") + "?weeks=4")
    page = response.content.decode()
    assert response.status_code == 200 and page.count('<svg class="chart"') == 5
    rule_row = page.split('id="findings-by-rule"')[1].split("</section>")[0]
    assert "<td>pii-ids</td>" in rule_row and "<td>pii-contact</td>" in rule_row
    assert rule_row.count("<td>1</td>") == 2 and "<td>2</td>" not in rule_row  # globex's findings not counted
    coverage = page.split('id="acknowledgement-coverage"')[1]
    assert "<td>Employees</td><td>1 / 1</td>" in coverage and "<td>Compliance</td><td>0 / 1</td>" in coverage
    training = page.split('id="training-results"')[1]
    assert "<td>Employees</td><td>1 / 1</td><td>1</td><td>100%</td>" in training


def test_dashboard_stats_measure_approval_hours(acme):
    import datetime as dt

    from django.utils import timezone

    from socialguard.dashboard.stats import approval_hours, finding_counts, findings_by_team
    from socialguard.workflow.models import Transition

    post = _submitted(acme, "employee", REVIEW_TEXT)
    Transition.objects.filter(post=post, to_state="pending").update(at=timezone.now() - dt.timedelta(hours=5))
    actions.decide(post, "approve", user=acme.users["approver"])
    weekly = approval_hours(acme.org, 2)
    assert weekly.series["median"][-1] == pytest.approx(5.0, abs=0.1)
    assert dict(findings_by_team(acme.org, finding_counts(acme.org, 2)))["Employees"] == 1


def test_empty_dashboard_and_bad_period(acme, client_as):
    response = client_as(acme.users["admin"]).get(reverse("dashboard:dashboard") + "?weeks=nonsense")
    assert response.status_code == 200 and "No findings in this period." in response.content.decode()


def test_finding_counts_of_weeks_that_are_over_come_from_the_cache(acme, django_assert_num_queries):
    import datetime as dt

    from django.utils import timezone

    from socialguard.dashboard.stats import finding_counts, findings_by_rule

    _submitted(acme, "employee", BLOCK_TEXT)
    two_weeks_on = timezone.now() + dt.timedelta(weeks=2)  # this week is then over, and the next one too
    first = finding_counts(acme.org, 4, now=two_weeks_on)
    with django_assert_num_queries(1):  # only the (then) current week is read again
        again = finding_counts(acme.org, 4, now=two_weeks_on)
    assert again == first
    series = findings_by_rule(again).series
    assert sum(series["pii-ids"]) == 1 and series["pii-ids"][-1] == 0  # counted in its own week, not "now"

"""The week page of the publishing calendar (/calendar/): the seven days of a week in the reader's time zone,
each delivery on its day with its time, account and state, a failed one with its cause; filters by account,
author and state; moving between weeks; a bad day named; Polish day names and plural counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from calendar_support import approved_post, connect, fail, send
from django.urls import reverse
from web_support import OK_TEXT, WARN_TEXT, make_org

from socialguard.orgs.models import Profile

pytestmark = pytest.mark.django_db
UTC = dt.timezone.utc
WEEK = reverse("calendar:week")


def day_of(page: str, day: str) -> str:
    return re.search(rf'data-day="{day}">(.*?)</li>', page, re.S)[1]


def test_a_delivery_is_on_its_day_and_time_in_the_readers_time_zone(acme, client_as):
    connect(acme.org)
    approved_post(acme, "comms_lead", OK_TEXT, dt.datetime(2030, 3, 5, 23, 30, tzinfo=UTC))
    Profile.objects.create(user=acme.users["admin"], time_zone="Europe/Warsaw")
    page = client_as(acme.users["admin"]).get(WEEK, {"day": "2030-03-04"}).content.decode()
    assert "Times in Europe/Warsaw." in page and "4 Mar – 10 Mar 2030" in page
    assert "Nothing scheduled." in day_of(page, "2030-03-05")
    wednesday = day_of(page, "2030-03-06")  # 23:30 UTC on Tuesday is 00:30 on Wednesday in Warsaw
    assert '<time datetime="2030-03-06T00:30:00+01:00">00:30</time>' in wednesday
    assert "@acme" in wednesday and "Scheduled" in wednesday and OK_TEXT in wednesday

    Profile.objects.filter(user=acme.users["admin"]).update(time_zone="America/New_York")
    page = client_as(acme.users["admin"]).get(WEEK, {"day": "2030-03-04"}).content.decode()
    assert "18:30" in day_of(page, "2030-03-05") and "Times in America/New_York." in page


def test_a_failed_delivery_shows_its_cause(acme, client_as):
    connect(acme.org)
    post = approved_post(acme, "comms_lead", OK_TEXT, dt.datetime(2030, 3, 5, 9, 0, tzinfo=UTC))
    fail(post.deliveries.get(), "Bluesky @acme.test: refused (post too long)")
    page = client_as(acme.users["comms_lead"]).get(WEEK, {"day": "2030-03-05"}).content.decode()
    tuesday = day_of(page, "2030-03-05")
    assert "Failed" in tuesday and "Bluesky @acme.test: refused (post too long)" in tuesday
    assert "Retry now" in tuesday and "Reschedule" in tuesday


def test_filters_by_account_author_and_state(acme, client_as):
    x, linkedin = connect(acme.org), connect(acme.org, "acme", "linkedin")
    at = dt.datetime(2030, 3, 5, 9, 0, tzinfo=UTC)
    by_lead = approved_post(acme, "comms_lead", OK_TEXT, at)
    by_admin = approved_post(acme, "admin", WARN_TEXT, at, handle="acme", platform="linkedin")
    send(by_admin.deliveries.get())
    client = client_as(acme.users["approver"])

    def shown(**filters) -> set[str]:
        page = client.get(WEEK, {"day": "2030-03-05", **filters}).content.decode()
        return {text for text in (OK_TEXT, WARN_TEXT) if text in page}

    assert shown() == {OK_TEXT, WARN_TEXT}
    assert shown(account=linkedin.pk) == {WARN_TEXT}
    assert shown(author=acme.users["comms_lead"].pk) == {OK_TEXT}
    assert shown(state="sent") == {WARN_TEXT}
    assert shown(state="failed") == set()


def test_another_organisations_deliveries_are_not_shown(acme, client_as):
    globex = make_org("globex")
    connect(globex.org)
    post = approved_post(globex, "comms_lead", OK_TEXT, dt.datetime(2030, 3, 5, 9, 0, tzinfo=UTC))
    page = client_as(acme.users["admin"]).get(WEEK, {"day": "2030-03-05"}).content.decode()
    assert OK_TEXT not in page and "0 deliveries this week" in page
    response = client_as(acme.users["admin"]).get(WEEK, {"account": post.deliveries.get().connection_id})
    assert response.status_code == 400  # not one of this organisation's accounts


def test_previous_and_next_week_keep_the_filters(acme, client_as):
    page = client_as(acme.users["admin"]).get(WEEK, {"day": "2030-03-06", "state": "failed"}).content.decode()
    assert 'href="?state=failed&amp;day=2030-02-25"' in page and 'href="?state=failed&amp;day=2030-03-11"' in page


def test_a_bad_day_is_named(acme, client_as):
    response = client_as(acme.users["admin"]).get(WEEK, {"day": "2030-02-30"})
    assert response.status_code == 400
    assert "From: Enter a valid date." in response.content.decode()


def test_polish_day_names_and_counts(acme, client_as):
    connect(acme.org)
    for hour in (9, 10):
        approved_post(acme, "comms_lead", f"{OK_TEXT} {hour}", dt.datetime(2030, 3, 5, hour, tzinfo=UTC))
    Profile.objects.create(user=acme.users["admin"], language="pl")
    page = client_as(acme.users["admin"]).get(WEEK, {"day": "2030-03-05"}).content.decode()
    assert "Kalendarz publikacji" in page and "4 mar – 10 mar 2030" in page
    assert '<span class="weekday">Wt</span> 5 mar' in page
    assert "2 publikacje w tym tygodniu" in page


def test_without_a_day_the_week_of_today(acme, client_as):
    from django.utils import timezone

    response = client_as(acme.users["admin"]).get(WEEK)
    assert response.status_code == 200
    assert f'data-day="{timezone.localdate():%Y-%m-%d}"' in response.content.decode()


def test_a_busy_day_shows_its_first_deliveries_and_links_to_the_rest_in_the_same_number_of_queries(
        acme, client_as, django_assert_max_num_queries):
    """The week stays one bounded page however many deliveries a day holds (the web benchmark, issue 15): ten
    shown, the rest one link to the list from that day, and no query more for more rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from socialguard.outbox.calendar_views import PER_DAY

    connect(acme.org)
    client = client_as(acme.users["approver"])
    at = dt.datetime(2030, 3, 5, 9, 0, tzinfo=UTC)
    approved_post(acme, "comms_lead", OK_TEXT, at)
    with CaptureQueriesContext(connection) as one:
        client.get(WEEK, {"day": "2030-03-05"})
    for minute in range(1, PER_DAY["week"] + 2):
        approved_post(acme, "comms_lead", f"{OK_TEXT} ({minute})", at + dt.timedelta(minutes=minute))
    with django_assert_max_num_queries(len(one)):
        page = client.get(WEEK, {"day": "2030-03-05"}).content.decode()
    tuesday = day_of(page, "2030-03-05")
    assert tuesday.count('class="cal-entry') == PER_DAY["week"]
    assert "12 deliveries this week" in page and "2 more deliveries on this day" in tuesday
    assert f'{reverse("calendar:list")}?day=2030-03-05' in tuesday

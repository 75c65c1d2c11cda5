"""The month page of the publishing calendar (/calendar/month/): whole weeks from Monday covering the month,
each delivery on its day in the reader's time zone, days of the months around it marked, moving between
months with the filters kept, the month named in English and Polish."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from calendar_support import approved_post, connect
from django.urls import reverse
from web_support import OK_TEXT

from socialguard.orgs.models import Profile

pytestmark = pytest.mark.django_db
UTC = dt.timezone.utc
MONTH = reverse("calendar:month")


def test_a_month_in_whole_weeks_with_each_delivery_on_its_day(acme, client_as):
    connect(acme.org)
    approved_post(acme, "comms_lead", OK_TEXT, dt.datetime(2030, 3, 10, 23, 15, tzinfo=UTC))
    approved_post(acme, "comms_lead", "Next month", dt.datetime(2030, 4, 1, 8, tzinfo=UTC))
    page = client_as(acme.users["admin"]).get(MONTH, {"day": "2030-03-17"}).content.decode()
    assert "<h2>March 2030</h2>" in page and "1 delivery this month" in page
    days = re.findall(r'<li class="cal-day([^"]*)" data-day="([\d-]+)"', page)
    assert days[0][1] == "2030-02-25" and days[-1][1] == "2030-03-31" and len(days) == 35
    assert "other-month" in days[0][0] and "other-month" not in days[4][0]
    assert [w for w in re.findall(r'<li class="cal-weekday" aria-hidden="true">(\w+)</li>', page)] == [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    monday = re.search(r'data-day="2030-03-11">(.*?)</li>', page, re.S)[1]  # 00:15 on Monday in Warsaw
    assert "00:15" in monday and OK_TEXT in monday and "Next month" not in page
    april = client_as(acme.users["admin"]).get(MONTH, {"day": "2030-04-30"}).content.decode()
    assert "1 delivery this month" in april and "Next month" in april and OK_TEXT not in april


def test_previous_and_next_month_keep_the_filters(acme, client_as):
    page = client_as(acme.users["admin"]).get(MONTH, {"day": "2030-01-31", "state": "sent"}).content.decode()
    assert 'href="?state=sent&amp;day=2029-12-01"' in page and 'href="?state=sent&amp;day=2030-02-01"' in page


def test_the_month_in_polish(acme, client_as):
    Profile.objects.create(user=acme.users["admin"], language="pl")
    page = client_as(acme.users["admin"]).get(MONTH, {"day": "2030-03-05"}).content.decode()
    assert "<h2>Marzec 2030</h2>" in page and "0 publikacji w tym miesiącu" in page
    assert "poprzedni miesiąc" in page

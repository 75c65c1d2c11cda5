"""Which of an organisation's sources need attention: those that have failed for longer than the polling
interval (one failed poll is a blip; failing through a whole interval means mentions are not arriving)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from socialguard.orgs.models import Organisation

from .models import SourceHealth


def failing_sources(org: Organisation, interval_minutes: int, now: dt.datetime) -> QuerySet[SourceHealth]:
    """The sources of `org` failing since before `now - interval`, longest-failing first."""
    cutoff = now - dt.timedelta(minutes=interval_minutes)
    return SourceHealth.objects.filter(org=org, failing_since__lt=cutoff).order_by("failing_since", "source")

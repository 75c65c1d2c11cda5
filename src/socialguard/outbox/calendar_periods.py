"""The days a calendar page shows: a week (Monday to Sunday) or a month (whole weeks, Monday first), and the
moments they start and end in the reader's time zone, so a post at 00:30 in Warsaw is on the Warsaw day."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone


def week_of(day: dt.date) -> list[dt.date]:
    """The seven days, Monday first, of the week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(7)]


def month_of(day: dt.date) -> list[list[dt.date]]:
    """The whole weeks (Monday first) covering the month of `day`, with days of the months around it."""
    return calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(day.year, day.month)


def month_step(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def span(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the start of `first` to the end of `last`, in the current time zone (aware moments)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def today() -> dt.date:
    """Today in the reader's time zone."""
    return timezone.localdate()

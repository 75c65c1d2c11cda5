"""Crisis alerts: a spike of negative mentions in the last `window_hours` (24) against the trend of the
`baseline_days` (7) before, in hourly buckets, checked at every hour.

The baseline gets a straight-line fit, so a series that grows slowly is forecast, not alarmed at; the
spread is the standard deviation of the baseline's own 24-hour sums around that line (which keeps daily
rhythms and bursts that are normal for the series), never less than the Poisson noise of the forecast.
An alert needs the window's count to exceed the forecast by `k` of those deviations and by at least
`min_count` mentions, so a flat series, a quiet one (3 instead of 1), and slow growth stay silent.

`scan` evaluates every hour of many series at once with cumulative sums (no loop over hours), which is
what makes checking 1,000 tracked queries over 30 days a fraction of a second. It does not find drops,
and a spike that lasts for days becomes the new baseline after `baseline_days`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from ..policy.listening import Crisis

HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class SpikeAlert:
    """A spike, with the numbers behind it."""

    window_start: dt.datetime
    window_end: dt.datetime
    count: int  # negative mentions in the window
    expected: float  # the baseline's forecast for the window
    std: float  # the spread of the baseline's window sums
    threshold: float  # the count above which an alert is raised
    k: float

    @property
    def z(self) -> float:
        return (self.count - self.expected) / self.std if self.std else float("inf")


@dataclass(frozen=True)
class Scan:
    """Per series and hour (`[series, hour]`, the window ending after that hour): count, forecast, spread, alert."""

    count: np.ndarray
    expected: np.ndarray
    std: np.ndarray
    threshold: np.ndarray
    alert: np.ndarray


def scan(hourly: np.ndarray, window: int = 24, baseline: int = 168, k: float = 2.0, min_count: int = 10) -> Scan:
    """Evaluate every hour of `hourly` (shape `[series, hours]` or `[hours]`); hours without a full baseline
    before their window get NaN and no alert."""
    y = np.atleast_2d(np.asarray(hourly, dtype=np.float64))
    series, hours = y.shape
    ends = np.arange(window + baseline, hours + 1)  # exclusive end of each evaluated window
    count = np.full((series, hours), np.nan)
    expected, std, threshold = count.copy(), count.copy(), count.copy()
    if len(ends) == 0:
        return Scan(count, expected, std, threshold, np.zeros((series, hours), dtype=bool))
    starts = ends - window - baseline  # first hour of each baseline
    cum = _cumsum(y)
    cum_index = _cumsum(y * np.arange(hours))
    window_count = cum[:, ends] - cum[:, ends - window]
    total = cum[:, ends - window] - cum[:, starts]
    weighted = cum_index[:, ends - window] - cum_index[:, starts] - starts * total  # sum of i * y_i, i local
    mean_x = (baseline - 1) / 2
    slope = (weighted - mean_x * total) / (baseline * (baseline**2 - 1) / 12)
    intercept = total / baseline - slope * mean_x
    forecast = window * intercept + slope * (window * baseline + window * (window - 1) / 2)
    spread = _residual_window_std(y, starts, window, baseline, slope)
    forecast = np.maximum(forecast, 0.0)
    spread = np.maximum(spread, np.sqrt(np.maximum(forecast, 1.0)))
    needed = forecast + np.maximum(k * spread, min_count)
    columns = ends - 1
    count[:, columns], expected[:, columns], std[:, columns], threshold[:, columns] = (
        window_count, forecast, spread, needed)
    alert = np.zeros((series, hours), dtype=bool)
    alert[:, columns] = window_count >= needed
    return Scan(count, expected, std, threshold, alert)


def _residual_window_std(y: np.ndarray, starts: np.ndarray, window: int, baseline: int, slope: np.ndarray) -> np.ndarray:
    """Std of a window's count around the forecast, for every baseline at once: the spread of the baseline's
    `window`-hour sums around its fitted line, plus the uncertainty of the line where it is extrapolated."""
    cum = _cumsum(y)
    sums = cum[:, window:] - cum[:, :-window]  # sums[:, g] = y[g : g + window]
    m = baseline - window + 1  # window sums that fit in a baseline
    if m < 2:
        return np.zeros_like(slope)
    positions = np.arange(sums.shape[1])
    c1, c2, cj = _cumsum(sums), _cumsum(sums**2), _cumsum(sums * positions)
    total = c1[:, starts + m] - c1[:, starts]
    squares = c2[:, starts + m] - c2[:, starts]
    by_j = cj[:, starts + m] - cj[:, starts] - starts * total
    mean = total / m
    mean_j = (m - 1) / 2
    var_sums = squares / m - mean**2
    cov = by_j / m - mean * mean_j
    var_j = (m**2 - 1) / 12
    step = slope * window  # the line rises by this much per hour of shift
    spread = np.maximum(var_sums - 2 * step * cov + step**2 * var_j, 0.0) * m / (m - 1)
    # the forecast is itself uncertain: a line fitted to `baseline` hours, read `(baseline + window) / 2` later
    distance = (baseline + window) / 2
    forecast_error = spread * window * (1 / baseline + distance**2 / (baseline * (baseline**2 - 1) / 12))
    return np.sqrt(spread + forecast_error)


def _cumsum(values: np.ndarray) -> np.ndarray:
    out = np.zeros((values.shape[0], values.shape[1] + 1))
    np.cumsum(values, axis=1, out=out[:, 1:])
    return out


def hourly_counts(times: Iterable[dt.datetime], end: dt.datetime, hours: int) -> np.ndarray:
    """Counts of `times` in the `hours` one-hour buckets before `end` (oldest first); others ignored."""
    counts = np.zeros(hours, dtype=np.int64)
    for time in times:
        back = int((end - time) / HOUR)
        if 0 <= back < hours and time < end:
            counts[hours - 1 - back] += 1
    return counts


def check(negative_times: Iterable[dt.datetime], now: dt.datetime, settings: Crisis) -> SpikeAlert | None:
    """The alert for the window ending at `now` (rounded down to the hour), or None."""
    end = now.replace(minute=0, second=0, microsecond=0)
    window, baseline = settings.window_hours, settings.baseline_days * 24
    counts = hourly_counts(negative_times, end, window + baseline)
    result = scan(counts, window, baseline, settings.k, settings.min_count)
    if not result.alert[0, -1]:
        return None
    return SpikeAlert(end - window * HOUR, end, int(result.count[0, -1]), float(result.expected[0, -1]),
                      float(result.std[0, -1]), float(result.threshold[0, -1]), settings.k)

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


def scan(hourly: np.ndarray, window: int = 24, baseline: int = 168, k: float = 3.0, min_count: int = 10) -> Scan:
    """Evaluate every hour of `hourly` (shape `[series, hours]` or `[hours]`); hours without a full baseline
    before their window get NaN and no alert."""
    y = np.atleast_2d(np.asarray(hourly, dtype=np.float64))
    series, hours = y.shape
    ends = np.arange(window + baseline, hours + 1)  # exclusive end of each evaluated window
    count = np.full((series, hours), np.nan)
    expected, std, threshold = count.copy(), count.copy(), count.copy()
    alert = np.zeros((series, hours), dtype=bool)
    if len(ends) == 0:
        return Scan(count, expected, std, threshold, alert)
    fit = _LineFit(y, ends - window - baseline, baseline)
    forecast = np.maximum(window * fit.intercept + fit.slope * (window * baseline + window * (window - 1) / 2), 0.0)
    spread = np.sqrt(np.maximum(_window_variance(y, fit, window), np.maximum(forecast, 1.0)))
    needed = forecast + np.maximum(k * spread, min_count)
    cum = _cumsum(y)
    window_count = cum[:, ends] - cum[:, ends - window]
    columns = ends - 1
    count[:, columns], expected[:, columns], std[:, columns], threshold[:, columns] = (
        window_count, forecast, spread, needed)
    alert[:, columns] = window_count >= needed
    return Scan(count, expected, std, threshold, alert)


class _LineFit:
    """Least-squares lines through `length` hours from each of `starts`, for every series (local hours 0..)."""

    def __init__(self, y: np.ndarray, starts: np.ndarray, length: int) -> None:
        cum, cum_index, cum_squares = _cumsum(y), _cumsum(y * np.arange(y.shape[1])), _cumsum(y**2)
        stops = starts + length
        total = cum[:, stops] - cum[:, starts]
        weighted = cum_index[:, stops] - cum_index[:, starts] - starts * total  # sum of i * y_i, i local
        squares = cum_squares[:, stops] - cum_squares[:, starts]
        self.starts, self.length = starts, length
        self.sxx = length * (length**2 - 1) / 12
        mean_x = (length - 1) / 2
        self.slope = (weighted - mean_x * total) / self.sxx
        self.intercept = total / length - self.slope * mean_x
        residual_squares = np.maximum(squares - total**2 / length - self.slope**2 * self.sxx, 0.0)
        self.hourly_variance = residual_squares / (length - 2)


def _window_variance(y: np.ndarray, fit: _LineFit, window: int) -> np.ndarray:
    """Variance of a window's count around the forecast: the larger of two estimates (hourly residuals, which
    are stable; the baseline's own window sums, which keep bursts and autocorrelation), each with the
    uncertainty of the line where it is extrapolated (`(baseline + window) / 2` hours past its middle)."""
    distance = (fit.length + window) / 2
    extrapolation = window * (1 / fit.length + distance**2 / fit.sxx)  # in units of one window's variance
    from_hours = fit.hourly_variance * window * (1 + extrapolation)
    from_windows = _window_sums_variance(y, fit, window) * (1 + extrapolation)
    return np.maximum(from_hours, from_windows)


def _window_sums_variance(y: np.ndarray, fit: _LineFit, window: int) -> np.ndarray:
    """Variance of the baseline's `window`-hour sums around its fitted line, for every baseline at once."""
    m = fit.length - window + 1  # window sums that fit in a baseline
    if m < 3:
        return np.zeros_like(fit.slope)
    cum = _cumsum(y)
    sums = cum[:, window:] - cum[:, :-window]  # sums[:, g] = y[g : g + window]
    c1, c2, cj = _cumsum(sums), _cumsum(sums**2), _cumsum(sums * np.arange(sums.shape[1]))
    starts = fit.starts
    total = c1[:, starts + m] - c1[:, starts]
    squares = c2[:, starts + m] - c2[:, starts]
    by_j = cj[:, starts + m] - cj[:, starts] - starts * total
    mean = total / m
    cov = by_j / m - mean * (m - 1) / 2
    step = fit.slope * window  # the line's rise between two window sums one hour apart, times the window
    variance = squares / m - mean**2 - 2 * step * cov + step**2 * (m**2 - 1) / 12
    return np.maximum(variance, 0.0) * m / (m - 1)


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

"""The spike detector on synthetic series with known spikes, and silence on flat and slowly growing ones."""

from __future__ import annotations

import datetime as dt

import numpy as np

from socialguard.inbox.spikes import check, hourly_counts, scan
from socialguard.policy.listening import Crisis

DAYS = 30
HOURS = DAYS * 24


def _daily_rhythm(level: float) -> np.ndarray:
    """More mentions by day than by night, like real traffic."""
    hour = np.arange(HOURS) % 24
    return level * (1 + 0.8 * np.sin((hour - 6) / 24 * 2 * np.pi))


def test_a_flat_series_never_alerts():
    assert not scan(np.full(HOURS, 5)).alert.any()
    assert not scan(np.zeros(HOURS)).alert.any()


def _alert_rate(result) -> float:
    """Share of the evaluated hours that alert."""
    return result.alert[~np.isnan(result.count)].mean()


def test_noisy_flat_series_rarely_alert_and_the_rate_follows_k():
    rng = np.random.default_rng(7)
    rhythm = rng.poisson(_daily_rhythm(4.0), size=(50, HOURS))
    assert _alert_rate(scan(rhythm, k=3.0)) < 0.001
    noise = rng.poisson(10.0, size=(50, HOURS))
    assert _alert_rate(scan(noise, k=3.0)) < 0.005 < _alert_rate(scan(noise, k=2.0)) < 0.05


def test_slow_growth_is_forecast_not_alarmed():
    rng = np.random.default_rng(11)
    growth = np.linspace(2, 20, HOURS)  # ten times more negative mentions after a month
    series = rng.poisson(growth * (1 + 0.5 * np.sin(np.arange(HOURS) / 24 * 2 * np.pi)), size=(20, HOURS))
    assert _alert_rate(scan(series, k=3.0)) < 0.01
    assert not scan(np.round(growth)).alert.any()
    assert not scan(np.round(growth * (1 + 0.5 * np.sin(np.arange(HOURS) / 24 * 2 * np.pi)))).alert.any()


def test_a_known_spike_is_found_within_hours_and_the_numbers_explain_it():
    rng = np.random.default_rng(3)
    series = rng.poisson(_daily_rhythm(3.0)).astype(float)
    spike_at = 20 * 24 + 10
    series[spike_at:spike_at + 3] += [30, 60, 40]  # a story goes viral for three hours
    result = scan(series, k=3.0)
    alerts = np.flatnonzero(result.alert[0])
    assert alerts.size and spike_at <= alerts[0] <= spike_at + 2
    assert (alerts < spike_at).sum() == 0
    first = alerts[0]
    assert result.count[0, first] >= result.threshold[0, first] > result.expected[0, first]


def test_a_small_absolute_rise_is_not_a_crisis():
    series = np.zeros(HOURS)
    series[-5:] = 1  # five negative mentions where there were none: under min_count
    assert not scan(series).alert.any()
    series[-5:] = 3
    assert scan(series).alert[0, -1]


def test_many_series_at_once_only_the_spiking_ones_alert():
    rng = np.random.default_rng(5)
    series = rng.poisson(2.0, size=(100, HOURS)).astype(float)
    series[[4, 42], -6:] += 25
    alerting = np.flatnonzero(scan(series, k=3.0).alert[:, -1])
    assert alerting.tolist() == [4, 42]


def test_check_buckets_mention_times_and_returns_the_alert():
    now = dt.datetime(2026, 11, 20, 15, 37, tzinfo=dt.timezone.utc)
    settings = Crisis()
    quiet = [now - dt.timedelta(hours=h) for h in range(1, 24 * 8) if h % 3 == 0]  # one every 3 hours
    assert check(quiet, now, settings) is None
    burst = quiet + [now - dt.timedelta(minutes=m) for m in range(40, 400, 10)]  # 36 in the last 6 hours
    alert = check(burst, now, settings)
    assert alert is not None
    assert alert.window_end == now.replace(minute=0) and alert.window_start == alert.window_end - dt.timedelta(hours=24)
    assert alert.count > alert.threshold >= alert.expected + settings.min_count and alert.z > settings.k


def test_hourly_counts_puts_times_in_the_right_buckets():
    end = dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone.utc)
    times = [end - dt.timedelta(minutes=1), end - dt.timedelta(minutes=61), end, end - dt.timedelta(hours=5)]
    assert hourly_counts(times, end, 3).tolist() == [0, 1, 1]

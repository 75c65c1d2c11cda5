"""The time zones a person can choose in their preferences: the IANA names the system knows."""

from __future__ import annotations

import functools
import zoneinfo


@functools.cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name (`Europe/Warsaw`, `America/New_York`, ...), sorted; read once per process."""
    return tuple(sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC"))

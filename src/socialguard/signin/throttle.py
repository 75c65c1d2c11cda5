"""Sign-in throttling that slows guessing down without letting anyone lock another person out.

Two counters of failures (wrong passwords and wrong codes), both in Django's cache and both keyed on the
client's address (`REMOTE_ADDR`, which `socialguard.web.proxies` sets from a trusted proxy's `X-Forwarded-For`):

- **per address**: `LOGIN_ADDRESS_MAX_FAILURES` failures, for any user names, within `LOGIN_WINDOW_SECONDS`
  refuse that address until the window has passed since its last failure. This bounds guessing from one place.
- **per user name and address**: after `LOGIN_FREE_FAILURES` failures each further try waits longer (1, 2, 4 ...
  seconds, at most `LOGIN_MAX_DELAY_SECONDS`); a try that comes too early is refused and does not count.

Nothing is counted per account alone, so failures from other addresses never stop the account's owner. A
success clears the user name's count from that address, not the address's own count.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(*parts: str) -> str:
    return "signin-failures:" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


def _address_key(request: HttpRequest) -> str:
    return _key("address", request.META.get("REMOTE_ADDR", ""))


def _pair_key(username: str, request: HttpRequest) -> str:
    return _key("pair", username.strip().casefold(), request.META.get("REMOTE_ADDR", ""))


def delay_after(failures: int) -> int:
    """Seconds the next try waits after `failures` failures of one user name from one address."""
    extra = failures - settings.LOGIN_FREE_FAILURES
    return 0 if extra < 0 else min(2**extra, settings.LOGIN_MAX_DELAY_SECONDS)


def wait_seconds(username: str, request: HttpRequest) -> int:
    """How long this address must wait before trying `username` again (0: it may try now)."""
    now = time.time()
    failures, last = cache.get(_address_key(request), (0, 0.0))
    if failures >= settings.LOGIN_ADDRESS_MAX_FAILURES and last + settings.LOGIN_WINDOW_SECONDS > now:
        return math.ceil(last + settings.LOGIN_WINDOW_SECONDS - now)
    failures, last = cache.get(_pair_key(username, request), (0, 0.0))
    return max(0, math.ceil(last + delay_after(failures) - now))


def record_failure(username: str, request: HttpRequest) -> bool:
    """Count one failure; True when it is the one from which this user name's tries from here are delayed."""
    now = time.time()
    counts = []
    for key in (_address_key(request), _pair_key(username, request)):
        failures = cache.get(key, (0, 0.0))[0] + 1
        cache.set(key, (failures, now), settings.LOGIN_WINDOW_SECONDS)
        counts.append(failures)
    return counts[1] == settings.LOGIN_FREE_FAILURES


def clear(username: str, request: HttpRequest) -> None:
    cache.delete(_pair_key(username, request))

"""Login throttling: failures are counted per (user name, address) in the cache; too many lock the pair.

`LOGIN_MAX_FAILURES` failures within `LOGIN_LOCK_SECONDS` lock that user name from that address for
`LOGIN_LOCK_SECONDS`. A success clears the count. Wrong passwords and wrong codes both count.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(username: str, request: HttpRequest) -> str:
    raw = f"{username.strip().casefold()}|{request.META.get('REMOTE_ADDR', '')}"
    return "signin-failures:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def is_locked(username: str, request: HttpRequest) -> bool:
    return cache.get(_key(username, request), 0) >= settings.LOGIN_MAX_FAILURES


def record_failure(username: str, request: HttpRequest) -> bool:
    """Count one failure; True when this failure locked the pair."""
    key = _key(username, request)
    cache.add(key, 0, settings.LOGIN_LOCK_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.LOGIN_LOCK_SECONDS)
        failures = 1
    if failures >= settings.LOGIN_MAX_FAILURES:
        cache.set(key, failures, settings.LOGIN_LOCK_SECONDS)  # the lock lasts from the last failure
        return failures == settings.LOGIN_MAX_FAILURES
    return False


def clear(username: str, request: HttpRequest) -> None:
    cache.delete(_key(username, request))

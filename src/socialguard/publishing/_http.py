"""One HTTP request of a publisher, with its failures turned into the typed errors of `base`.

Connection errors, timeouts, 408 and 5xx become `NetworkDown`; 429 becomes `RateLimited` with the wait the network
asked for (`Retry-After` in seconds or as an HTTP date, or Bluesky's `RateLimit-Reset` epoch seconds);
401 becomes `CredentialRejected`; other 4xx become `Refused` with the network's own reason. Messages name
the account and the call, never a token, password or secret, and are one line.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx

from .base import CredentialRejected, NetworkDown, PublishError, RateLimited, Refused

USER_AGENT = "socialguard-publishing/0.1"
DEFAULT_WAIT = 60.0  # seconds, when a 429 says nothing about how long to wait


def retry_after(response: httpx.Response, now: float | None = None) -> float:
    """Seconds to wait before retrying after `response` (a 429)."""
    wait = asked_wait(response, now)
    return DEFAULT_WAIT if wait is None else wait


def asked_wait(response: httpx.Response, now: float | None = None) -> float | None:
    """The wait a 429 asks for, in seconds: `Retry-After` (seconds or an HTTP date) or `RateLimit-Reset` (epoch
    seconds, Bluesky; a small number is seconds); None when it says nothing. Also the inbox's `Fetcher` reads it."""
    now = time.time() if now is None else now
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError, IndexError):
            pass
    reset = response.headers.get("RateLimit-Reset", "").strip()
    if reset.isdigit():
        return max(0.0, float(reset) - now) if int(reset) > 1_000_000_000 else float(reset)
    return None


def reason(response: httpx.Response) -> tuple[str, str | None]:
    """The network's own words for a refusal (XRPC `error: message`, Mastodon `error`, or the status line)
    and its error name, if any."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        words = [str(body[k]) for k in ("error", "message") if isinstance(body.get(k), (str, int))]
        if words:
            return " ".join(": ".join(words).split())[:300], words[0]
    return f"HTTP {response.status_code}", None


def request(client: httpx.Client, who: str, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """`client.request(...)`, returning a 2xx response or raising a `PublishError` about `who`."""
    what = f"{who}: {method} {httpx.URL(url).path}"
    try:
        response = client.request(method, url, **kwargs)
    except httpx.TimeoutException:
        raise NetworkDown(f"{what} timed out") from None
    except httpx.TransportError as exc:
        raise NetworkDown(f"{what} failed: {type(exc).__name__}") from None
    status = response.status_code
    if status < 300:
        return response
    if status == 429:
        wait = retry_after(response)
        raise RateLimited(f"{what}: rate limited, retry after {wait:g} s", wait)
    if status >= 500 or status == 408:
        raise NetworkDown(f"{what}: the server answered {status}")
    words, code = reason(response)
    if status == 401:
        raise CredentialRejected(f"{what}: the credential was refused ({words})", code)
    raise Refused(f"{what}: refused ({words})", code)


def json_of(response: httpx.Response, who: str) -> dict:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise PublishError(f"{who}: the network answered {response.request.url.path} with no JSON object")
    return body

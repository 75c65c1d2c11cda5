"""Fetching a URL for a connector, politely and stubbornly: timeouts, bounded retries, and clear failures.

429 is retried after the server's `Retry-After` (seconds or an HTTP date) or `RateLimit-Reset` (epoch
seconds, Bluesky), capped at `max_wait`; 5xx responses and network errors (refused, reset, timed out) are
retried with exponential backoff; other 4xx are not retried. When the attempts run out the caller gets a
`FetchError` whose message names the URL's host and path and what went wrong, never a traceback. GET for
reading, POST with a JSON body for logging in (AT Protocol sessions). JSON bodies are read by the bounded
loader (`untrusted_json`): a page nested too deeply is such an error too.
`sleep` and `now` are injectable so tests run without waiting.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

import httpx

from ...publishing._http import asked_wait
from ...untrusted_json import JsonRejected, loads

USER_AGENT = "socialguard-listening/0.1 (+https://github.com/socialguard)"
MAX_JSON_BYTES = 20_000_000  # one page of a source's API, as the feeds' limit


class FetchError(Exception):
    """A request that failed for good; `status` is the last HTTP status, if there was a response, and `code`
    the source's own error name (XRPC `error`, e.g. `ExpiredToken`), if it sent one."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass
class Fetcher:
    """An httpx client with the retry policy every connector shares."""

    timeout: float = 10.0
    attempts: int = 4  # tries in total for one request
    backoff: float = 1.0  # seconds before the 2nd try; doubled each time
    max_wait: float = 120.0  # the longest a Retry-After is honoured
    headers: dict[str, str] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], float] = time.time
    transport: httpx.BaseTransport | None = None
    waits: list[float] = field(default_factory=list)  # every pause taken, for reports and tests

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            timeout=self.timeout,
            headers={"User-Agent": USER_AGENT, **self.headers},
            follow_redirects=True,
            transport=self.transport,
        )

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
        """The response to a GET (2xx or 304), after retries; raises `FetchError` otherwise."""
        return self.request("GET", url, params=params, headers=headers)

    def post(self, url: str, json: Any, headers: dict[str, str] | None = None) -> httpx.Response:
        """The response to a POST of a JSON body (2xx), after retries; raises `FetchError` otherwise."""
        return self.request("POST", url, json=json, headers=headers)

    def request(self, method: str, url: str, params: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None, json: Any = None) -> httpx.Response:
        where = _where(url)
        problem = ""
        status = None
        for attempt in range(1, self.attempts + 1):
            try:
                response = self._client.request(method, url, params=_clean(params), headers=headers, json=json)
            except httpx.TimeoutException:
                problem, status, wait = f"timed out after {self.timeout:g} s", None, self._backoff(attempt)
            except httpx.TransportError as exc:
                problem, status, wait = f"network error ({type(exc).__name__})", None, self._backoff(attempt)
            else:
                status = response.status_code
                if status < 300 or status == 304:
                    return response
                if status == 429:
                    problem, wait = "rate limited (HTTP 429)", self._retry_after(response, attempt)
                elif status >= 500:
                    problem, wait = f"server error (HTTP {status})", self._backoff(attempt)
                else:
                    raise FetchError(f"{where}: HTTP {status}{_error_detail(response)}", status, _error_code(response))
            if attempt < self.attempts:
                self.waits.append(wait)
                self.sleep(wait)
        raise FetchError(f"{where}: {problem}; gave up after {self.attempts} attempts", status)

    def _backoff(self, attempt: int) -> float:
        return min(self.backoff * 2 ** (attempt - 1), self.max_wait)

    def _retry_after(self, response: httpx.Response, attempt: int) -> float:
        wait = asked_wait(response, self.now())
        return min(self._backoff(attempt) if wait is None else wait, self.max_wait)


def _clean(params: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if params is None else {k: v for k, v in params.items() if v is not None}


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


def _error_detail(response: httpx.Response) -> str:
    """The source's own error message, if it sent a short JSON one (Mastodon `error`, Bluesky `message`)."""
    try:
        body = loads(response.content, max_bytes=MAX_JSON_BYTES)
    except JsonRejected:
        return ""
    if isinstance(body, dict):
        detail = body.get("message") or body.get("error")
        if isinstance(detail, str) and detail:
            return f" ({detail[:200]})"
    return ""


def _error_code(response: httpx.Response) -> str | None:
    try:
        body = loads(response.content, max_bytes=MAX_JSON_BYTES)
    except JsonRejected:
        return None
    code = body.get("error") if isinstance(body, dict) else None
    return code if isinstance(code, str) else None


def json_body(response: httpx.Response, where: str) -> Any:
    """The decoded JSON body (the bounded loader: size, depth), or `FetchError` naming where and why not."""
    try:
        return loads(response.content, max_bytes=MAX_JSON_BYTES)
    except JsonRejected as exc:
        raise FetchError(f"{_where(where)}: malformed JSON in the response ({exc})") from None

"""The inbox's AT Protocol session: the one session of `publishing.atproto`, its requests sent through the
connectors' `Fetcher`, so a 429 or a 5xx is retried within the poll before it becomes an error.

`session(service, identifier, password, fetcher)` logs in on first use. The Fetcher's `FetchError` becomes the
session's typed errors (`publishing.base`) with the same one-line message: 401 `CredentialRejected`, another
4xx `Refused` (with the XRPC error name, so an expired token is renewed), 429 `RateLimited`, anything else
`NetworkDown`. The password and tokens never appear in an error message.
"""

from __future__ import annotations

from typing import Any

import httpx

from ...publishing.atproto import AtprotoSession
from ...publishing.base import CredentialRejected, NetworkDown, RateLimited, Refused
from ._http import Fetcher, FetchError


def session(service: str, identifier: str, password: str, fetcher: Fetcher) -> AtprotoSession:
    def send(method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return fetcher.request(method, url, **kwargs)
        except FetchError as exc:
            raise _typed(exc) from None

    return AtprotoSession(service, identifier, password, send=send)


def _typed(exc: FetchError) -> Exception:
    message, status = str(exc), exc.status
    if status == 401:
        return CredentialRejected(message, exc.code)
    if status == 429:
        return RateLimited(message, 0.0)
    if status is not None and 400 <= status < 500:
        return Refused(message, exc.code)
    return NetworkDown(message, exc.code)

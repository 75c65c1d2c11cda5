"""A logged-in AT Protocol session on an account's PDS, for both sides of socialguard: the publisher's writes
and the inbox's reads.

`com.atproto.server.createSession` turns the handle (or DID) and an app password into an access token and
a refresh token; calls (`call`) carry the access token to `/xrpc/<nsid>`, and the PDS serves `app.bsky.*`
reads by forwarding them to its AppView. When the PDS answers that the access token expired or is not valid
(XRPC `ExpiredToken` or `InvalidToken`), the session refreshes it once (`refreshSession`), logs in again if
the refresh token is gone too, and repeats the call.

Errors are the typed ones of `publishing.base`, one line each, never with the password or a token: a refused
login is `CredentialRejected` ("login as ... failed: ...; reconnect the account"). The HTTP request itself is
the caller's `send(method, url, **kwargs)`, which returns a 2xx response or raises those errors with the
PDS's error name as `code`: the publisher sends once (`_http.request`; its scheduler retries), the inbox
through its `Fetcher`, which retries a 429 or a 5xx within a poll first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import httpx

from .base import CredentialRejected, PublishError, Refused

EXPIRED = frozenset({"ExpiredToken", "InvalidToken"})


@dataclass
class AtprotoSession:
    service: str  # the PDS, e.g. https://bsky.social
    identifier: str  # handle or DID
    password: str = field(repr=False)  # an app password
    send: Callable[..., httpx.Response] = field(repr=False)
    did: str | None = field(default=None, init=False)
    handle: str | None = field(default=None, init=False)
    _access: str | None = field(default=None, init=False, repr=False)
    _refresh: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.service = self.service.rstrip("/")

    @property
    def logged_in(self) -> bool:
        return self._access is not None

    def call(self, method: str, nsid: str, headers: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
        """An authenticated XRPC call; an expired access token is renewed once and the call repeated."""
        if self._access is None:
            self.login()
        try:
            return self._call(method, nsid, headers, kwargs)
        except (Refused, CredentialRejected) as exc:
            if exc.code not in EXPIRED:
                raise
        self._renew()
        return self._call(method, nsid, headers, kwargs)

    def _call(self, method: str, nsid: str, headers: dict[str, str] | None, kwargs: dict[str, Any]) -> httpx.Response:
        return self.send(method, f"{self.service}/xrpc/{nsid}",
                         headers={"Authorization": f"Bearer {self._access}", **(headers or {})}, **kwargs)

    def login(self) -> None:
        """Log in with the app password (again); raises `CredentialRejected` if it is refused."""
        try:
            response = self.send("POST", f"{self.service}/xrpc/com.atproto.server.createSession",
                                 json={"identifier": self.identifier, "password": self.password})
        except (Refused, CredentialRejected) as exc:  # a wrong or revoked app password: 401 (or 400 on old PDSes)
            raise CredentialRejected(f"login as {self.identifier} failed: {exc}; reconnect the account",
                                     exc.code) from None
        self._keep(response)

    def _renew(self) -> None:
        try:
            response = self.send("POST", f"{self.service}/xrpc/com.atproto.server.refreshSession",
                                 headers={"Authorization": f"Bearer {self._refresh}"})
        except (Refused, CredentialRejected):
            self.login()
        else:
            self._keep(response)

    def _keep(self, response: httpx.Response) -> None:
        try:
            body = response.json()
            self._access, self._refresh = str(body["accessJwt"]), str(body["refreshJwt"])
            self.did, self.handle = str(body["did"]), str(body["handle"])  # who the password really belongs to
        except (ValueError, KeyError, TypeError):
            raise PublishError(f"login as {self.identifier}: the PDS sent no session") from None

"""A logged-in AT Protocol session on the user's PDS: an app password in, XRPC calls with its token out.

`com.atproto.server.createSession` turns the handle (or DID) and an app password into an access token and
a refresh token; calls carry the access token, and the PDS serves `app.bsky.*` reads by forwarding them to
its AppView (the authenticated path production requires: the public AppView refuses unauthenticated search
since 2025). When the PDS answers that the access token expired or is not valid, the session refreshes it
once (`com.atproto.server.refreshSession`), logs in again if the refresh token is gone too, and repeats the
call. The password and tokens never appear in an error message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from ._http import Fetcher, FetchError

EXPIRED = {"ExpiredToken", "InvalidToken"}


@dataclass
class AtprotoSession:
    service: str  # the PDS, e.g. https://bsky.social
    identifier: str  # handle or DID
    password: str = field(repr=False)  # an app password
    fetcher: Fetcher = field(default_factory=Fetcher)
    _access: str | None = field(default=None, init=False, repr=False)
    _refresh: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.service = self.service.rstrip("/")

    def get(self, method: str, params: dict[str, Any]) -> httpx.Response:
        """GET `/xrpc/<method>` with the session's token; raises `FetchError`."""
        if self._access is None:
            self._login()
        try:
            return self._call(method, params)
        except FetchError as exc:
            if exc.status not in (400, 401) or exc.code not in EXPIRED:
                raise
        self._renew()
        return self._call(method, params)

    def _call(self, method: str, params: dict[str, Any]) -> httpx.Response:
        return self.fetcher.get(f"{self.service}/xrpc/{method}", params=params,
                                headers={"Authorization": f"Bearer {self._access}"})

    def _login(self) -> None:
        try:
            response = self.fetcher.post(f"{self.service}/xrpc/com.atproto.server.createSession",
                                         json={"identifier": self.identifier, "password": self.password})
        except FetchError as exc:
            raise FetchError(f"login as {self.identifier} failed: {exc}", exc.status, exc.code) from None
        self._keep(response)

    def _renew(self) -> None:
        try:
            response = self.fetcher.post(f"{self.service}/xrpc/com.atproto.server.refreshSession", json=None,
                                         headers={"Authorization": f"Bearer {self._refresh}"})
        except FetchError:
            self._login()
        else:
            self._keep(response)

    def _keep(self, response: httpx.Response) -> None:
        try:
            body = response.json()
            self._access, self._refresh = str(body["accessJwt"]), str(body["refreshJwt"])
        except (ValueError, KeyError, TypeError):
            raise FetchError(f"login as {self.identifier}: the PDS sent no session tokens") from None

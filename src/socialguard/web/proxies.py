"""Trusted reverse proxies: which peers may say, in `X-Forwarded-*` headers, who the client is and whether it used HTTPS.

`SOCIALGUARD_TRUSTED_PROXIES` lists the proxies' addresses or networks (`127.0.0.1,10.0.0.0/8`); nobody is
trusted by default. The decision is made here, in the app, the same way whichever server runs it: `serve`
tells waitress and gunicorn to pass the headers through untouched. For a request from a trusted proxy the
client address (`REMOTE_ADDR`, used by sign-in throttling and the audit log) is the right-most
`X-Forwarded-For` entry that is not itself a trusted proxy, and `X-Forwarded-Proto` says the scheme
(`SECURE_PROXY_SSL_HEADER`). From anyone else those headers are removed before Django reads them.
"""

from __future__ import annotations

import ipaddress
from typing import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                      "HTTP_X_FORWARDED_PORT", "HTTP_FORWARDED")


def parse_networks(text: str, name: str = "SOCIALGUARD_TRUSTED_PROXIES") -> tuple[Network, ...]:
    """`"127.0.0.1, 10.0.0.0/8"` as networks; a bad entry is an error naming it."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if entry:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                raise ImproperlyConfigured(f"{name}: {entry!r} is not an IP address or network") from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in networks)


def client_address(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The client behind trusted proxy `peer`: walk `X-Forwarded-For` from the right past trusted proxies."""
    for entry in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        parsed = _address(entry)
        if parsed is None:
            return peer  # a garbled chain: the last address we can vouch for is the proxy itself
        if not any(parsed in network for network in networks):
            return str(parsed)
    return peer


class TrustedProxyMiddleware:
    """Apply forwarding headers from trusted proxies; drop them from everyone else. First in `MIDDLEWARE`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks: tuple[Network, ...] = settings.SOCIALGUARD_TRUSTED_PROXIES

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        if is_trusted(peer, self.networks):
            meta["REMOTE_ADDR"] = client_address(peer, meta.get("HTTP_X_FORWARDED_FOR", ""), self.networks)
        else:
            for header in FORWARDING_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)

"""Which addresses from outside may become links: only absolute `http://` and `https://` URLs.

Mentions, webhook items and exports carry addresses written by strangers. As an `href`, `javascript:`,
`data:`, `vbscript:` (and any other scheme) would run script or open content in the app's origin when a
reader clicks, and browsers forgive a lot (`JaVaScRiPt:`, `java\\tscript:`, leading spaces or control
characters). `http_url(value)` therefore lets through only a value that is, as written, an absolute http(s)
URL with a host and without whitespace or control characters anywhere; everything else is not a link.
Templates use it through the `links` tag library (`web/templatetags/links.py`), never `href="{{ url }}"`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

PREFIXES = ("http://", "https://")


def http_url(value: object) -> str | None:
    """`value` when it is an absolute http(s) URL with a host, safe as an href, else None."""
    if not isinstance(value, str) or len(value) > 2000 or not value.lower().startswith(PREFIXES):
        return None
    if any(not c.isprintable() or c.isspace() for c in value):
        return None
    try:
        host = urlsplit(value).hostname
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return value if host else None

"""The Content-Security-Policy header on every response: scripts, styles and everything else only from this site.

No inline script, no inline event handler and no inline style is allowed, so injected markup cannot run or
restyle anything. The app's behaviour lives in static files (`socialguard/app.js`, htmx from django-htmx);
htmx is told not to inject its indicator `<style>` and not to evaluate strings (`htmx-config` meta tag in
`base.html`). Django 5.2 has no CSP support of its own; this is Django 6's `SECURE_CSP` idea in a few lines.
"""

from __future__ import annotations

from typing import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def header_value(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Set `settings.SOCIALGUARD_CSP` on every response that has no policy of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = header_value(settings.SOCIALGUARD_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(HEADER, self.value)
        return response

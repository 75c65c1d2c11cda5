"""Web-wide middleware: each person's interface language and time zone, and a clear page when a policy cannot
be used."""

from __future__ import annotations

from typing import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from socialguard.orgs.models import Profile
from socialguard.orgs.policies import PolicyUnavailable

from .timezones import zone_names


class UserPreferencesMiddleware:
    """Use the language and time zone a signed-in person chose in their preferences (else the browser's
    language, via LocaleMiddleware, and the server's `TIME_ZONE`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        if request.user.is_authenticated:
            language, zone = Profile.objects.filter(user=request.user).values_list(
                "language", "time_zone").first() or ("", "")
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
            if zone in zone_names():
                timezone.activate(zone)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PolicyUnavailable):
            return render(request, "web/policy_unavailable.html", {"problem": str(exception)}, status=503)
        return None

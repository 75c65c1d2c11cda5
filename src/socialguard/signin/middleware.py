"""Holding a signed-in person who owes a second factor at the verify/setup page until they give it.

This covers sessions that began before the requirement did (a role changed to approver, or the policy began
to require two-factor sign-in for everyone).
"""

from __future__ import annotations

from typing import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .twofactor import confirmed_device, needs_second_step


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._exempt(request.path):
            if needs_second_step(user):
                return redirect("signin:verify" if confirmed_device(user) else "signin:setup")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        signin = reverse("signin:login").rsplit("/", 2)[0] + "/"
        return path.startswith(signin) or path.startswith("/" + settings.STATIC_URL.lstrip("/"))

"""Sign-in pages: password, then (when the person has or needs one) a TOTP code or setting up an authenticator.

The session is only authenticated after the second step: between the two steps the session holds just
the pending user's id, for at most `PENDING_SECONDS`.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from socialguard.audit.chain import actor_label, record
from socialguard.orgs.models import Membership

from . import throttle
from .twofactor import confirmed_device, enrolment_device, needs_second_step

PENDING = "signin_pending"
PENDING_SECONDS = 5 * 60


def login(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "signin/login.html", {"next": request.GET.get("next", "")})
    username = request.POST.get("username", "").strip()
    password = request.POST.get("password", "")
    next_url = request.POST.get("next", "")
    context = {"next": next_url, "username": username}
    if wait := throttle.wait_seconds(username, request):
        context["error"] = _too_many(wait)
        return render(request, "signin/login.html", context, status=429)
    user = auth.authenticate(request, username=username, password=password)
    if user is None:
        _failed(username, request)
        context["error"] = _("Wrong user name or password.")
        return render(request, "signin/login.html", context, status=401)
    if not needs_second_step(user):
        return _complete(request, user, user.backend, next_url)
    request.session[PENDING] = {"user": user.pk, "backend": user.backend, "at": time.time(), "next": next_url}
    return redirect("signin:verify" if confirmed_device(user) else "signin:setup")


def verify(request: HttpRequest) -> HttpResponse:
    user, backend, next_url = _pending_user(request)
    if user is None:
        return redirect("signin:login")
    device = confirmed_device(user)
    if device is None:
        return redirect("signin:setup")
    if request.method != "POST":
        return render(request, "signin/verify.html")
    if wait := throttle.wait_seconds(user.get_username(), request):
        return render(request, "signin/verify.html", {"error": _too_many(wait)}, status=429)
    if not device.verify_token(request.POST.get("token", "").strip().replace(" ", "")):
        _failed(user.get_username(), request)
        return render(request, "signin/verify.html", {"error": _("That code is not valid. Try the current one.")},
                      status=401)
    return _complete(request, user, backend, next_url, device)


def setup(request: HttpRequest) -> HttpResponse:
    user, backend, next_url = _pending_user(request)
    if user is None:
        return redirect("signin:login")
    if confirmed_device(user):
        return redirect("signin:verify")
    device = enrolment_device(user)
    context = {"secret": b32encode(device.bin_key).decode("ascii"), "qr_svg": _qr_svg(device.config_url)}
    if request.method == "POST":
        if device.verify_token(request.POST.get("token", "").strip().replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return _complete(request, user, backend, next_url, device)
        _failed(user.get_username(), request)
        context["error"] = _("That code is not valid. Check the time on your phone and try again.")
    return render(request, "signin/setup.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    return redirect("signin:login")


def _pending_user(request: HttpRequest) -> tuple[Any, str, str]:
    """The person between the two steps (or a signed-in one who still owes a second factor)."""
    if request.user.is_authenticated:
        return request.user, "", ""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, "", ""
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending["backend"], pending.get("next", "")


def _complete(request: HttpRequest, user: Any, backend: str, next_url: str, device: Any = None) -> HttpResponse:
    throttle.clear(user.get_username(), request)
    request.session.pop(PENDING, None)
    if not request.user.is_authenticated:
        auth.login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure())
    return redirect(next_url if next_url and safe else "home")


def _too_many(seconds: int) -> str:
    return ngettext("Too many failed attempts. Wait %(seconds)d second and try again.",
                    "Too many failed attempts. Wait %(seconds)d seconds and try again.", seconds) % {"seconds": seconds}


def _failed(username: str, request: HttpRequest) -> None:
    if throttle.record_failure(username, request):
        user = get_user_model().objects.filter(username__iexact=username).first()
        for membership in Membership.objects.select_related("org").filter(user=user) if user else []:
            record(membership.org, "login_locked", actor=actor_label(user),
                   data={"address": request.META.get("REMOTE_ADDR", "")})


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")

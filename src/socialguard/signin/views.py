"""Sign-in pages: password, then (when the person has or needs one) a TOTP code, a recovery code, or setting up
an authenticator (which ends by showing ten new recovery codes once); making new recovery codes.

The session is only authenticated after the second step: between the two steps the session holds just
the pending user's id, for at most `PENDING_SECONDS`. Using a recovery code and making new ones are audit
events (`recovery_code_used`, `recovery_codes_new`) in each of the person's organisations.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from socialguard.audit.chain import actor_label, record
from socialguard.orgs import roles
from socialguard.orgs.access import requires
from socialguard.orgs.models import Membership

from . import throttle
from .twofactor import (confirmed_device, enrolment_device, looks_like_app_code, needs_second_step, recovery_device,
                        requires_two_factor)

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
    token = request.POST.get("token", "").strip().replace(" ", "")
    if not looks_like_app_code(token):
        return _with_recovery_code(request, user, backend, next_url, token)
    if not device.verify_token(token):
        _failed(user.get_username(), request)
        return render(request, "signin/verify.html", {"error": _("That code is not valid. Try the current one.")},
                      status=401)
    return _complete(request, user, backend, next_url, device)


def _with_recovery_code(request: HttpRequest, user: Any, backend: str, next_url: str, token: str) -> HttpResponse:
    device = recovery_device(user)
    if not device.verify_token(token):
        _failed(user.get_username(), request)
        return render(request, "signin/verify.html", {"error": _("That recovery code is not valid or was already "
                                                                 "used.")}, status=401)
    left = device.codes.count()
    _audit(user, "recovery_code_used", {"left": left})
    messages.warning(request, ngettext(
        "You signed in with a recovery code: %(left)d code is left. Make new codes under Preferences.",
        "You signed in with a recovery code: %(left)d codes are left. Make new codes under Preferences.",
        left) % {"left": left})
    return _complete(request, user, backend, next_url, device)


def setup(request: HttpRequest) -> HttpResponse:
    user, backend, next_url = _pending_user(request)
    if user is None:
        return redirect("signin:login")
    if confirmed_device(user):
        return redirect("signin:verify")
    device = enrolment_device(user)
    context = {"secret": b32encode(device.bin_key).decode("ascii"), "qr_svg": _qr_svg(device.config_url),
               "required": requires_two_factor(user)}
    if request.method == "POST":
        if device.verify_token(request.POST.get("token", "").strip().replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _sign_in(request, user, backend, device)
            return _show_recovery_codes(request, user, "home")
        _failed(user.get_username(), request)
        context["error"] = _("That code is not valid. Check the time on your phone and try again.")
    return render(request, "signin/setup.html", context)


@never_cache
@require_POST
@requires(roles.COMPOSE)
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes (the old ones stop working) for a member signed in with two factors."""
    if confirmed_device(request.user) is None:
        return redirect("signin:setup")
    if not request.user.is_verified():
        return redirect("signin:verify")
    return _show_recovery_codes(request, request.user, "preferences")


def _show_recovery_codes(request: HttpRequest, user: Any, continue_to: str) -> HttpResponse:
    """New codes, shown once; `continue_to` names the page to go on to."""
    codes = recovery_device(user).regenerate()
    _audit(user, "recovery_codes_new", {"codes": len(codes)})
    response = render(request, "signin/recovery_codes.html", {"codes": codes, "continue_to": continue_to})
    add_never_cache_headers(response)
    return response


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
    _sign_in(request, user, backend, device)
    return redirect(_safe(request, next_url))


def _sign_in(request: HttpRequest, user: Any, backend: str, device: Any = None) -> None:
    throttle.clear(user.get_username(), request)
    request.session.pop(PENDING, None)
    if not request.user.is_authenticated:
        auth.login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)


def _safe(request: HttpRequest, next_url: str) -> str:
    """`next_url` when it is a path on this site, else the home page."""
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure())
    return next_url if next_url and safe else reverse("home")


def _audit(user: Any, kind: str, data: dict) -> None:
    for membership in Membership.objects.select_related("org").filter(user=user):
        record(membership.org, kind, actor=actor_label(user), data=data)


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

"""The home page (what waits for me) and my preferences (interface language, time zone, two-factor status)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from socialguard.orgs import roles
from socialguard.orgs.access import requires
from socialguard.orgs.models import Profile
from socialguard.signin.twofactor import confirmed_device, recovery_codes_left, requires_two_factor
from socialguard.workflow.models import PostDraft, State

from .timezones import zone_names


@requires(roles.COMPOSE)
def home(request: HttpRequest) -> HttpResponse:
    mine = PostDraft.objects.filter(org=request.org, author=request.user)
    counts = {s: mine.filter(state=s).count() for s in (State.DRAFT, State.PENDING, State.CHANGES_REQUESTED)}
    pending = None
    if request.membership.can(roles.VIEW_QUEUE):
        pending = PostDraft.objects.filter(org=request.org, state=State.PENDING).count()
    return render(request, "web/home.html", {"counts": counts, "pending": pending,
                                             "recent": mine.order_by("-updated_at")[:10]})


@requires(roles.COMPOSE)
def preferences(request: HttpRequest) -> HttpResponse:
    profile, _created = Profile.objects.get_or_create(user=request.user)
    if request.method == "POST":
        language, zone = request.POST.get("language", ""), request.POST.get("time_zone", "")
        if language not in dict(settings.LANGUAGES) and language != "":
            messages.error(request, _("Unknown language."))
        elif zone not in zone_names() and zone != "":
            messages.error(request, _("Unknown time zone: %(zone)s.") % {"zone": zone})
        else:
            profile.language, profile.time_zone = language, zone
            profile.save(update_fields=["language", "time_zone"])
            translation.activate(language or settings.LANGUAGE_CODE)
            messages.success(request, _("Preferences saved."))
            return redirect("preferences")
    return render(request, "web/preferences.html", {
        "profile": profile, "zones": zone_names(), "server_zone": settings.TIME_ZONE,
        "has_device": confirmed_device(request.user) is not None,
        "two_factor_required": requires_two_factor(request.user), "codes_left": recovery_codes_left(request.user),
    })

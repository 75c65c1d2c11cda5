"""The page an invitation's link opens: someone signed in joins with the invited role; someone new sets a
user name, their name and a password (Django's password rules) and joins. An unusable link (unknown, expired,
revoked or used) is a 404 page that says so. The token is in the path, never logged or shown back."""

from __future__ import annotations

from django.contrib import auth, messages
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from socialguard.orgs.access import SESSION_ORG

from . import people

BACKEND = "django.contrib.auth.backends.ModelBackend"


class NewAccountForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username", "first_name", "last_name")


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = people.open_invitation(token)
    if invitation is None:
        return render(request, "orgs/invitation_unusable.html", status=404)
    signed_in = request.user.is_authenticated
    form = None if signed_in else NewAccountForm(request.POST or None)
    context = {"invitation": invitation, "form": form, "login_next": request.path}
    if request.method != "POST":
        return render(request, "orgs/invitation.html", context)
    if not signed_in and not form.is_valid():
        return render(request, "orgs/invitation.html", context, status=400)
    try:
        with transaction.atomic():  # a new account exists only if it joined
            user = request.user if signed_in else form.save(commit=False)
            if not signed_in:
                user.email = invitation.email
                user.save()
            membership = people.accept(invitation, user)
    except people.PeopleError as exc:
        context["error"] = str(exc)
        return render(request, "orgs/invitation.html", context, status=409)
    if not signed_in:
        auth.login(request, user, backend=BACKEND)
    request.session[SESSION_ORG] = membership.org_id
    messages.success(request, _("Welcome to %(org)s.") % {"org": membership.org.name})
    return redirect("home")

"""Organisation pages: the policy file (edit, versions), members (invitations, roles, removal) and teams,
organisation settings (notification webhook), and switching between one's organisations."""

from __future__ import annotations

import re

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from socialguard.audit.chain import actor_label, record
from socialguard.orgs import roles
from socialguard.orgs.access import SESSION_ORG, in_org, requires
from socialguard.orgs.models import ROLE_CHOICES, Invitation, Membership, Team
from socialguard.orgs.policies import file_name, save_policy
from socialguard.policy import PolicyError

from . import people
from .forms import InviteForm, OrganisationSettingsForm


@requires(roles.MANAGE_POLICY)
def policy(request: HttpRequest) -> HttpResponse:
    current = request.org.current_policy_version()
    text = request.POST.get("yaml", current.yaml if current else "")
    context = {"yaml": text, "current": current, "versions": request.org.policy_versions.all()[:50]}
    if request.method == "POST":
        if current and text == current.yaml:
            messages.info(request, _("Nothing changed."))
            return redirect("orgs:policy")
        try:
            with transaction.atomic():
                version = save_policy(request.org, text, request.user)
                record(request.org, "policy_change", actor=actor_label(request.user), obj=version,
                       data={"version": version.number, "previous": current.number if current else None})
        except PolicyError as exc:
            context.update(error=str(exc), **_where(str(exc), text, file_name(request.org)))
            return render(request, "orgs/policy.html", context, status=400)
        messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
        return redirect("orgs:policy")
    return render(request, "orgs/policy.html", context)


def _where(message: str, text: str, name: str, around: int = 3) -> dict:
    """The line of the text an error names (`acme policy:12: ...`) and the lines around it, numbered, for the
    page to show; nothing when the error is about a pack or the whole file."""
    match = re.match(re.escape(name) + r":(\d+):", message)
    lines = text.splitlines()
    if not match or not 1 <= int(match.group(1)) <= len(lines):
        return {}
    line = int(match.group(1))
    numbers = range(max(1, line - around), min(len(lines), line + around) + 1)
    return {"error_line": line, "excerpt": [(n, lines[n - 1], n == line) for n in numbers]}


@requires(roles.MANAGE_MEMBERS)
def members(request: HttpRequest) -> HttpResponse:
    return _members_page(request, InviteForm())


def _members_page(request: HttpRequest, form: InviteForm, status: int = 200) -> HttpResponse:
    memberships = Membership.objects.filter(org=request.org).select_related("user").order_by("user__username")
    teams = Team.objects.filter(org=request.org).prefetch_related("members")
    return render(request, "orgs/members.html", {
        "memberships": memberships, "teams": teams, "roles": ROLE_CHOICES, "invite_form": form,
        "invitations": people.pending(request.org),
    }, status=status)


@require_POST
@requires(roles.MANAGE_MEMBERS)
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _members_page(request, form, status=400)
    try:
        invitation, _token = people.invite(request.org, request.user, form.cleaned_data["email"],
                                           form.cleaned_data["role"])
    except people.PeopleError as exc:
        form.add_error("email", str(exc))
        return _members_page(request, form, status=400)
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    return redirect("orgs:members")


@require_POST
@requires(roles.MANAGE_MEMBERS)
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = in_org(request, Invitation, pk=pk)
    try:
        people.revoke(invitation, request.user)
        messages.success(request, _("Invitation to %(email)s revoked.") % {"email": invitation.email})
    except people.PeopleError as exc:
        messages.error(request, str(exc))
    return redirect("orgs:members")


@require_POST
@requires(roles.MANAGE_MEMBERS)
def change_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = in_org(request, Membership, pk=pk)
    new_role = request.POST.get("role", "")
    if membership.user_id == request.user.pk and new_role != roles.ADMIN:
        messages.error(request, _("You cannot take away your own administrator role."))
        return redirect("orgs:members")
    try:
        people.change_role(membership, request.user, new_role)
        messages.success(request, _("Role changed."))
    except people.PeopleError as exc:
        messages.error(request, str(exc))
    return redirect("orgs:members")


@require_POST
@requires(roles.MANAGE_MEMBERS)
def remove_member(request: HttpRequest, pk: int) -> HttpResponse:
    membership = in_org(request, Membership.objects.select_related("user"), pk=pk)
    name = membership.user.get_username()
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot remove yourself; ask another administrator."))
        return redirect("orgs:members")
    try:
        accounts = people.remove(membership, request.user)
    except people.PeopleError as exc:
        messages.error(request, str(exc))
        return redirect("orgs:members")
    messages.success(request, _("%(name)s was removed from the organisation.") % {"name": name})
    if accounts:
        messages.warning(request, ngettext(
            "%(name)s still has access to %(count)d brand account (%(accounts)s): remove it in the security "
            "registry.",
            "%(name)s still has access to %(count)d brand accounts (%(accounts)s): remove it in the security "
            "registry.", len(accounts)) % {"name": name, "count": len(accounts), "accounts": ", ".join(accounts)})
    return redirect("orgs:members")


@require_POST
@requires(roles.MANAGE_MEMBERS)
def team_membership(request: HttpRequest, pk: int) -> HttpResponse:
    team = in_org(request, Team, pk=pk)
    membership = in_org(request, Membership, pk=request.POST.get("membership"))
    joined = request.POST.get("member") == "1"
    with transaction.atomic():
        (team.members.add if joined else team.members.remove)(membership.user)
        record(request.org, "permission_change", actor=actor_label(request.user), obj=team,
               data={"user": membership.user.get_username(), "team": team.name, "member": joined})
    return redirect("orgs:members")


@requires(roles.MANAGE_ORG)
def settings_page(request: HttpRequest) -> HttpResponse:
    form = OrganisationSettingsForm(request.POST or None, instance=request.org)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(request.org, "settings_change", actor=actor_label(request.user), obj=request.org,
                   data={"fields": sorted(form.changed_data)})
        messages.success(request, _("Saved."))
        return redirect("orgs:settings")
    return render(request, "orgs/settings.html", {"form": form})


@require_POST
@requires(roles.COMPOSE)
def switch(request: HttpRequest) -> HttpResponse:
    membership = get_object_or_404(Membership, user=request.user, org__slug=request.POST.get("org", ""))
    request.session[SESSION_ORG] = membership.org_id
    return redirect("home")

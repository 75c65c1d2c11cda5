"""Who may use the inbox: the roles module's permissions, widened by team membership.

`answer_mentions` (see, assign, note, answer mentions) comes with the roles admin, comms lead and customer
service, and with membership of a customer service, PR, social engagement, crisis response, security or
legal team (the escalation matrix routes mentions to each of them) for any other role except employee
(employees never see the inbox). `manage_inbox` (webhook tokens, closing crisis
incidents) is the roles module's. Crisis incidents are seen by whoever answers mentions or sees security
incidents (`see_crises`); starting one, ticking its checklist and pausing scheduled posts (`run_crisis`) needs
`manage_inbox`, `run_incidents` or the crisis response team. Views use `requires_inbox(permission)`, the inbox's version of `orgs.access.requires`; objects are
looked up inside the current organisation with `orgs.access.in_org`.
"""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from socialguard.orgs import roles
from socialguard.orgs.access import current_membership
from socialguard.orgs.models import Membership, Team

INBOX_TEAM_KINDS = ("customer_service", "pr", "social_engagement", "crisis_response", "security", "legal")
CRISIS_TEAM_KIND = "crisis_response"
SEE_CRISES = "see_crises"  # crisis incidents (inbox-only permission)
RUN_CRISIS = "run_crisis"  # start a crisis incident, tick its checklist, pause publishing (inbox-only permission)


def inbox_permissions(membership: Membership | None) -> frozenset[str]:
    """The inbox permissions of a membership: from its role, then from its teams."""
    if membership is None or membership.role == roles.EMPLOYEE:
        return frozenset()
    granted = {p for p in (roles.ANSWER_MENTIONS, roles.MANAGE_INBOX) if membership.can(p)}
    kinds = set(Team.objects.filter(org=membership.org_id, members=membership.user_id).values_list("kind", flat=True))
    if kinds & set(INBOX_TEAM_KINDS):
        granted.add(roles.ANSWER_MENTIONS)
    if roles.ANSWER_MENTIONS in granted or membership.can(roles.VIEW_SECURITY):
        granted.add(SEE_CRISES)
    if roles.MANAGE_INBOX in granted or CRISIS_TEAM_KIND in kinds or membership.can(roles.RUN_INCIDENTS):
        granted.add(RUN_CRISIS)
    return frozenset(granted)


def requires_inbox(permission: str) -> Callable:
    """View decorator: signed in, member of the current organisation, with `permission` in the inbox.

    Sets `request.membership`, `request.org` and `request.inbox_perms` for the view.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = current_membership(request)
            granted = inbox_permissions(membership)
            if permission not in granted:
                raise PermissionDenied(permission)
            request.membership, request.org, request.inbox_perms = membership, membership.org, granted
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator

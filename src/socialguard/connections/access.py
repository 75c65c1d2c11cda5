"""Who may open the connections pages: `manage_connections` (admin), widened to the members the policy names
as a brand account's owner (`brand_accounts[].owner`). Each action checks the account itself again
(`services.may_manage`); objects are looked up inside the current organisation only."""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from socialguard.orgs import roles
from socialguard.orgs.access import current_membership

from .services import manageable


def requires_connections(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator: signed in, a member of the current organisation, who may manage some brand account."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = current_membership(request)
        if membership is None or not (membership.can(roles.MANAGE_CONNECTIONS) or manageable(membership)):
            raise PermissionDenied(roles.MANAGE_CONNECTIONS)
        request.membership, request.org = membership, membership.org
        return view(request, *args, **kwargs)

    wrapped.required_permission = roles.MANAGE_CONNECTIONS
    return wrapped

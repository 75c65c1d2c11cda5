"""Who may see what: the signed-in person's membership of the current organisation, and the `requires` decorator.

Every view of the app is wrapped in `requires(permission)`: it needs a signed-in user who is a member of the
current organisation and whose role has the permission. Objects are always looked up *within* the current
organisation (`in_org`), so another organisation's data is a 404, never a leak.
"""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Membership

SESSION_ORG = "socialguard_org"


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership of the organisation chosen in this session (else the user's first), or None."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_membership"):
        memberships = Membership.objects.select_related("org").filter(user=request.user).order_by("org__name")
        chosen = request.session.get(SESSION_ORG)
        request._membership = (chosen and memberships.filter(org_id=chosen).first()) or memberships.first()
    return request._membership


def requires(permission: str) -> Callable:
    """View decorator: signed in, member of the current organisation, and the role has `permission`.

    Sets `request.membership` and `request.org` for the view.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = current_membership(request)
            if membership is None or not membership.can(permission):
                raise PermissionDenied(permission)
            request.membership = membership
            request.org = membership.org
            return view(request, *args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


def in_org(request: HttpRequest, model_or_queryset: type[Model] | QuerySet, **lookup: Any) -> Any:
    """The object matching `lookup` inside the current organisation, else 404."""
    return get_object_or_404(model_or_queryset, org=request.org, **lookup)


def membership_context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the current membership and the set of permissions its role grants."""
    from .roles import PERMISSIONS

    membership = current_membership(request)
    return {
        "membership": membership,
        "perms_granted": PERMISSIONS.get(membership.role, frozenset()) if membership else frozenset(),
    }

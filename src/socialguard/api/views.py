"""The API tokens page: make a token with scopes (shown once), see one's tokens, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.access import requires

from . import tokens
from .models import ApiToken


@requires(roles.USE_API)
def token_list(request: HttpRequest) -> HttpResponse:
    made = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        scopes = request.POST.getlist("scopes")
        if not name:
            messages.error(request, _("Give the token a name (what will use it)."))
        else:
            try:
                _row, made = tokens.make_token(request.membership, name, scopes)
            except tokens.BadScopes:
                messages.error(request, _("Choose at least one scope."))
    rows = ApiToken.objects.filter(membership=request.membership)
    return render(request, "api/tokens.html", {"tokens": rows, "made": made, "scopes": tokens.SCOPES},
                  status=400 if request.method == "POST" and made is None else 200)


@require_POST
@requires(roles.USE_API)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(ApiToken, pk=pk, membership=request.membership)
    tokens.revoke(row, request.user)
    messages.success(request, _("Token %(name)s revoked.") % {"name": row.name})
    return redirect("api_tokens:list")

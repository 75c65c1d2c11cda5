"""The connections page: the organisation's connected brand accounts ("connected as @handle, since ..."),
connecting one (the credential is verified with the network first) and revoking one. The credential is
never rendered, logged or sent back; the form's field is write-only and the POST parameter is marked
sensitive so Django's error reports leave it out."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from socialguard.orgs.access import in_org

from . import services
from .access import requires_connections
from .forms import ConnectForm
from .models import Connection


def _page(request: HttpRequest, form: ConnectForm | None = None, status: int = 200) -> HttpResponse:
    accounts = services.manageable(request.membership)
    rows = Connection.objects.filter(org=request.org).select_related("connected_by")
    return render(request, "connections/list.html", {
        "rows": [(row, services.may_manage(request.membership, row.account_platform, row.account_handle))
                 for row in rows],
        "form": form or ConnectForm(accounts=accounts),
    }, status=status)


@requires_connections
def connections(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@sensitive_post_parameters("secret")
@requires_connections
def connect(request: HttpRequest) -> HttpResponse:
    accounts = services.manageable(request.membership)
    form = ConnectForm(request.POST, accounts=accounts)
    if not form.is_valid():
        return _page(request, form, 400)
    data = form.cleaned_data
    platform, handle = data["account"].split("|", 1)
    account = next(a for a in accounts if (a.platform, a.handle) == (platform, handle))
    try:
        row = services.connect(request.membership, account, data["network"], data["service"], data["login"],
                               data["secret"])
    except services.ConnectError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, 400)
    messages.success(request, _("Connected as %(handle)s.") % {"handle": row.handle})
    return redirect("connections:list")


@require_POST
@requires_connections
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    row = in_org(request, Connection, pk=pk, revoked_at__isnull=True)
    try:
        services.revoke(request.membership, row)
    except services.ConnectError as exc:
        messages.error(request, str(exc))
        return redirect("connections:list")
    messages.success(request, _("Revoked: socialguard no longer holds the credential of %(handle)s.")
                     % {"handle": row.handle})
    return redirect("connections:list")

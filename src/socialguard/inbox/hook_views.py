"""The webhook endpoint other systems push mentions to, and the page where its tokens are made and revoked.

`POST /inbox/hooks/<org slug>/` with a JSON body (one mention, a list, or `{"mentions": [...]}`; see
`connectors/webhook.py`) and a token (`hooks.py`: bearer or HMAC signature). Answers are JSON:
200 `{"received", "stored", "duplicates", "rejected", "errors", "items"}` (`delivery.py`: one result per
item; bad items are rejected and kept for inspection, the good ones stored); 400 when no item in the body
can be stored (the body is not UTF-8, not JSON, nested too deeply, of the wrong shape, or every item is
bad); 401 without credentials; 403 with wrong ones (or an unknown organisation, so slugs cannot be
probed); 405 for other methods; 413 for a body over the limit. The mentions go through the same triage
and store as polled ones (`django_store.ingest`).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.access import in_org
from socialguard.orgs.models import Organisation
from socialguard.orgs.policies import PolicyUnavailable

from . import hooks
from .access import requires_inbox
from .connectors.webhook import MAX_BODY_BYTES, parse_webhook
from .delivery import deliver
from .models import WebhookToken


@csrf_exempt
def receive(request: HttpRequest, slug: str) -> JsonResponse:
    if request.method != "POST":
        return _error(405, "use POST with a JSON body")
    declared = _declared_length(request)
    if declared is None:
        return _error(400, "Content-Length header is not a number")
    if declared > MAX_BODY_BYTES:
        return _too_large(declared)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return _too_large(len(body))
    org = Organisation.objects.filter(slug=slug).first()
    token = hooks.authenticate(org, request.headers, body) if org is not None else hooks.Credentials.WRONG
    if token is hooks.Credentials.MISSING:
        response = _error(401, "credentials required: Authorization: Bearer <token>, or "
                               f"{hooks.SIGNATURE_HEADER}: sha256=<HMAC of the body>")
        response["WWW-Authenticate"] = 'Bearer realm="socialguard inbox"'
        return response
    if token is hooks.Credentials.WRONG:
        return _error(403, "the token or signature is not valid for this organisation")
    channel = f"webhook:{token.name}"
    batch = parse_webhook(body, channel=channel)
    if not batch.items:
        return _error(400, batch.errors[0])
    try:
        answer = deliver(org, batch, channel)
    except PolicyUnavailable as exc:
        return _error(503, f"the organisation's policy cannot be used: {exc}")
    if not batch.mentions:
        errors = answer["errors"]
        return _error(400, errors[0] if len(errors) == 1 else "no mention could be read", **answer)
    return JsonResponse(answer)


receive.required_permission = "webhook token"  # checked by hooks.authenticate, not by a session


@requires_inbox(roles.MANAGE_INBOX)
def tokens(request: HttpRequest) -> HttpResponse:
    made = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, _("Give the token a name (what will use it)."))
            return redirect("inbox:tokens")
        row, made = hooks.make_token(request.org, name, request.user)
    return render(request, "inbox/tokens.html", {
        "tokens": WebhookToken.objects.filter(org=request.org), "made": made,
        "endpoint": request.build_absolute_uri(f"/inbox/hooks/{request.org.slug}/"),
        "signature_header": hooks.SIGNATURE_HEADER,
    })


@require_POST
@requires_inbox(roles.MANAGE_INBOX)
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    hooks.revoke(in_org(request, WebhookToken, pk=pk), request.user)
    messages.success(request, _("Token revoked."))
    return redirect("inbox:tokens")


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def _too_large(size: int) -> JsonResponse:
    return _error(413, f"body is too large ({size:,} bytes; the limit is {MAX_BODY_BYTES:,})")


def _error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)

"""`POST /api/check`: the verdict on a post under the organisation's current policy, as `socialguard check`
gives it. The author and role are the token owner's (as on the compose page), never the caller's say-so.
Checking changes nothing, so it is not an audit event (like the compose page's live check)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from socialguard.orgs import roles
from socialguard.workflow.checking import check_text, core_post

from .auth import grant
from .schemas import CheckIn, CheckResult, ErrorOut
from .tokens import CHECK

router = Router(tags=["check"])


@router.post("/check", response={200: CheckResult, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut,
                                 422: ErrorOut, 503: ErrorOut})
def check(request: HttpRequest, body: CheckIn) -> dict[str, Any]:
    """Check a post; the result has the shape of a `socialguard check --format json` record."""
    grant(request, CHECK, roles.COMPOSE)
    post = core_post(text=body.text, account_kind=body.account, account_handle=body.account_handle or "",
                     platform=body.platform, membership=request.membership,
                     in_reply_to_topic=body.in_reply_to_topic or "", links=body.links, media=body.media,
                     lang=body.lang)
    return check_text(request.org, post, version_id=request.policy_version_id).record(body.id)

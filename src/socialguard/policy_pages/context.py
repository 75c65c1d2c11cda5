"""Template context for every page: the policy version the signed-in person still has to acknowledge, if any.

`base.html` shows it as a banner on every page until it is acknowledged (the banner links to the document,
where the acknowledgement form is; nothing is blocked, so signing out and reading always work).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from socialguard.orgs.access import current_membership

from .acknowledgement import pending_for


def acknowledgement_context(request: HttpRequest) -> dict[str, Any]:
    membership = current_membership(request)
    if membership is None:
        return {}
    return {"acknowledgement_pending": pending_for(request.user, membership.org)}

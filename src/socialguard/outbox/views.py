"""Deleting a published post from the networks, from its page (the author or someone with `publish`). The
post's deliveries are shown on that page (`outbox/_deliveries.html`, included by the workflow's template);
retrying and rescheduling them are the calendar's actions (`calendar_views`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.access import in_org, requires
from socialguard.workflow.models import PostDraft

from . import deleting, scheduling


@require_POST
@requires(roles.COMPOSE)
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete the author's published post (anyone's with `publish`) from every network it went out to."""
    post = in_org(request, PostDraft, pk=pk)
    if post.author_id != request.user.pk and not request.membership.can(roles.PUBLISH):
        raise PermissionDenied(roles.PUBLISH)
    try:
        errors = deleting.delete_published(post, request.membership)
    except scheduling.OutboxError as exc:
        messages.error(request, str(exc))
    else:
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, _("The post was deleted from the networks."))
    return redirect("workflow:detail", pk=post.pk)

"""Compose pages: a new post, editing one's own post, and the live check that HTMX calls while typing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.access import in_org, requires
from socialguard.orgs.policies import PolicyUnavailable, current_policy
from socialguard.workflow import actions
from socialguard.workflow.checking import check_text, core_post
from socialguard.workflow.highlight import pieces
from socialguard.workflow.models import PostDraft

from .forms import ComposeForm, initial_for

SUBMIT = "submit"


@requires(roles.COMPOSE)
def new(request: HttpRequest) -> HttpResponse:
    policy = current_policy(request.org)[1]
    form = ComposeForm(request.POST or None, policy=policy)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "compose/compose.html", {"form": form}, status=400)
        post = actions.create_draft(request.membership, **form.target(), text=form.cleaned_data["text"],
                                    scheduled_at=form.cleaned_data["scheduled_at"])
        return _after_save(request, post)
    return render(request, "compose/compose.html", {"form": form})


@requires(roles.COMPOSE)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = in_org(request, PostDraft, pk=pk, author=request.user)
    policy = current_policy(request.org)[1]
    form = ComposeForm(request.POST or None, policy=policy, initial=initial_for(post))
    context = {"form": form, "post": post}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "compose/compose.html", context, status=400)
        try:
            actions.edit(post, request.user, **form.target(), text=form.cleaned_data["text"],
                         scheduled_at=form.cleaned_data["scheduled_at"])
        except actions.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("workflow:detail", pk=post.pk)
        post.refresh_from_db()
        return _after_save(request, post)
    return render(request, "compose/compose.html", context)


@require_POST
@requires(roles.COMPOSE)
def check(request: HttpRequest) -> HttpResponse:
    """The findings partial for the text being written (HTMX target)."""
    policy = current_policy(request.org)[1]
    form = ComposeForm(request.POST, policy=policy)
    if not form.is_valid():
        errors = [e for field in ("text", "account", "platform") for e in form.errors.get(field, [])]
        return render(request, "compose/_findings.html", {"errors": errors})
    post = core_post(text=form.cleaned_data["text"], membership=request.membership, **form.target())
    verdict = check_text(request.org, post)
    return render(request, "compose/_findings.html", {
        "verdict": verdict, "pieces": pieces(post.text, verdict.findings), "findings": verdict.findings,
    })


def _after_save(request: HttpRequest, post: PostDraft) -> HttpResponse:
    if request.POST.get("action") == SUBMIT and post.state in actions.SUBMITTABLE:
        try:
            verdict = actions.submit(post, request.user)
        except (actions.WorkflowError, PolicyUnavailable) as exc:
            messages.error(request, str(exc))
        else:
            if verdict.outcome.value == "blocked":
                messages.error(request, _("The post is blocked by the findings below: fix them, "
                                          "or ask for an exception."))
    return redirect("workflow:detail", pk=post.pk)

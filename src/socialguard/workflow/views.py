"""Workflow pages: my posts, a post with its findings, images, reviewers' notes and history, the actions on it
(submit, decide, publish, exceptions asked and answered, copy into a new draft), and the outside approver's page
reached by a signed link (no account). The approvals queue is in `queue_views`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialguard.orgs import roles
from socialguard.orgs.access import in_org, requires

from . import actions, exception_requests, routing
from .checking import findings_of
from .highlight import pieces
from .history import history, review_notes
from .media import path_of
from .models import Decision, ExceptionRequest, PostDraft, PostMedia, State
from .outside import LinkExpired, LinkInvalid, invite_from
from .review import what_next

PAGE_SIZE = 30


@requires(roles.COMPOSE)
def mine(request: HttpRequest) -> HttpResponse:
    posts = PostDraft.objects.filter(org=request.org, author=request.user).order_by("-updated_at")
    page = Paginator(posts.select_related("author"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workflow/queue.html", {"page": page, "queue": "mine"})


@requires(roles.COMPOSE)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = _visible_post(request, pk)
    findings = findings_of(post.verdict)
    step = routing.current_step(post) if post.state == State.PENDING else None
    can_decide = bool(step and request.membership.can(roles.APPROVE) and routing.can_sign(request.user, post, step)
                      and not post.decisions.filter(round=post.round, step=step, user=request.user).exists())
    is_author = post.author_id == request.user.pk
    requests = list(post.exception_requests.select_related("requested_by", "answered_by"))
    asked = {r.rule for r in requests if r.answer == ExceptionRequest.Answer.OPEN}
    exceptable = exception_requests.exceptable_rules(post) if post.state in actions.SUBMITTABLE else []
    return render(request, "workflow/detail.html", {
        "post": post, "findings": findings, "pieces": pieces(post.text, findings), "step": step,
        "steps": routing.steps_of(post), "can_decide": can_decide,
        "decisions": post.decisions.filter(round=post.round).select_related("user", "step__team"),
        "history": history(post), "notes": review_notes(post), "copies": post.copies.filter(author=request.user),
        "media": post.media.all(), "is_author": is_author,
        "can_edit": post.state in actions.EDITABLE, "can_submit": post.state in actions.SUBMITTABLE,
        "can_copy": is_author and post.state in actions.COPYABLE,
        "askable": [f for f in findings if is_author and f.rule in exceptable and f.rule not in asked
                    and not f.suppressed],
        "open_requests": [r for r in requests if r.answer == ExceptionRequest.Answer.OPEN],
    })


@requires(roles.COMPOSE)
def media(request: HttpRequest, pk: int) -> HttpResponse:
    """An image of a post, for whoever may see the post (its author, or anyone with the queue permission)."""
    item = get_object_or_404(PostMedia.objects.select_related("post"), pk=pk, post__org=request.org)
    if item.post.author_id != request.user.pk and not request.membership.can(roles.VIEW_QUEUE):
        raise PermissionDenied("view_queue")
    path = path_of(item)
    if not path.is_file():
        raise Http404(item.name)
    response = FileResponse(path.open("rb"), content_type=item.mime)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@requires(roles.COMPOSE)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    post = in_org(request, PostDraft, pk=pk, author=request.user)
    return _act(request, post, lambda: actions.submit(post, request.user))


@require_POST
@requires(roles.APPROVE)
def decide(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    post = in_org(request, PostDraft, pk=pk)
    if kind not in Decision.Kind.values:
        return HttpResponse(_("Unknown decision."), status=400, content_type="text/plain")
    try:
        decision = actions.decide(post, kind, request.POST.get("note", ""), user=request.user)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, what_next(post, decision))
    return redirect("workflow:detail", pk=post.pk)


@require_POST
@requires(roles.COMPOSE)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The author publishes their approved post; someone with `publish` anyone's (without seeing the queues)."""
    post = in_org(request, PostDraft, pk=pk)
    if post.author_id != request.user.pk and not request.membership.can(roles.PUBLISH):
        raise PermissionDenied(roles.PUBLISH)
    return _act(request, post, lambda: actions.publish(post, request.membership))


@require_POST
@requires(roles.GRANT_EXCEPTION)
def exception(request: HttpRequest, pk: int) -> HttpResponse:
    post = in_org(request, PostDraft, pk=pk)
    rule, reason = request.POST.get("rule", ""), request.POST.get("reason", "")
    return _act(request, post, lambda: actions.grant_exception(post, request.user, rule, reason))


@require_POST
@requires(roles.COMPOSE)
def ask_exception(request: HttpRequest, pk: int) -> HttpResponse:
    """The author asks for an exception to a rule that blocks their draft."""
    post = in_org(request, PostDraft, pk=pk, author=request.user)
    rule, reason = request.POST.get("rule", ""), request.POST.get("reason", "")
    return _act(request, post, lambda: exception_requests.ask(post, request.user, rule, reason),
                _("Your request for an exception to rule %(rule)s was sent. You will get an e-mail with the "
                  "answer.") % {"rule": rule[:120]})


@require_POST
@requires(roles.GRANT_EXCEPTION)
def answer_exception(request: HttpRequest, pk: int) -> HttpResponse:
    """Grant or refuse (with a note) an author's request for an exception."""
    asked = get_object_or_404(ExceptionRequest.objects.select_related("post"), post__org=request.org, pk=pk)
    grant = request.POST.get("answer") == "grant"
    if not grant and request.POST.get("answer") != "refuse":
        return HttpResponse(_("Unknown answer."), status=400, content_type="text/plain")
    done = (_("Exception to rule %(rule)s granted; post %(pk)s was checked again.") if grant
            else _("Exception to rule %(rule)s refused; the author was told why."))
    return _act(request, asked.post,
                lambda: exception_requests.answer(asked, request.user, grant=grant, note=request.POST.get("note", "")),
                done % {"rule": asked.rule, "pk": asked.post.pk})


@require_POST
@requires(roles.COMPOSE)
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    """The author copies their rejected or expired post into a new draft, and edits it."""
    post = in_org(request, PostDraft, pk=pk, author=request.user)
    try:
        new = actions.copy_to_draft(post, request.membership)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("workflow:detail", pk=post.pk)
    messages.success(request, _("Post %(old)s was copied into the new draft %(new)s: change it and submit it.")
                     % {"old": post.pk, "new": new.pk})
    return redirect("compose:edit", pk=new.pk)


@require_POST
@requires(roles.INVITE_OUTSIDE)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    post = in_org(request, PostDraft, pk=pk)
    email = request.POST.get("email", "").strip()
    try:
        validate_email(email)
    except ValidationError:
        messages.error(request, _("Enter a valid e-mail address."))
        return redirect("workflow:detail", pk=post.pk)
    return _act(request, post, lambda: actions.invite_outside(post, request.user, email),
                _("An approval link was sent to %(email)s.") % {"email": email})


def outside(request: HttpRequest, token: str) -> HttpResponse:
    """The page an outside approver reaches from their e-mail: see the post, approve or reject it."""
    try:
        invite = invite_from(token)
    except LinkExpired:
        return render(request, "workflow/outside.html", {"error": _("This link has expired.")}, status=410)
    except LinkInvalid:
        return render(request, "workflow/outside.html", {"error": _("This link is not valid.")}, status=404)
    post = invite.post
    findings = findings_of(post.verdict)
    context = {"post": post, "invite": invite, "pieces": pieces(post.text, findings), "findings": findings}
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in (Decision.Kind.APPROVE, Decision.Kind.REJECT):
            return HttpResponse(_("Unknown decision."), status=400, content_type="text/plain")
        try:
            actions.decide(post, kind, request.POST.get("note", ""), invite=invite)
        except actions.WorkflowError as exc:
            context["error"] = str(exc)
            return render(request, "workflow/outside.html", context, status=409)
        context["done"] = kind
    elif Decision.objects.filter(post=post, round=invite.round, step=invite.step, outside_email=invite.email).exists():
        context["done"] = "already"
    return render(request, "workflow/outside.html", context)


def _visible_post(request: HttpRequest, pk: int) -> PostDraft:
    """A post of the current organisation that this person may see: their own, or any with the queue permission."""
    post = in_org(request, PostDraft.objects.select_related("author", "workflow", "policy_version"), pk=pk)
    if post.author_id != request.user.pk and not request.membership.can(roles.VIEW_QUEUE):
        raise PermissionDenied("view_queue")
    return post


def _act(request: HttpRequest, post: PostDraft, action, success: str | None = None) -> HttpResponse:
    try:
        action()
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("workflow:detail", pk=post.pk)
    if success:
        messages.success(request, success)
    return redirect("workflow:detail", pk=post.pk)

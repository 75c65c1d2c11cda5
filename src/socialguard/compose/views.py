"""Compose pages: a new post, editing one's own post, and the live check that HTMX calls while typing (the
verdict, the counter for the chosen network and the preview)."""

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
from socialguard.workflow.checking import check_text, core_post, length_on
from socialguard.workflow.highlight import pieces
from socialguard.workflow.history import review_notes
from socialguard.workflow.media import MAX_MEDIA
from socialguard.workflow.models import PostDraft

from .forms import ComposeForm, MediaSlot, initial_for, media_sent, media_slots
from .preview import preview

SUBMIT = "submit"


@requires(roles.COMPOSE)
def new(request: HttpRequest) -> HttpResponse:
    policy = current_policy(request.org)[1]
    form = ComposeForm(request.POST or None, policy=policy)
    slots = media_slots(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not _valid(form, slots):
            return _page(request, form, slots, policy, status=400)
        post = actions.create_draft(request.membership, **form.target(), text=form.cleaned_data["text"],
                                    scheduled_at=form.cleaned_data["scheduled_at"], media=_attachments(slots))
        return _after_save(request, post)
    return _page(request, form, slots, policy)


@requires(roles.COMPOSE)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = in_org(request, PostDraft, pk=pk, author=request.user)
    policy = current_policy(request.org)[1]
    form = ComposeForm(request.POST or None, policy=policy, initial=initial_for(post))
    slots = media_slots(request.POST or None, request.FILES or None, post)
    if request.method == "POST":
        if not _valid(form, slots):
            return _page(request, form, slots, policy, post=post, status=400)
        media = _attachments(slots) if media_sent(request.POST) else None
        try:
            actions.edit(post, request.user, **form.target(), text=form.cleaned_data["text"],
                         scheduled_at=form.cleaned_data["scheduled_at"], media=media)
        except actions.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("workflow:detail", pk=post.pk)
        post.refresh_from_db()
        return _after_save(request, post)
    return _page(request, form, slots, policy, post=post)


@require_POST
@requires(roles.COMPOSE)
def check(request: HttpRequest) -> HttpResponse:
    """The verdict, counter and preview of the post being written (HTMX target). An empty text gets a hint,
    not an error: nothing was submitted yet."""
    policy = current_policy(request.org)[1]
    form = ComposeForm(request.POST, policy=policy)
    slots = media_slots(request.POST, None, _own_post(request))
    if not request.POST.get("text", "").strip():
        return render(request, "compose/_findings.html", {
            "empty": True, "length": length_on(policy, "", _platform(form, None)), "oob": True})
    if not _valid(form, slots):
        errors = [e for field in ("text", "account", "platform") for e in form.errors.get(field, [])]
        errors += [e for slot in slots for errs in slot.errors.values() for e in errs]
        return render(request, "compose/_findings.html", {"errors": errors})
    target, text = form.target(), form.cleaned_data["text"]
    post = core_post(text=text, membership=request.membership, **target,
                     media=[slot.engine_media() for slot in slots if slot.used])
    verdict = check_text(request.org, post)
    return render(request, "compose/_findings.html", {
        "verdict": verdict, "pieces": pieces(post.text, verdict.findings), "findings": verdict.findings,
        "preview": preview(policy, request.membership, target, text, slots), "oob": True,
    })


def _own_post(request: HttpRequest) -> PostDraft | None:
    """The author's post being edited (the live check knows its saved images), or None for a new one."""
    pk = request.POST.get("post", "")
    return PostDraft.objects.filter(org=request.org, author=request.user, pk=pk).first() if pk.isdigit() else None


def _valid(form: ComposeForm, slots: list[MediaSlot]) -> bool:
    return all([form.is_valid(), *(slot.is_valid() for slot in slots)])


def _attachments(slots: list[MediaSlot]):
    return [a for a in (slot.attachment() for slot in slots) if a is not None]


def _page(request: HttpRequest, form: ComposeForm, slots: list[MediaSlot], policy, *, post: PostDraft | None = None,
          status: int = 200) -> HttpResponse:
    text = form.data.get("text", "") if form.is_bound else form.initial.get("text", "")
    return render(request, "compose/compose.html", {
        "form": form, "slots": slots, "post": post, "max_media": MAX_MEDIA,
        "length": length_on(policy, text, _platform(form, post)), "notes": review_notes(post) if post else [],
    }, status=status)


def _platform(form: ComposeForm, post: PostDraft | None) -> str:
    """The network the form is for, before it is validated: the brand account's, else the one chosen."""
    if not form.is_bound:
        return post.platform if post else form.fields["platform"].initial
    account = form.data.get("account", "")
    if account.startswith("brand|") and account.count("|") >= 2:
        return account.split("|", 2)[1]
    return form.data.get("platform") or "generic"


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

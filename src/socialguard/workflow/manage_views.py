"""The workflow settings page: list the organisation's workflows with their steps; add workflows; add, edit,
reorder (up/down) and remove steps.

Reordering or removing a step would change the step that posts already waiting in the workflow are at, so it is
refused while any post waits there. The last step of an active workflow cannot be removed. A step someone has
signed off (or was invited to) is kept, inactive, because the posts' history names it; other steps are deleted.
Every change is a `workflow_change` audit event.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from socialguard.audit.chain import actor_label, record
from socialguard.orgs import roles
from socialguard.orgs.access import in_org, requires

from .forms import StepForm, WorkflowForm
from .models import PostDraft, State, Workflow, WorkflowStep


@requires(roles.MANAGE_WORKFLOWS)
def workflows(request: HttpRequest) -> HttpResponse:
    form = WorkflowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            workflow = form.save(commit=False)
            workflow.org = request.org
            workflow.save()
            record(request.org, "workflow_change", actor=actor_label(request.user), obj=workflow,
                   data={"name": workflow.name, "account": workflow.account_handle, "outcomes": workflow.outcomes})
        return redirect("workflow:workflows")
    return render(request, "workflow/workflows.html", _context(request, form, StepForm(org=request.org)),
                  status=400 if form.errors else 200)


@require_POST
@requires(roles.MANAGE_WORKFLOWS)
def add_step(request: HttpRequest, pk: int) -> HttpResponse:
    workflow = in_org(request, Workflow, pk=pk)
    form = StepForm(request.POST, org=request.org)
    if not form.is_valid():
        return render(request, "workflow/workflows.html", _context(request, WorkflowForm(), form, workflow), status=400)
    with transaction.atomic():
        step = form.save(commit=False)
        step.workflow = workflow
        step.order = (workflow.steps.aggregate(last=Max("order"))["last"] or 0) + 1
        step.save()
        record(request.org, "workflow_change", actor=actor_label(request.user), obj=workflow,
               data={"step": step.order, "assignee": step.assignee, "sign_off": step.sign_off})
    return redirect("workflow:workflows")


@requires(roles.MANAGE_WORKFLOWS)
def edit_step(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk)
    form = StepForm(request.POST or None, instance=step, org=request.org)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            _audit(request, step, "edit")
        messages.success(request, _("Step %(step)s saved.") % {"step": step.label})
        return redirect("workflow:workflows")
    return render(request, "workflow/step_edit.html", {"step": step, "form": form},
                  status=400 if form.errors else 200)


@require_POST
@requires(roles.MANAGE_WORKFLOWS)
def move_step(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    if direction not in ("up", "down"):
        raise Http404(direction)
    with transaction.atomic():
        step = _step(request, pk, lock=True)
        if _refused_while_waiting(request, step.workflow):
            return redirect("workflow:workflows")
        steps = list(step.workflow.steps.filter(active=True).order_by("order"))
        index = steps.index(step) + (-1 if direction == "up" else 1)
        if 0 <= index < len(steps):
            other = steps[index]
            first, second = step.order, other.order
            step.order = (step.workflow.steps.aggregate(last=Max("order"))["last"] or 0) + 1  # unique orders
            step.save(update_fields=["order"])
            other.order = first
            other.save(update_fields=["order"])
            step.order = second
            step.save(update_fields=["order"])
            _audit(request, step, "move")
    return redirect("workflow:workflows")


@require_POST
@requires(roles.MANAGE_WORKFLOWS)
def remove_step(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        step = _step(request, pk, lock=True)
        workflow = step.workflow
        if workflow.active and workflow.steps.filter(active=True).count() == 1:
            messages.error(request, _("%(step)s is the only step of %(workflow)s, an active workflow: add another "
                                      "step first.") % {"step": step.label, "workflow": workflow.name})
            return redirect("workflow:workflows")
        if _refused_while_waiting(request, workflow):
            return redirect("workflow:workflows")
        _audit(request, step, "remove")
        if step.decision_set.exists() or step.outsideinvite_set.exists():
            step.active = False
            step.save(update_fields=["active"])
            messages.success(request, _("Step %(step)s was removed from %(workflow)s. Posts it signed off still "
                                        "show it in their history.") % {"step": step.label, "workflow": workflow.name})
        else:
            step.delete()
            messages.success(request, _("Step %(step)s was removed from %(workflow)s.")
                             % {"step": step.label, "workflow": workflow.name})
    return redirect("workflow:workflows")


def _step(request: HttpRequest, pk: int, *, lock: bool = False) -> WorkflowStep:
    steps = WorkflowStep.objects.select_related("workflow", "team")
    if lock:
        steps = steps.select_for_update(of=("self",))
    return get_object_or_404(steps, pk=pk, active=True, workflow__org=request.org)


def _refused_while_waiting(request: HttpRequest, workflow: Workflow) -> bool:
    """True (with a message saying why) when posts wait in `workflow`, so its steps cannot change places."""
    waiting = PostDraft.objects.filter(workflow=workflow, state=State.PENDING).count()
    if waiting:
        messages.error(request, ngettext(
            "%(count)d post is waiting in %(workflow)s: approve, reject or send it back before reordering or "
            "removing its steps.",
            "%(count)d posts are waiting in %(workflow)s: approve, reject or send them back before reordering or "
            "removing its steps.", waiting) % {"count": waiting, "workflow": workflow.name})
    return bool(waiting)


def _audit(request: HttpRequest, step: WorkflowStep, change: str) -> None:
    record(request.org, "workflow_change", actor=actor_label(request.user), obj=step.workflow,
           data={"change": change, "step": step.pk, "order": step.order, "name": step.name,
                 "assignee": step.assignee, "sign_off": step.sign_off})


def _context(request: HttpRequest, form, step_form, failed=None) -> dict:
    return {
        "workflows": Workflow.objects.filter(org=request.org)
        .annotate(waiting=Count("postdraft", filter=Q(postdraft__state=State.PENDING)))
        .prefetch_related(Prefetch("steps", queryset=WorkflowStep.objects.filter(active=True).select_related("team"))),
        "form": form, "step_form": step_form, "failed": failed,
    }

"""The workflow settings page: list the organisation's workflows with their steps, add workflows and steps."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from socialguard.audit.chain import actor_label, record
from socialguard.orgs import roles
from socialguard.orgs.access import in_org, requires

from .forms import StepForm, WorkflowForm
from .models import Workflow


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


def _context(request: HttpRequest, form, step_form, failed=None) -> dict:
    return {
        "workflows": Workflow.objects.filter(org=request.org).prefetch_related("steps__team"),
        "form": form, "step_form": step_form, "failed": failed,
    }

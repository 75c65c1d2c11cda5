"""Forms of the workflow pages: a workflow (which posts) and a step (who signs off, Any/All) on the settings page,
and the approvals queue's search, filters and sort."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socialguard.model import Outcome
from socialguard.orgs.models import Membership

from . import queue
from .models import Workflow, WorkflowStep

OUTCOME_LABELS = {
    Outcome.ok: _("OK"), Outcome.ok_with_warnings: _("OK with warnings"),
    Outcome.needs_approval: _("Needs approval"), Outcome.blocked: _("Blocked"),
}


class WorkflowForm(forms.ModelForm):
    outcomes = forms.MultipleChoiceField(
        label=_("Verdict outcomes (none: every outcome)"), required=False,
        choices=[(o.value, OUTCOME_LABELS[o]) for o in Outcome], widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Workflow
        fields = ["name", "account_handle", "outcomes", "position"]


class StepForm(forms.ModelForm):
    class Meta:
        model = WorkflowStep
        fields = ["name", "team", "role", "sign_off"]

    def __init__(self, *args, org, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = org.teams.all()

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("team")) == bool(data.get("role")):
            raise forms.ValidationError(_("Assign the step to a team or to a role (one of the two)."))
        return data


class QueueFilterForm(forms.Form):
    """The approvals queue's search, filters and sort (GET); choices are the organisation's own."""

    q = forms.CharField(label=_("Search the text"), required=False, max_length=200)
    account = forms.ChoiceField(label=_("Account"), required=False)
    author = forms.ChoiceField(label=_("Author"), required=False)
    outcome = forms.ChoiceField(label=_("Verdict"), required=False)
    step = forms.TypedChoiceField(label=_("Step"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[
        ("oldest", _("Oldest first")), ("scheduled", _("Scheduled time")), ("newest", _("Newest first"))])

    def __init__(self, data, *, membership: Membership, brand_handles: list[str]) -> None:
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["account"].choices = every + [(queue.PERSONAL, _("Personal accounts"))] + [
            (handle, handle) for handle in brand_handles]
        authors = membership.org.memberships.select_related("user").order_by("user__username")
        self.fields["author"].choices = every + [(m.user.username, m.user.username) for m in authors]
        self.fields["outcome"].choices = every + [(o.value, OUTCOME_LABELS[o]) for o in Outcome
                                                  if o != Outcome.blocked]
        steps = (WorkflowStep.objects.filter(workflow__org=membership.org, workflow__active=True, active=True)
                 .select_related("workflow", "team").order_by("workflow__position", "workflow_id", "order"))
        self.fields["step"].choices = every + [(s.pk, f"{s.workflow.name}: {s.label}") for s in steps]

    def filters(self) -> dict:
        """The valid filters (an invalid field is left out; its error is shown next to it)."""
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


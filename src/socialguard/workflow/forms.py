"""Forms of the workflow settings page: a workflow (which posts) and a step (who signs off, Any/All)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socialguard.model import Outcome

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

"""Forms of the organisation pages."""

from django import forms

from .models import Organisation


class OrganisationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "webhook_url"]

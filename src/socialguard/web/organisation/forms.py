"""Forms of the organisation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from socialguard.orgs.models import Organisation


class OrganisationSettingsForm(forms.ModelForm):
    webhook_url = forms.URLField(
        label=_("Notification webhook"), required=False, assume_scheme="https",
        help_text=_('Slack or Teams incoming webhook; receives {"text": ...}'),
    )

    class Meta:
        model = Organisation
        fields = ["name", "webhook_url"]

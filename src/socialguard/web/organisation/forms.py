"""Forms of the organisation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from socialguard.orgs.models import ROLE_CHOICES, Organisation


class OrganisationSettingsForm(forms.ModelForm):
    webhook_url = forms.URLField(
        label=_("Notification webhook"), required=False, assume_scheme="https",
        help_text=_('Slack or Teams incoming webhook; receives {"text": ...}'),
    )

    class Meta:
        model = Organisation
        fields = ["name", "webhook_url"]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

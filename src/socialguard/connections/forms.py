"""The form that connects a brand account. The credential field is write-only: never rendered back."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NETWORK_CHOICES


class ConnectForm(forms.Form):
    account = forms.ChoiceField(label=_("Brand account"))
    network = forms.ChoiceField(label=_("Publish through"), choices=NETWORK_CHOICES)
    service = forms.URLField(label=_("Server"), max_length=500, assume_scheme="https",
                             help_text=_("Bluesky: your PDS, e.g. https://bsky.social. Mastodon: your instance. "
                                         "Webhook: the URL that receives the posts."))
    login = forms.CharField(label=_("Login"), max_length=200, required=False,
                            help_text=_("Bluesky: the handle or DID to log in as."))
    secret = forms.CharField(label=_("Credential"), max_length=2000, strip=True,
                             widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                             help_text=_("Bluesky: an app password. Mastodon: an access token. Webhook: the "
                                         "signing secret. Stored encrypted; never shown again."))

    def __init__(self, *args, accounts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [(f"{a.platform}|{a.handle}", f"{a.platform} {a.handle}") for a in accounts]

    def clean(self):
        data = super().clean()
        if data.get("network") == "bluesky" and not data.get("login"):
            self.add_error("login", _("Bluesky needs the handle or DID to log in as."))
        return data

"""The compose form: which account (a brand account from the policy, or one's personal account), the
platform, the text and an optional scheduled time."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialguard.model import PLATFORMS
from socialguard.policy import Policy

PERSONAL = "personal"


def account_choices(policy: Policy) -> list[tuple[str, str]]:
    brand = [(f"brand|{a.platform}|{a.handle}", f"{a.handle} ({a.platform})") for a in policy.brand_accounts]
    return [(PERSONAL, str(gettext_lazy("My personal account")))] + brand


class ComposeForm(forms.Form):
    account = forms.ChoiceField(label=gettext_lazy("Account"))
    platform = forms.ChoiceField(label=gettext_lazy("Platform"), choices=[(p, p) for p in PLATFORMS],
                                 initial="linkedin")
    text = forms.CharField(label=gettext_lazy("Post"), widget=forms.Textarea(attrs={"rows": 8}), strip=False)
    scheduled_at = forms.DateTimeField(
        label=gettext_lazy("Scheduled for"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, policy: Policy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = account_choices(policy)
        self.fields["text"].widget.attrs["data-limit"] = settings.SOCIALGUARD_MAX_POST_CHARS

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        limit = settings.SOCIALGUARD_MAX_POST_CHARS
        if len(text) > limit:
            message = _("The post is %(length)s characters long; the limit is %(limit)s.")
            raise forms.ValidationError(message % {"length": len(text), "limit": limit})
        if not text.strip():
            raise forms.ValidationError(_("Write the post first."))
        return text

    def target(self) -> dict[str, str]:
        """account_kind, account_handle and platform chosen (a brand account fixes its own platform)."""
        account = self.cleaned_data["account"]
        if account == PERSONAL:
            return {"account_kind": "personal", "account_handle": "", "platform": self.cleaned_data["platform"]}
        _kind, platform, handle = account.split("|", 2)
        return {"account_kind": "brand", "account_handle": handle, "platform": platform}


def initial_for(post) -> dict:
    account = PERSONAL if post.account_kind == "personal" else f"brand|{post.platform}|{post.account_handle}"
    return {"account": account, "platform": post.platform, "text": post.text, "scheduled_at": post.scheduled_at}

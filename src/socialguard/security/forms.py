"""Forms of the security pages: a registry entry (with its access list written as text), a CSV import,
starting an incident, recording a step, closing, and the password check (never re-displayed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from .models import BrandAccountEntry
from .registry import MAX_CSV_BYTES, RegisteredAccount, format_access, parse_access


class AccountForm(forms.ModelForm):
    access_text = forms.CharField(
        label=_("Access"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by ';': Name (own_login | shared_credential | api_token"
                    "[, left | changed_role]), or Tool (tool, api_token)."),
    )

    class Meta:
        model = BrandAccountEntry
        fields = ["platform", "handle", "url", "owner", "two_factor", "last_rotation", "recovery_email",
                  "recovery_email_owner", "recovery_phone", "recovery_phone_owner"]
        widgets = {"last_rotation": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, org: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        if self.instance.pk and not self.is_bound:
            grants = self.instance.to_account().access
            self.initial["access_text"] = format_access(grants).replace("; ", "\n")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            access = parse_access(data.get("access_text", "").replace("\n", ";"))
        except ValueError as exc:
            self.add_error("access_text", str(exc))
            return data
        values = {k: v for k, v in data.items() if k != "access_text" and v not in ("", None)}
        try:
            self.account = RegisteredAccount.model_validate({**values, "access": access})
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else None
                text = error["msg"].removeprefix("Value error, ")
                self.add_error(field if field in self.fields else ("access_text" if field == "access" else None), text)
            return data
        duplicates = BrandAccountEntry.objects.filter(
            org=self.org, platform=self.account.platform, handle__iexact=self.account.handle
        ).exclude(pk=self.instance.pk)
        if duplicates.exists():
            self.add_error("handle", _("This account is already in the registry."))
        return data

    def values(self) -> dict[str, Any]:
        return BrandAccountEntry.fields_of(self.account)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Registry (CSV)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is too large for a registry."))
        return upload


class StartIncidentForm(forms.Form):
    runbook = forms.ChoiceField(label=_("Runbook"))
    title = forms.CharField(label=_("What happened"), max_length=300)
    personal_data = forms.BooleanField(label=_("Personal data may be involved"), required=False)

    def __init__(self, *args: Any, runbooks: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["runbook"].choices = sorted(runbooks.items(), key=lambda item: item[1])


class StepForm(forms.Form):
    step = forms.CharField(max_length=60)
    outcome = forms.ChoiceField(choices=[("complete", _("Done")), ("skip", _("Skip"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), max_length=1024, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

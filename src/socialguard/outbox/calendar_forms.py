"""The calendar's forms: which deliveries to show (account, author, state, the day to start from) and a new
time for a post (in the reader's time zone; a time that does not exist or occurs twice there is refused)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialguard.orgs.models import Organisation

from .models import DeliveryState

DAY_FORMAT = "%Y-%m-%d"
MOMENT_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


class CalendarFilter(forms.Form):
    account = forms.TypedChoiceField(label=_("Account"), required=False, coerce=int, empty_value=None)
    author = forms.TypedChoiceField(label=_("Author"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("State"), required=False)
    day = forms.DateField(label=_("From"), required=False, input_formats=[DAY_FORMAT],
                          widget=forms.DateInput(attrs={"type": "date"}, format=DAY_FORMAT))

    def __init__(self, *args, org: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        connections = org.connections.order_by("account_platform", "account_handle", "connected_at")
        self.fields["account"].choices = [("", _("Every account"))] + [
            (c.pk, f"{c.account_handle} ({c.account_platform})") for c in connections]
        members = org.memberships.select_related("user").order_by("user__username")
        self.fields["author"].choices = [("", _("Every author"))] + [
            (m.user_id, m.user.get_username()) for m in members]
        self.fields["state"].choices = [("", _("Every state"))] + list(DeliveryState.choices)

    def apply(self, deliveries: QuerySet) -> QuerySet:
        """`deliveries` narrowed to what the (valid) form asks for."""
        data = self.cleaned_data
        if data.get("account"):
            deliveries = deliveries.filter(connection_id=data["account"])
        if data.get("author"):
            deliveries = deliveries.filter(post__author_id=data["author"])
        if data.get("state"):
            deliveries = deliveries.filter(state=data["state"])
        return deliveries


class RescheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("New time"), input_formats=[MOMENT_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MOMENT_FORMAT),
    )

    def clean_scheduled_at(self):
        moment = self.cleaned_data["scheduled_at"]
        if moment <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return moment

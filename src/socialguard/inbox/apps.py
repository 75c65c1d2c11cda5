"""Django app config of `socialguard.inbox` (the pure modules beside it import no Django)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "socialguard.inbox"
    label = "inbox"
    verbose_name = _("Listening inbox")

"""Django app config of `socialguard.inbox` (the pure modules beside it import no Django)."""

from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "socialguard.inbox"
    label = "inbox"
    verbose_name = "Listening inbox"

"""Django app config of `socialguard.audit`; connects the sign-in signal that records logins."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "socialguard.audit"
    label = "audit"
    verbose_name = _("Audit archive")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)

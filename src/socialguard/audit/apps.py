"""Django app config of `socialguard.audit`; connects the sign-in signal that records logins."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "socialguard.audit"
    label = "audit"
    verbose_name = "Audit archive"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)

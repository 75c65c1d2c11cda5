"""Django app config of `socialguard.rechecks`; connects the receiver that starts a re-check per new version."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RechecksConfig(AppConfig):
    name = "socialguard.rechecks"
    label = "rechecks"
    verbose_name = _("Policy re-checks")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
